"""The new-interview modal: opened by `/interview` alone, checked on submit, live-notes mode."""

from __future__ import annotations

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    interview_id_of,
    new_interview_values,
    question_key_of,
    wait_for_question,
)


async def test_live_interview_from_the_modal_asks_the_facilitator_not_the_stakeholder(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")

    opened = await slack.command(alice, "")
    [modal] = await fake.wait_for(lambda: fake.views(alice))
    assert opened.status == 200 and fake.calls("views.open")[0].ok
    assert modal["callback_id"] == "new_interview"

    submitted = await slack.view_submission(alice, modal, new_interview_values(bob, mode="live"))
    assert submitted.status == 200 and submitted.body == ""
    assert fake.views(alice) == [], "a valid form closes the modal"

    await convo.wait_for_text("alice", "the questions are in your DM")
    first = await convo.wait_for_action("alice", "question_skip")
    interview_id = interview_id_of(first)
    assert question_key_of(first) == "goal.1"
    await convo.answer("alice", "Bob wants to grow revenue 20%")
    second = await wait_for_question(convo, "alice", interview_id, after=first["ts"])
    await convo.answer("alice", "ARR, reviewed monthly")
    await wait_for_question(convo, "alice", interview_id, after=second["ts"])

    assert convo.from_bot("bob") == [], "in live mode the stakeholder gets nothing"
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    assert (record.mode, record.status) == ("live", "active")
    assert record.stakeholder.slack_user_id == bob
    assert record.answers["goal.1"].text == "Bob wants to grow revenue 20%"
    assert record.answers["goal.1.measure"].text == "ARR, reviewed monthly"


async def test_modal_without_a_stakeholder_stays_open_with_an_inline_error_and_stores_nothing(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice = convo.id("alice")
    await slack.command(alice, "")
    [modal] = await fake.wait_for(lambda: fake.views(alice))

    submitted = await slack.view_submission(alice, modal, new_interview_values(None))

    answer = submitted.json()
    assert submitted.status == 200 and answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"stakeholder"} and answer["errors"]["stakeholder"]
    assert [v["id"] for v in fake.views(alice)] == [modal["id"]], "the modal stays open"
    assert bot.storage is not None
    rows = await bot.storage.count_rows()
    assert (rows["interview"], rows["outbox_message"]) == (0, 0)
    assert convo.from_bot("alice") == []
