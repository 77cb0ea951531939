"""The bot connected over Socket Mode (the default for self-hosting) runs a whole interview."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.conftest import bot_settings
from tests.slack.helpers import Conversation, run_pain_points_interview


@pytest.fixture
async def socket_bot(fake: FakeSlack, database_url: str) -> AsyncIterator[BotRuntime]:
    runtime = BotRuntime(bot_settings(fake, database_url))
    await runtime.start(http=False)
    await fake.socket.wait_connected(timeout=5)
    yield runtime
    await runtime.stop()


async def test_pain_points_interview_runs_over_socket_mode(
    fake: FakeSlack, socket_bot: BotRuntime
) -> None:
    async with SlackDriver(fake, transport="socket") as driver:
        interview_id = await run_pain_points_interview(Conversation(fake, driver), "alice", "bob")

    assert socket_bot.storage is not None
    record = await socket_bot.storage.get_interview(interview_id)
    assert record.status == "finished"
    assert record.answers["goal.1"].text == "Grow revenue 20%"
    assert record.answers["obstacle.1"].text == "Leads get lost"
    assert socket_bot.url is None, "no HTTP endpoint in Socket Mode"
    assert fake.calls("apps.connections.open")[0].ok
    assert fake.socket.acks, "every envelope was acked over the socket"
    assert all(call.ok for call in fake.calls("chat.postMessage"))
