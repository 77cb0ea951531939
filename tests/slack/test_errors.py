"""A use case that fails: the person gets a human apology, the log gets ids and no answers."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from bot.listeners.actions import buttons as button_listeners
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    settle,
    start_dm_interview,
    text_of,
    wait_for_question,
)

ANSWER = "Our churn is 31% and Dana is leaving"


async def test_a_failing_click_gets_an_apology_and_a_log_line_without_answers(
    fake: FakeSlack,
    slack: SlackDriver,
    convo: Conversation,
    bot: BotRuntime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bob = convo.id("bob")
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", ANSWER)
    measure = await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    assert ANSWER in text_of(measure), "the clicked message quotes the answer"

    async def broken(*args: Any, **kwargs: Any) -> str | None:
        # Fail after some work: Bolt (1.x asyncio_runner) forgets an ack() when the listener
        # raises before its 10 ms ack poll has seen it, and Slack would get no answer at all.
        await asyncio.sleep(0.05)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(button_listeners, "handle_click", broken)
    caplog.set_level(logging.INFO)
    delivery = await slack.block_action(bob, "question_skip", message=measure)
    [apology] = await fake.wait_for(lambda: fake.ephemerals(user=bob), 5)
    await settle(bot.storage)

    assert delivery.status == 200
    assert text_of(apology).startswith("Sorry, something went wrong on my side.")
    [failure] = [r for r in caplog.records if r.getMessage().startswith("listener failed")]
    assert failure.levelno == logging.ERROR and failure.exc_info is not None
    assert bob in failure.getMessage() and fake.team_id in failure.getMessage()
    for logged in caplog.records:
        assert ANSWER not in logged.getMessage()
        assert ANSWER not in (logged.exc_text or "") and ANSWER not in str(logged.args)
    assert bot.storage is not None
    interview = await bot.storage.get_interview(interview_id)
    assert interview.cursor["current"] == "goal.1.measure", "nothing half-done"
