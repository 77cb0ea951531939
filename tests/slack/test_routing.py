"""Which interview a DM belongs to: nobody's, one of several, or an earlier answer edited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.runtime import BotRuntime
from bot.slack.sender import OutboxSender
from sandbox import FakeSlack, SlackDriver
from tests.slack.conftest import RunningBot
from tests.slack.helpers import (
    WAIT,
    Conversation,
    deleted_event,
    edited_event,
    has_action,
    message_event,
    question_key_of,
    settle,
    start_dm_interview,
    text_of,
    wait_for_question,
)


async def test_a_dm_from_someone_without_an_interview_gets_a_notice_and_changes_nothing(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    assert bot.storage is not None
    before = await bot.storage.get_interview(interview_id)
    bob_messages = convo.from_bot("bob")

    await convo.answer("chandra", "Leads get lost")
    await settle(bot.storage)

    [notice] = convo.from_bot("chandra")
    assert text_of(notice).startswith("There is no interview waiting for your answers")
    after = await bot.storage.get_interview(interview_id)
    assert (after.answers, after.cursor, after.status) == (before.answers, before.cursor, "active")
    assert convo.from_bot("bob") == bob_messages


async def test_the_no_interview_notice_goes_out_at_once_not_at_the_senders_next_poll(
    fake: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    start_bot: Callable[..., Awaitable[RunningBot]],
) -> None:
    # Only a wake-up sends now: the idle poll (2 s by default) is pushed past the test.
    poll = OutboxSender.run

    async def run_without_idle_poll(self: OutboxSender, *, idle: float = 2.0) -> None:
        await poll(self, idle=60.0)

    monkeypatch.setattr(OutboxSender, "run", run_without_idle_poll)
    running = await start_bot()
    chandra = fake.user("chandra").id

    delivery = await running.slack.message(chandra, "Leads get lost")

    assert delivery.status == 200
    notice = await fake.wait_for(lambda: running.convo.from_bot("chandra"), WAIT)
    assert "no interview waiting" in text_of(notice[0])


async def test_an_answer_with_two_open_interviews_asks_which_and_goes_only_there(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    first_id, _ = await start_dm_interview(convo, "alice", "bob")
    second_id, _ = await start_dm_interview(convo, "chandra", "bob")

    await convo.answer("bob", "Grow revenue 20%")
    pick = await convo.wait_for_action("bob", "inbox_pick_interview")
    assert "Which interview is this answer for?" in text_of(pick)
    values = [
        e["value"]
        for b in pick["blocks"]
        for e in b.get("elements") or []
        if e.get("action_id") == "inbox_pick_interview"
    ]
    assert sorted(int(v.partition(":")[2]) for v in values) == sorted([first_id, second_id])
    chosen = int(values[0].partition(":")[2])  # the first button, as a person would click it
    other = first_id if chosen == second_id else second_id

    clicked = await slack.block_action(convo.id("bob"), "inbox_pick_interview", message=pick)
    measure = await wait_for_question(convo, "bob", chosen, after=pick["ts"])
    await settle(bot.storage)

    assert clicked.status == 200
    assert bot.storage is not None
    picked = await bot.storage.get_interview(chosen)
    untouched = await bot.storage.get_interview(other)
    assert picked.answers["goal.1"].text == "Grow revenue 20%"
    assert picked.cursor["current"] == "goal.1.measure"
    assert untouched.answers == {} and untouched.cursor["current"] == "goal.1"
    later = [m for m in convo.from_bot("bob") if float(m["ts"]) > float(pick["ts"])]
    assert later == [measure]


async def answered(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, text: str
) -> tuple[int, dict[str, object]]:
    """Bob starts an interview and answers its first question; returns its id and his message."""
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    original = message_event(fake, convo.id("bob"), text)
    await slack.event(original)
    await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    return interview_id, original


async def test_editing_an_answer_replaces_it_and_keeps_the_old_text_in_its_history(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, original = await answered(fake, slack, convo, "Grow revenue 20%")

    edit = edited_event(fake, convo.id("bob"), original, "Grow revenue 25%")
    delivery = await slack.event(edit)
    await convo.wait_for_text("bob", "updated that answer")
    await settle(bot.storage)

    assert delivery.status == 200
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    answer = record.answers["goal.1"]
    assert (answer.text, answer.history, answer.skipped) == (
        "Grow revenue 25%",
        ("Grow revenue 20%",),
        False,
    )
    assert record.cursor["current"] == "goal.1.measure", "an edit never moves the interview"
    assert not has_action(convo.from_bot("bob")[-1], "question_skip"), "no question re-asked"


async def test_deleting_an_answer_retracts_it(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, original = await answered(fake, slack, convo, "Grow revenue 20%")

    delivery = await slack.event(deleted_event(fake, original))
    await convo.wait_for_text("bob", "removed that answer")
    await settle(bot.storage)

    assert delivery.status == 200
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    answer = record.answers["goal.1"]
    assert (answer.text, answer.skipped, answer.history) == ("", True, ("Grow revenue 20%",))


async def test_a_deletion_that_moves_the_interview_shows_the_question_now_asked(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, original = await answered(fake, slack, convo, "Grow revenue 20%")
    # On screen: "How would you measure progress on it?", a detail of the goal being deleted.

    await slack.event(deleted_event(fake, original))
    await convo.wait_for_text("bob", "removed that answer")
    await settle(bot.storage)

    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    shown = [m for m in convo.from_bot("bob") if has_action(m, "question_skip")][-1]
    assert question_key_of(shown) == record.cursor["current"], (
        "the next typed answer goes to the question the person sees"
    )


async def test_an_edited_answer_can_be_edited_again_and_then_deleted(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    interview_id, original = await answered(fake, slack, convo, "Grow revenue 20%")
    await slack.event(edited_event(fake, bob, original, "Grow revenue 25%"))
    await convo.wait_for_text("bob", "updated that answer")
    assert bot.storage is not None

    await slack.event(edited_event(fake, bob, original, "Grow revenue 30%"))
    await settle(bot.storage)
    again = (await bot.storage.get_interview(interview_id)).answers["goal.1"]
    await slack.event(deleted_event(fake, original))
    await settle(bot.storage)
    gone = (await bot.storage.get_interview(interview_id)).answers["goal.1"]

    assert again.text == "Grow revenue 30%"
    assert again.history == ("Grow revenue 20%", "Grow revenue 25%")
    assert gone.skipped and gone.text == ""


async def test_a_plain_answer_is_handled_before_bolt_and_an_edit_goes_through_it(
    fake: FakeSlack,
    slack: SlackDriver,
    convo: Conversation,
    bot: BotRuntime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The edge hands a DM to the inbox first (bot/slack/inbox.py `answer_first`): a plain
    # answer is stored, applied and acked there; anything else goes on through Bolt.
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    assert bot.app is not None
    dispatched: list[str] = []
    real = bot.app.async_dispatch

    async def counting(req: Any) -> Any:
        dispatched.append(str((req.body.get("event") or {}).get("subtype")))
        return await real(req)

    monkeypatch.setattr(bot.app, "async_dispatch", counting)
    original = message_event(fake, convo.id("bob"), "Grow revenue 20%")
    assert (await slack.event(original)).status == 200
    await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    assert dispatched == []

    edit = edited_event(fake, convo.id("bob"), original, "Grow revenue 25%")
    assert (await slack.event(edit)).status == 200
    await convo.wait_for_text("bob", "updated that answer")
    assert dispatched == ["message_changed"]
