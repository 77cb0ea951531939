"""20 kill -9s of a real bot process at random moments (seeded) while two stakeholders answer:
every answer is stored once, every outbox row reaches Slack exactly once, nothing is left."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import sqlalchemy as sa

from sandbox import Delivery, FakeSlack, SlackDriver, ids
from storage import Storage
from tests.slack.helpers import Conversation, message_event, settle, start_dm_interview
from tests.slack.processes import SECRET, BotProcess, BotProcesses
from tests.slack.test_crash_during_send import outbox_id

SEED = 20261202
KILLS = 20
KILL_POINTS = (
    "after a random delay",
    "during a post Slack stored",
    "during a post Slack never saw",
)


@pytest.fixture
async def processes(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcesses]:
    procs = BotProcesses(fake, database_url, tmp_path)
    yield procs
    await procs.close()


async def _deliver(slack: SlackDriver, event: dict[str, Any], event_id: str) -> int:
    """Deliver an event; 0 when the process died before answering."""
    try:
        delivery: Delivery = await slack.event(event, event_id=event_id)
    except (aiohttp.ClientError, TimeoutError):
        return 0
    return delivery.status


async def _kill_at_random(
    rng: random.Random, fake: FakeSlack, bot: BotProcess, sending: asyncio.Task[int]
) -> str:
    point = rng.choice(KILL_POINTS)
    if point == KILL_POINTS[0]:
        await asyncio.sleep(rng.uniform(0.0, 0.25))
        await bot.kill()
        return point
    hold = fake.hold("chat.postMessage", accept=point == KILL_POINTS[1])
    try:
        await hold.arrived(timeout=3.0)
    except TimeoutError:
        point = "after the answer (nothing was posted)"
    await bot.kill()
    hold.release()
    return point


async def test_twenty_random_kills_lose_nothing_and_double_nothing(
    fake: FakeSlack, processes: BotProcesses, database_url: str
) -> None:
    rng = random.Random(SEED)
    store = await Storage.open(database_url)
    bot = await processes.start()
    async with SlackDriver(fake, app_url=bot.url, signing_secret=SECRET) as slack:
        convo = Conversation(fake, slack)
        stakeholders = {
            name: (await start_dm_interview(convo, "alice", name))[0] for name in ("bob", "chandra")
        }
        sent: dict[str, list[str]] = {name: [] for name in stakeholders}
        points: list[str] = []
        for kill in range(KILLS):
            await settle(store, timeout=10.0)
            name = rng.choice(sorted(stakeholders))
            text = f"answer {kill} from {name}"
            event, event_id = message_event(fake, convo.id(name), text), ids.event_id()
            sent[name].append(text)
            sending = asyncio.create_task(_deliver(slack, event, event_id))
            points.append(await _kill_at_random(rng, fake, bot, sending))
            acked = await sending == 200
            bot = await processes.start()
            slack.app_url = bot.url
            if not acked:  # Slack retries an event it got no 2xx for
                assert await _deliver(slack, event, event_id) == 200
        await settle(store, timeout=10.0)

    assert set(points) >= set(KILL_POINTS), f"the seed missed a kill point: {points}"
    for name, interview_id in stakeholders.items():
        answers = (await store.get_interview(interview_id)).answers.values()
        assert sorted(a.text for a in answers if not a.skipped) == sorted(sent[name])
    rows = await _outbox(store)
    assert {status for _, _, status, _ in rows} == {"sent"}
    in_slack = [
        (outbox_id(m), m["ts"])
        for channel in fake.channels
        for m in fake.messages(channel)
        if m.get("bot_id")
    ]
    ids_in_slack = [oid for oid, _ in in_slack]
    assert len(ids_in_slack) == len(set(ids_in_slack)), "a message reached Slack twice"
    posts = {oid: ts for oid, method, _, ts in rows if method == "chat.postMessage"}
    assert dict(in_slack) == posts, "every post is in Slack once, under the ts the outbox holds"
    await store.close()


async def _outbox(store: Storage) -> list[tuple[int, str, str, str | None]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, method, status, slack_ts FROM outbox_message ORDER BY id")
        ).all()
    return [(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]
