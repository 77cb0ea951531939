"""kill -9 of a real bot process while Slack holds its chat.postMessage: after a restart the
conversation goes on within seconds, and the held message is in the DM exactly once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from sandbox import FakeSlack, SlackDriver
from storage import Storage
from tests.slack.helpers import Conversation, settle, start_dm_interview, wait_for_question
from tests.slack.processes import SECRET, BotProcesses

METADATA_TYPE = "interview_bot_outbox"


@pytest.fixture
async def processes(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcesses]:
    procs = BotProcesses(fake, database_url, tmp_path)
    yield procs
    await procs.close()


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Storage]:
    storage = await Storage.open(database_url)
    yield storage
    await storage.close()


def outbox_id(message: dict[str, Any]) -> int | None:
    """The outbox id a bot message carries in its metadata (as Slack stores it)."""
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != METADATA_TYPE:
        return None
    value = (metadata.get("event_payload") or {}).get("outbox_id")
    return value if isinstance(value, int) else None


@pytest.mark.parametrize("accept", [True, False], ids=["slack-has-it", "slack-never-saw-it"])
async def test_a_kill_during_a_held_post_sends_it_once_and_the_next_within_seconds(
    fake: FakeSlack, processes: BotProcesses, store: Storage, accept: bool
) -> None:
    first = await processes.start()
    async with SlackDriver(fake, app_url=first.url, signing_secret=SECRET) as slack:
        convo = Conversation(fake, slack)
        interview_id, question = await start_dm_interview(convo, "alice", "bob")
        hold = fake.hold("chat.postMessage", accept=accept)
        delivery = await slack.message(convo.id("bob"), "Grow revenue 20%")
        assert delivery.status == 200  # the answer is stored before the ack
        await hold.arrived()
        held = int(hold.args["metadata"]["event_payload"]["outbox_id"])
        await first.kill()
        hold.release()  # the answer (if any) goes to a dead process

        second = await processes.start()
        restarted = time.monotonic()
        slack.app_url = second.url
        measure = await wait_for_question(convo, "bob", interview_id, after=question["ts"])
        assert outbox_id(measure) == held
        assert (await slack.message(convo.id("bob"), "ARR")).status == 200
        following = await wait_for_question(convo, "bob", interview_id, after=measure["ts"])
        assert time.monotonic() - restarted < 5.0, "the conversation waited out a dead claim"
        await settle(store)

    posted = [outbox_id(m) for m in convo.from_bot("bob")]
    assert posted.count(held) == 1 and posted.count(outbox_id(following)) == 1
    assert len(posted) == len(set(posted)), "a message reached the stakeholder twice"
    assert set(await store.outbox_status()) == {"sent"}


@pytest.mark.postgres
async def test_a_replica_starting_beside_a_live_one_leaves_its_claim_in_flight_alone(
    fake: FakeSlack, pg_empty_url: str, tmp_path: Path
) -> None:
    procs = BotProcesses(fake, pg_empty_url, tmp_path)
    try:
        first = await procs.start()
        async with SlackDriver(fake, app_url=first.url, signing_secret=SECRET) as slack:
            convo = Conversation(fake, slack)
            interview_id, question = await start_dm_interview(convo, "alice", "bob")
            hold = fake.hold("chat.postMessage")
            assert (await slack.message(convo.id("bob"), "Grow revenue 20%")).status == 200
            await hold.arrived()
            held = int(hold.args["metadata"]["event_payload"]["outbox_id"])
            second = await procs.start()  # same host, its own pid: the first one is alive
            assert first.alive and second.alive
            await asyncio.sleep(0.5)  # time for the second one's first drain
            hold.release()
            measure = await wait_for_question(convo, "bob", interview_id, after=question["ts"])
            store = await Storage.open(pg_empty_url)
            try:
                await settle(store)
            finally:
                await store.close()
    finally:
        await procs.close()

    assert outbox_id(measure) == held
    assert [outbox_id(m) for m in convo.from_bot("bob")].count(held) == 1
    assert fake.calls("conversations.history") == [], "nobody doubted a live claim"
