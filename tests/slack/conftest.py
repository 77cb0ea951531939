"""The bot, in-process over real HTTP (or Socket Mode), against the local Slack stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

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
