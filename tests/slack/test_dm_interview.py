"""A whole interview by DM through real HTTP, signed requests and the Slack stand-in."""

from __future__ import annotations

from bot.blocks import ids
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import Conversation, has_action, text_of


async def test_pain_points_interview_by_dm_end_to_end(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")
    delivery = await slack.command(alice, f"<@{bob}|bob> pain_points")
    assert delivery.status == 200
    invitation = await convo.wait_for_text("bob", "Start")
    assert f"<@{alice}>" in text_of(invitation)

    await convo.press("bob", ids.START)
    await convo.wait_for_text("bob", "trying to achieve")
    started = fake.find_message(invitation["channel"], invitation["ts"])
    assert not has_action(started, ids.START)  # a used button is replaced by what it did
    assert "✓ Start" in text_of(started)
    await convo.answer("bob", "Grow revenue 20%")
    await convo.answer("bob", "ARR")
    await convo.press("bob", ids.SKIP)
    await convo.wait_for_text("bob", "hurts most")
    await convo.answer("bob", "Leads get lost <!channel>")
    await convo.answer("bob", "Every week, about 10 deals")
    await convo.answer("bob", "Sales and marketing")
    await convo.answer("bob", "The CRM is updated by hand")  # why 1
    await convo.wait_for_text("bob", "The CRM is updated by hand")  # the subject of why 2
    await convo.press("bob", ids.ROOT_CAUSE)
    await convo.wait_for_text("bob", "What else hurts")
    for _ in range(4):  # no second obstacle, then the three extra questions
        await convo.press("bob", ids.SKIP)
    await convo.wait_for_text("bob", "Did I get this right")
    await convo.wait_for_action("bob", ids.LOOKS_RIGHT)
    await convo.press("bob", ids.LOOKS_RIGHT)
    await convo.wait_for_text("bob", "Thank you")

    summary = await convo.wait_for_text("alice", "The CRM is updated by hand")
    everything = "\n".join(text_of(m) for m in convo.from_bot("alice"))
    assert "Grow revenue 20%" in everything and "&lt;!channel&gt;" in everything
    assert summary
    for call in fake.calls("chat.postMessage"):
        assert "<!channel>" not in str(call.args)
