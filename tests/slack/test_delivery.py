"""What Slack's delivery does to the bot: retried events, double clicks, forged or old requests."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    message_event,
    question_key_of,
    settle,
    start_dm_interview,
    text_of,
    wait_for_question,
)

SIX_MINUTES = 6 * 60


async def test_retried_event_stores_one_answer_and_asks_one_next_question(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    event = message_event(fake, bob, "Grow revenue 20%")

    delivered = await slack.event(event, event_id="Ev0RETRIED01")
    retried = await slack.event(
        event, event_id="Ev0RETRIED01", retry_num=1, retry_reason="http_timeout"
    )
    await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    await settle(bot.storage)

    assert (delivered.status, retried.status) == (200, 200)
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    assert record.answers["goal.1"].text == "Grow revenue 20%"
    assert record.answers["goal.1"].history == ()
    assert record.answers["goal.1"].source_event_id == "Ev0RETRIED01"
    later = [m for m in convo.from_bot("bob") if float(m["ts"]) > float(first["ts"])]
    assert [question_key_of(m) for m in later] == ["goal.1.measure"]
    assert (await bot.storage.count_rows())["inbox_event"] == 2  # the Start click, this event


async def test_double_click_on_skip_skips_one_question_only(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    measure = await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    assert question_key_of(measure) == "goal.1.measure"

    # Both clicks leave before the bot has replaced the buttons: a real double click.
    clicks = await asyncio.gather(
        slack.block_action(bob, "question_skip", message=measure),
        slack.block_action(bob, "question_skip", message=measure),
    )
    following = await wait_for_question(convo, "bob", interview_id, after=measure["ts"])
    stale = await fake.wait_for(lambda: fake.ephemerals(user=bob), 5)
    await settle(bot.storage)

    assert [c.status for c in clicks] == [200, 200]
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    assert record.answers["goal.1.measure"].skipped
    assert record.cursor["current"] == question_key_of(following)
    later = [m for m in convo.from_bot("bob") if float(m["ts"]) > float(measure["ts"])]
    assert later == [following], "the interview advanced exactly one question"
    assert [text_of(m) for m in stale] == ["That question was already answered."]


@pytest.mark.parametrize("forgery", ["bad signature", "six-minute-old timestamp"])
@pytest.mark.parametrize("kind", ["command", "event"])
async def test_unsigned_or_stale_request_is_refused_and_stores_nothing(
    fake: FakeSlack, slack: SlackDriver, bot: BotRuntime, kind: str, forgery: str
) -> None:
    alice, bob = fake.user("alice").id, fake.user("bob").id
    forged = (
        {"secret": "not-the-signing-secret"}
        if forgery == "bad signature"
        else {"timestamp": time.time() - SIX_MINUTES}
    )

    if kind == "command":
        delivery = await slack.command(alice, f"<@{bob}|bob> pain_points", **forged)
    else:
        delivery = await slack.message(bob, "Grow revenue 20%", **forged)

    assert delivery.status == 401
    assert bot.storage is not None
    rows = await bot.storage.count_rows()
    assert {t: rows[t] for t in ("interview", "inbox_event", "outbox_message", "person")} == {
        "interview": 0,
        "inbox_event": 0,
        "outbox_message": 0,
        "person": 0,
    }
    assert [c.method for c in fake.calls()] == ["auth.test"], "no Web API call but start-up's"
