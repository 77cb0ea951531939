"""What a DM means: words typed while paused, deleted why answers, Back and typed commands, and
words typed at the playback."""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    deleted_event,
    has_action,
    message_event,
    question_key_of,
    settle,
    start_dm_interview,
    text_of,
    wait_for_question,
)

HOSTILE = "<!channel> {{ 7*7 }} *bold*"


def _buttons(message: dict[str, Any]) -> list[str]:
    return [
        str(e.get("action_id"))
        for b in message.get("blocks") or []
        for e in b.get("elements") or []
        if e.get("type") == "button"
    ]


async def _to_playback(convo: Conversation) -> tuple[int, dict[str, Any]]:
    """Bob answers one goal and skips the rest up to the playback."""
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    for _ in range(6):  # measure, more goals, first obstacle, then the three extra questions
        await convo.press("bob", ids.SKIP)
    return interview_id, await convo.wait_for_action("bob", ids.LOOKS_RIGHT)


async def test_message_while_paused_asks_the_pending_question_again(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    await convo.press("bob", ids.PAUSE)
    paused = await convo.wait_for_action("bob", ids.RESUME)

    await convo.answer("bob", HOSTILE)
    offer = await convo.wait_for_action("bob", ids.USE_REMARK)
    await settle(bot.storage)
    assert bot.storage is not None
    held = await bot.storage.get_interview(interview_id)

    assert float(offer["ts"]) > float(paused["ts"])
    assert question_key_of(offer) == "goal.1.measure", "the pending question is asked again"
    assert "How would you measure progress on it?" in text_of(offer)
    assert "kept what you just wrote as a remark" in text_of(offer)
    assert held.status == "active" and "goal.1.measure" not in held.answers
    assert held.answers["note.1"].text == HOSTILE, "kept as a remark, not as the answer"
    assert "<!channel>" not in str(convo.from_bot("bob"))

    await convo.press("bob", ids.USE_REMARK)
    nxt = await wait_for_question(convo, "bob", interview_id, after=offer["ts"])
    await settle(bot.storage)
    used = await bot.storage.get_interview(interview_id)

    assert question_key_of(nxt) == "goal.2"
    assert used.answers["goal.1.measure"].text == HOSTILE
    assert used.answers["note.1"].skipped, "moved onto the question, not kept twice"
    retired = fake.find_message(offer["channel"], offer["ts"])
    assert not has_action(retired, ids.USE_REMARK), "the used button gave way to what it did"


async def test_message_while_paused_without_the_click_stays_a_remark(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    await convo.press("bob", ids.PAUSE)
    await convo.answer("bob", "by the way, I'm off on Friday")
    offer = await convo.wait_for_action("bob", ids.USE_REMARK)
    await convo.answer("bob", "ARR")  # the real answer, typed
    await wait_for_question(convo, "bob", interview_id, after=offer["ts"])

    stale = await convo.click("bob", ids.USE_REMARK, offer)
    foreign = await slack.block_action(convo.id("alice"), ids.USE_REMARK, message=offer)
    await fake.wait_for(lambda: len(fake.ephemerals(user=bob)) >= 1)
    await settle(bot.storage)
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)

    assert (stale, foreign.status) == (200, 200)
    assert record.answers["goal.1.measure"].text == "ARR"
    assert record.answers["note.1"].text == "by the way, I'm off on Friday"
    assert "goal.2" not in record.answers and record.cursor["current"] == "goal.2"
    assert "already answered" in text_of(fake.ephemerals(user=bob)[-1])
    alice = convo.id("alice")
    refused = await fake.wait_for(
        lambda: [text_of(e) for e in fake.ephemerals(user=alice) if "Sorry" in text_of(e)]
    )
    assert refused[-1].startswith("Sorry, you can't do that")


async def test_deleting_a_why_answer_asks_that_why_again(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    await convo.answer("bob", "ARR")
    await convo.press("bob", ids.SKIP)
    for text in ("Leads get lost", "Every week", "Sales"):
        await convo.answer("bob", text)
    why = await convo.wait_for_text("bob", "Why does that happen?")
    original = message_event(fake, bob, "The CRM is updated by hand")
    await slack.event(original)
    second = await wait_for_question(convo, "bob", interview_id, after=why["ts"])
    assert question_key_of(second) == "why.1.1"

    await slack.event(deleted_event(fake, original))
    await convo.wait_for_text("bob", "removed that answer")
    again = await wait_for_question(convo, "bob", interview_id, after=second["ts"])
    await settle(bot.storage)
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)

    assert question_key_of(again) == "why.1", "the withdrawn why, not the next obstacle"
    assert "Why does that happen?" in text_of(again)
    assert record.cursor["current"] == "why.1" and "obstacle.2" not in record.answers
    await convo.answer("bob", "Nobody owns the CRM")
    deeper = await wait_for_question(convo, "bob", interview_id, after=again["ts"])
    assert question_key_of(deeper) == "why.1.1" and "Nobody owns the CRM" in text_of(deeper)


async def test_back_button_from_the_second_question_asks_the_previous_one_again(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    second = await wait_for_question(convo, "bob", interview_id, after=first["ts"])

    assert ids.BACK not in _buttons(first), "nothing comes before the first question"
    assert _buttons(second)[0] == ids.BACK
    await convo.press("bob", ids.BACK)
    back = await wait_for_question(convo, "bob", interview_id, after=second["ts"])
    await settle(bot.storage)
    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)

    assert question_key_of(back) == record.cursor["current"] == "goal.1"
    used = fake.find_message(second["channel"], second["ts"])
    assert not has_action(used, ids.BACK), "a used Back cannot be pressed twice"
    await convo.answer("bob", "Grow revenue 25%")
    await settle(bot.storage)
    record = await bot.storage.get_interview(interview_id)
    assert record.answers["goal.1"].text == "Grow revenue 25%"
    assert record.cursor["current"] == "goal.1.measure"


async def test_typed_back_skip_and_pause_are_commands_and_the_reply_says_so(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    await convo.answer("bob", "ARR")
    await convo.answer("bob", " Back ")
    told = await convo.wait_for_text("bob", "I took *back* as a command")
    back = await wait_for_question(convo, "bob", interview_id, after=told["ts"])
    await settle(bot.storage)
    assert bot.storage is not None
    after_back = await bot.storage.get_interview(interview_id)
    await convo.answer("bob", "skip")
    await settle(bot.storage)
    after_skip = await bot.storage.get_interview(interview_id)
    await convo.answer("bob", "pause")
    paused = await convo.wait_for_action("bob", ids.RESUME)
    await settle(bot.storage)
    after_pause = await bot.storage.get_interview(interview_id)
    await convo.answer("bob", "skip the small talk")  # not alone: words, not a command
    await settle(bot.storage)
    final = await bot.storage.get_interview(interview_id)

    said = [text_of(m) for m in convo.from_bot("bob")]
    assert sum("I took *back* as a command" in s for s in said) == 1
    assert any("I took *skip* as a command" in s for s in said)
    assert any("I took *pause* as a command" in s for s in said)
    assert (
        question_key_of(back) == "goal.1.measure"
        and after_back.cursor["current"] == "goal.1.measure"
    )
    assert after_skip.answers["goal.1.measure"].skipped
    assert after_pause.status == "paused" and "Paused" in text_of(paused)
    texts = {a.text for a in final.answers.values()} | {
        h for a in final.answers.values() for h in a.history
    }
    assert not texts & {"back", " Back ", "skip", "pause"}, "no command word stored as an answer"
    assert final.answers["note.1"].text == "skip the small talk"


async def test_text_at_the_playback_asks_what_to_change_and_keeps_the_interview_open(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    interview_id, playback = await _to_playback(convo)

    await convo.answer("bob", f"The goal is 25% {HOSTILE}")
    request = await convo.wait_for_text("bob", "What should I change?")
    await settle(bot.storage)
    assert bot.storage is not None
    open_record = await bot.storage.get_interview(interview_id)

    assert open_record.status == "active" and open_record.cursor["current"] == "playback"
    assert open_record.answers["note.1"].text == f"The goal is 25% {HOSTILE}"
    assert has_action(request, ids.CORRECT) and has_action(request, ids.LOOKS_RIGHT)
    assert not any("Thank you for being so open" in text_of(m) for m in convo.from_bot("bob"))

    assert await convo.click("bob", ids.CORRECT, request) == 200
    [modal] = await fake.wait_for(lambda: fake.views(bob))
    options = modal["blocks"][0]["element"]["options"]
    labels = {o["value"]: o["text"]["text"] for o in options}
    assert "“Grow revenue 20%”" in labels["goal.1"], "each question shows its answer"

    assert (await slack.block_action(bob, ids.CORRECT_QUESTION, "goal.1", view=modal)).status == 200
    filled = await fake.wait_for(
        lambda: next((v for v in fake.views(bob) if "initial_value" in str(v["blocks"][1])), None)
    )
    text_block = filled["blocks"][1]
    assert text_block["element"]["initial_value"] == "Grow revenue 20%"
    before = len([m for m in convo.from_bot("bob") if has_action(m, ids.LOOKS_RIGHT)])
    values = {
        ids.CORRECT_QUESTION: {
            ids.CORRECT_QUESTION: {"type": "static_select", "selected_option": {"value": "goal.1"}}
        },
        text_block["block_id"]: {
            ids.CORRECT_TEXT: {"type": "plain_text_input", "value": f"Grow revenue 25% {HOSTILE}"}
        },
    }
    submitted = await slack.view_submission(bob, filled, values)
    assert submitted.status == 200 and fake.views(bob) == []
    await fake.wait_for(
        lambda: len([m for m in convo.from_bot("bob") if has_action(m, ids.LOOKS_RIGHT)]) > before
    )
    changed = await convo.wait_for_text("bob", "I've changed your answer")
    record = await bot.storage.get_interview(interview_id)

    assert record.answers["goal.1"].text == f"Grow revenue 25% {HOSTILE}"
    assert "trying to achieve" in text_of(changed) and "25% &lt;!channel&gt;" in text_of(changed)
    assert "<!channel>" not in str(convo.from_bot("bob"))
    await convo.press("bob", ids.LOOKS_RIGHT)
    await convo.wait_for_text("bob", "Thank you for being so open")
    await settle(bot.storage)
    assert (await bot.storage.get_interview(interview_id)).status == "finished"
    assert playback["ts"] < changed["ts"]
