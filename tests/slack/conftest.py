"""The bot, in-process over real HTTP (or Socket Mode), against the local Slack stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import BotRuntime
from bot.settings import Settings
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import Conversation

SECRET = "test-signing-secret"


def bot_settings(fake: FakeSlack, database_url: str) -> Settings:
    """Settings pointing the bot at the stand-in."""
    return Settings(
        database_url=database_url,
        slack_bot_token=fake.bot_token,
        slack_app_token=fake.app_token,
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/bot.db"


@pytest.fixture
async def bot(fake: FakeSlack, database_url: str) -> AsyncIterator[BotRuntime]:
    runtime = BotRuntime(bot_settings(fake, database_url))
    await runtime.start(http=True, port=0)
    yield runtime
    await runtime.stop()


@pytest.fixture
async def slack(fake: FakeSlack, bot: BotRuntime) -> AsyncIterator[SlackDriver]:
    async with SlackDriver(fake, app_url=bot.url, signing_secret=SECRET) as driver:
        yield driver


@pytest.fixture
def convo(fake: FakeSlack, slack: SlackDriver) -> Conversation:
    return Conversation(fake, slack)


class RunningBot:
    """A bot started by `start_bot`, with a driver and a conversation pointed at it."""

    def __init__(self, fake: FakeSlack, runtime: BotRuntime) -> None:
        self.runtime = runtime
        self.slack = SlackDriver(fake, app_url=runtime.url, signing_secret=SECRET)
        self.convo = Conversation(fake, self.slack)
        self._stopped = False

    async def stop(self) -> None:
        """Stop the bot (once) and close the driver."""
        if not self._stopped:
            self._stopped = True
            await self.slack.close()
            await self.runtime.stop()


@pytest.fixture
async def start_bot(
    fake: FakeSlack, database_url: str
) -> AsyncIterator[Callable[..., Awaitable[RunningBot]]]:
    """Start a bot over HTTP on the test's database, with settings overridden by keyword
    (e.g. admin_user_ids); every bot still running is stopped after the test."""
    running: list[RunningBot] = []

    async def start(**overrides: Any) -> RunningBot:
        runtime = BotRuntime(replace(bot_settings(fake, database_url), **overrides))
        await runtime.start(http=True, port=0)
        started = RunningBot(fake, runtime)
        running.append(started)
        return started

    yield start
    for started in reversed(running):
        await started.stop()
