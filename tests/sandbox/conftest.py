"""Fixtures: a FakeSlack on loopback, a tiny Bolt app served over HTTP or Socket Mode, drivers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack, SlackDriver
from tests.sandbox.bolt_app import Seen, build_app

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@dataclass(frozen=True)
class RunningApp:
    """A Bolt app served on loopback and what its listeners saw."""

    url: str
    seen: Seen


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A started FakeSlack on a random loopback port."""
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
def bot_client(fake: FakeSlack) -> AsyncWebClient:
    """A Web API client with the bot token, pointed at the fake."""
    return AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)


@pytest.fixture
async def http_app(fake: FakeSlack) -> AsyncIterator[RunningApp]:
    """The tiny Bolt app behind a real aiohttp server, verifying Slack signatures."""
    seen = Seen()
    client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
    bolt = build_app(client, seen, signing_secret=SIGNING_SECRET)
    runner = web.AppRunner(bolt.web_app(path="/slack/events"), shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    yield RunningApp(f"http://{host}:{port}/slack/events", seen)
    await runner.cleanup()


@pytest.fixture
async def driver(fake: FakeSlack, http_app: RunningApp) -> AsyncIterator[SlackDriver]:
    """Delivers signed HTTP requests to the tiny app."""
    async with SlackDriver(fake, app_url=http_app.url, signing_secret=SIGNING_SECRET) as slack:
        yield slack


@pytest.fixture
async def socket_app(fake: FakeSlack) -> AsyncIterator[Seen]:
    """The tiny Bolt app connected to the fake over Socket Mode."""
    seen = Seen()
    bolt = build_app(AsyncWebClient(token=fake.bot_token, base_url=fake.api_url), seen)
    handler = AsyncSocketModeHandler(
        bolt,
        app_token=fake.app_token,
        web_client=AsyncWebClient(token=fake.app_token, base_url=fake.api_url),
    )
    await handler.connect_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
    await fake.socket.wait_connected(timeout=2.0)
    yield seen
    await handler.close_async()  # type: ignore[no-untyped-call]


@pytest.fixture
async def socket_driver(fake: FakeSlack, socket_app: Seen) -> AsyncIterator[SlackDriver]:
    """Pushes envelopes to the tiny app over Socket Mode."""
    async with SlackDriver(fake, transport="socket") as slack:
        yield slack
