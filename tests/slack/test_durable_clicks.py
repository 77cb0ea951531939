"""Clicks and modal submissions that change an interview are stored before the ack: one acked
and then killed before its listener ran is applied after the restart, and the same one delivered
twice is one effect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from storage import Storage
from tests.slack.conftest import RunningBot
from tests.slack.helpers import (
    Conversation,
    has_action,
    interview_id_of,
    new_interview_values,
    question_key_of,
    settle,
    start_dm_interview,
    wait_for_question,
)
from tests.slack.processes import SECRET, BotProcesses
from tests.slack.test_restart import StartBot


@pytest.fixture
async def processes(
    fake: FakeSlack, pg_empty_url: str, tmp_path: Path
) -> AsyncIterator[BotProcesses]:
    procs = BotProcesses(fake, pg_empty_url, tmp_path)
    yield procs
    await procs.close()


async def _waiting_on_a_lock(admin: psycopg.AsyncConnection[tuple[object, ...]]) -> bool:
    cursor = await admin.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    row = await cursor.fetchone()
    return row is not None and int(str(row[0])) > 0


@pytest.mark.postgres
async def test_a_start_click_acked_then_killed_before_it_ran_is_applied_after_restart(
    fake: FakeSlack, processes: BotProcesses, pg_empty_url: str
) -> None:
    first = await processes.start()
    async with (
        SlackDriver(fake, app_url=first.url, signing_secret=SECRET) as slack,
        await psycopg.AsyncConnection.connect(pg_empty_url, autocommit=True) as admin,
        await psycopg.AsyncConnection.connect(pg_empty_url) as locker,
    ):
        convo = Conversation(fake, slack)
        bob = convo.id("bob")
        assert (await slack.command(convo.id("alice"), f"<@{bob}|bob> pain_points")).status == 200
        invitation = await convo.wait_for_action("bob", "interview_start")
        interview_id = interview_id_of(invitation)
        # Hold the interview's row: the click is stored and acked, its listener then waits.
        await locker.execute("SELECT id FROM interview WHERE id = %s FOR UPDATE", (interview_id,))
        assert await convo.click("bob", "interview_start", invitation) == 200
        async with asyncio.timeout(10):
            while not await _waiting_on_a_lock(admin):  # noqa: ASYNC110 - another process
                await asyncio.sleep(0.02)
        await first.kill()
        await locker.rollback()

        second = await processes.start()
        slack.app_url = second.url
        question = await wait_for_question(convo, "bob", interview_id)
        store = await Storage.open(pg_empty_url)
        try:
            await settle(store)
            record = await store.get_interview(interview_id)
        finally:
            await store.close()

    assert question_key_of(question) == "goal.1" and record.status == "active"
    questions = [m for m in convo.from_bot("bob") if has_action(m, "question_skip")]
    assert len(questions) == 1, "the re-driven click started the interview once"


async def test_the_same_skip_click_delivered_twice_skips_one_question(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    assert await convo.click("bob", "question_skip", first) == 200
    again = await slack.deliver_again()
    second = await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    await settle(bot.storage)

    assert again.status == 200
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    assert [a.key for a in record.answers.values() if a.skipped] == [question_key_of(first)]
    later = [m for m in convo.from_bot("bob") if float(m["ts"]) > float(first["ts"])]
    assert later == [second]
    # Dropped before its listener: not even a "that button is spent" notice for the repeat.
    assert fake.ephemerals(user=convo.id("bob")) == []


async def test_a_stored_click_whose_process_stopped_is_run_at_the_next_start(
    fake: FakeSlack, start_bot: StartBot
) -> None:
    first: RunningBot = await start_bot()
    interview_id, question = await start_dm_interview(first.convo, "alice", "bob")
    bob = first.convo.id("bob")
    assert first.runtime.storage is not None
    await first.convo.click("bob", "question_skip", question)
    await settle(first.runtime.storage)
    skip = first.slack.last_interaction
    assert skip is not None
    await first.stop()
    # What the inbox middleware stores before the ack, for a click of a process that died next.
    second_question = first.convo.latest_with("bob", "question_skip")
    payload = dict(skip)
    payload["actions"] = [{**skip["actions"][0], "action_ts": "1796000000.000001"}]
    payload["message"] = second_question
    payload["actions"][0]["value"] = f"{interview_id}:{question_key_of(second_question)}"
    store = await Storage.open(str(first.runtime.settings.database_url))
    inbox_id = await store.record_event(
        slack_team_id=fake.team_id,
        event_id=f"click:{bob}:1796000000.000001",
        kind="block_actions",
        payload=payload,
    )
    await store.close()
    assert inbox_id is not None

    second = await start_bot()
    third_question = await wait_for_question(
        second.convo, "bob", interview_id, after=second_question["ts"]
    )
    await settle(second.runtime.storage)
    assert second.runtime.storage is not None
    assert (await second.runtime.storage.get_event(inbox_id)).status == "done"
    record = await second.runtime.storage.get_interview(interview_id)
    skipped = [a.key for a in record.answers.values() if a.skipped]
    assert skipped == [question_key_of(question), question_key_of(second_question)]
    assert question_key_of(third_question) not in skipped


@pytest.mark.postgres
async def test_a_new_interview_form_acked_then_killed_before_it_ran_is_started_after_restart(
    fake: FakeSlack, processes: BotProcesses, pg_empty_url: str
) -> None:
    first = await processes.start()
    async with (
        SlackDriver(fake, app_url=first.url, signing_secret=SECRET) as slack,
        await psycopg.AsyncConnection.connect(pg_empty_url, autocommit=True) as admin,
        await psycopg.AsyncConnection.connect(pg_empty_url) as locker,
    ):
        convo = Conversation(fake, slack)
        alice, bob = convo.id("alice"), convo.id("bob")
        await slack.command(alice, "")
        [modal] = await fake.wait_for(lambda: fake.views(alice))
        # Hold inserts into interview: the submission is stored and acked, its interview waits.
        await locker.execute("LOCK TABLE interview IN SHARE MODE")
        submitted = await slack.view_submission(alice, modal, new_interview_values(bob))
        assert (submitted.status, submitted.body) == (200, "")
        async with asyncio.timeout(10):
            while not await _waiting_on_a_lock(admin):  # noqa: ASYNC110 - another process
                await asyncio.sleep(0.02)
        await first.kill()
        await locker.rollback()
        assert convo.from_bot("bob") == []

        second = await processes.start()
        slack.app_url = second.url
        invitation = await convo.wait_for_action("bob", "interview_start")

    assert len([m for m in convo.from_bot("bob") if has_action(m, "interview_start")]) == 1
    assert interview_id_of(invitation) > 0


async def test_a_form_fixed_after_its_errors_is_taken_and_a_repeat_of_it_is_one_interview(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")
    await slack.command(alice, "")
    [modal] = await fake.wait_for(lambda: fake.views(alice))
    refused = await slack.view_submission(alice, modal, new_interview_values(None))
    assert refused.json()["response_action"] == "errors"

    taken = await slack.view_submission(alice, modal, new_interview_values(bob))
    again = await slack.deliver_again()
    await convo.wait_for_action("bob", "interview_start")
    await settle(bot.storage)

    assert (taken.status, taken.body, again.status) == (200, "", 200)
    assert bot.storage is not None
    assert (await bot.storage.count_rows())["interview"] == 1
    invitations = [m for m in convo.from_bot("bob") if has_action(m, "interview_start")]
    assert len(invitations) == 1
