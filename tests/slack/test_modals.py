"""The new-interview modal: opened by `/interview` alone, checked on submit, live-notes mode."""

from __future__ import annotations

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    has_action,
    interview_id_of,
    new_interview_values,
    question_key_of,
    text_of,
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

    await convo.wait_for_text("alice", "read them the opening")
    first = await convo.wait_for_action("alice", "question_skip")
    interview_id = interview_id_of(first)
    assert question_key_of(first) == "goal.1"
    # The "is ready" notice and the opening to read aloud come before the first question.
    [opening] = convo.from_bot("alice")[:1]
    assert f"Interview #{interview_id} with <@{bob}> is ready" in text_of(opening)
    assert "It takes about" in text_of(opening) and "Who will see your answers" in text_of(opening)
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


async def test_correct_something_replaces_an_answer_and_plays_the_summary_back_again(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    from tests.slack.helpers import has_action, start_dm_interview

    bob = convo.id("bob")
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    for _ in range(6):  # measure, more goals, first obstacle, then the three extra questions
        await convo.press("bob", "question_skip")
    playback = await convo.wait_for_action("bob", "summary_correct")
    before = len([m for m in convo.from_bot("bob") if has_action(m, "summary_correct")])

    assert await convo.click("bob", "summary_correct", playback) == 200
    [modal] = await fake.wait_for(lambda: fake.views(bob))
    assert modal["callback_id"] == "correct_answer"
    values = {
        "correct_question": {
            "correct_question": {
                "type": "static_select",
                "selected_option": {"value": "goal.1"},
            }
        },
        "correct_text": {
            "correct_text": {"type": "plain_text_input", "value": "Grow revenue 25% <!here>"}
        },
    }
    submitted = await slack.view_submission(bob, modal, values)
    assert submitted.status == 200 and fake.views(bob) == []

    await fake.wait_for(
        lambda: len([m for m in convo.from_bot("bob") if has_action(m, "summary_correct")]) > before
    )
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    answer = record.answers["goal.1"]
    assert (answer.text, answer.history) == ("Grow revenue 25% <!here>", ("Grow revenue 20%",))
    replayed = [m for m in convo.from_bot("bob") if has_action(m, "summary_correct")][-1]
    assert "Grow revenue 25% &lt;!here&gt;" in str(replayed)


async def test_live_notes_end_by_reminding_the_facilitator_to_thank_not_thanking_them(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")
    await slack.command(alice, "")
    [modal] = await fake.wait_for(lambda: fake.views(alice))
    await slack.view_submission(alice, modal, new_interview_values(bob, mode="live"))
    first = await convo.wait_for_action("alice", "question_skip")
    interview_id = interview_id_of(first)
    await convo.answer("alice", "Grow revenue 20%")
    while True:  # skip the rest, up to the playback
        latest = convo.from_bot("alice")[-1]
        if has_action(latest, "summary_looks_right"):
            break
        await convo.press("alice", "question_skip")
    await convo.press("alice", "summary_looks_right")
    closing = await convo.wait_for_text("alice", "is saved")

    assert f"Interview #{interview_id} with <@{bob}> is saved" in text_of(closing)
    assert "Thank them for their time" in text_of(closing)
    assert not any("Thank you for being so open" in text_of(m) for m in convo.from_bot("alice"))
    assert convo.from_bot("bob") == []
    assert bot.storage is not None
    assert (await bot.storage.get_interview(interview_id)).status in ("finished", "following_up")
