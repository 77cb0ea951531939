"""An interview where every question was skipped is not presented or counted as a normal one."""

from __future__ import annotations

from datetime import timedelta

from bot.flows.walk import PLAYBACK_KEY
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from storage import CONFIRMATION_KEY
from tests.slack.helpers import Conversation, has_action, settle, start_dm_interview, text_of


async def test_an_interview_with_every_question_skipped_says_nothing_was_recorded(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, _ = await start_dm_interview(convo, "alice", "bob")
    while not has_action(convo.from_bot("bob")[-1], "summary_looks_right"):
        await convo.press("bob", "question_skip")
    playback = convo.from_bot("bob")[-1]
    await convo.press("bob", "summary_looks_right")
    told = await convo.wait_for_text("alice", "nothing was recorded")
    await settle(bot.storage)

    assert f"Interview #{interview_id}: every question was skipped" in text_of(playback)
    assert "Goal" not in text_of(playback) and "(skipped)" not in text_of(playback)
    assert f"#{interview_id}" in text_of(told)
    assert bot.storage is not None and bot.services is not None
    record = await bot.storage.get_interview(interview_id)
    assert record.status == "finished"
    now = bot.services.clock.now()
    found = await bot.storage.digest_data(
        team_id=record.team_id, start=now - timedelta(days=7), end=now + timedelta(days=1)
    )
    assert found.completed == () and found.coverage == ()


def test_storage_and_the_flow_agree_on_the_confirmation_key() -> None:
    assert CONFIRMATION_KEY == PLAYBACK_KEY
