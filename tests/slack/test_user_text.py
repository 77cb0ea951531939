"""Answers are data: Slack markup and template syntax in them are stored as typed, shown inert."""

from __future__ import annotations

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    command_reply,
    sent_arguments,
    start_dm_interview,
    text_of,
    wait_for_question,
)

TYPED = {
    "goal.1": "Ping <!channel> about targets",
    "goal.1.measure": "Ask <@U123> and <!here>, or <#C0GENERAL1|general>",
    "obstacle.1": "{{ 7*7 }} and {% raise %} in the report",
}
LIVE_MARKUP = ("<!channel>", "<@U123>", "<!here>", "<#C0GENERAL1")


async def test_markup_in_answers_is_stored_as_typed_and_never_posted_live(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, question = await start_dm_interview(convo, "alice", "bob")
    for key, text in TYPED.items():
        if key == "obstacle.1":
            await convo.press("bob", "question_skip")  # no second goal
            question = await convo.wait_for_text("bob", "hurts most")
        await convo.answer("bob", text)
        question = await wait_for_question(convo, "bob", interview_id, after=question["ts"])
    assert await command_reply(convo, "alice", f"summary {interview_id}")
    summary = await convo.wait_for_text("alice", "{{ 7*7 }}")

    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    assert {key: record.answers[key].text for key in TYPED} == TYPED
    assert "Ping &lt;!channel&gt; about targets" in text_of(summary)
    shown = "\n".join(text_of(m) for m in convo.from_bot("bob") + convo.from_bot("alice"))
    assert "&lt;@U123&gt;" in shown and "{{ 7*7 }} and {% raise %}" in shown
    assert "49" not in shown
    sent = sent_arguments(fake)
    assert len(sent) > 8
    for markup in LIVE_MARKUP:
        assert not [a for a in sent if markup in a], f"{markup} reached Slack unescaped"
