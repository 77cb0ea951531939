"""Slack's deadlines on the page's deliveries: events retried, commands and clicks timed out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest
from aiohttp import web

from sandbox import FakeSlack, PageDriver, SandboxPage
from sandbox.desktop import MODAL_ERROR, TROUBLE
from sandbox.payloads import signature

SECRET = "page-delivery-secret"
DEADLINE = 0.3  # the tests' stand-in for Slack's 3 seconds


@dataclass
class Received:
    """One request the app got: the headers that matter and the parsed body."""

    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class StubApp:
    """An app on loopback that answers as told: `hang` never answers in time, else `status`."""

    url: str = ""
    hang: bool = True
    status: int = 200
    reply: str = ""
    received: list[Received] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.text()
        timestamp = request.headers["X-Slack-Request-Timestamp"]
        assert request.headers["X-Slack-Signature"] == signature(SECRET, timestamp, raw)
        if request.content_type == "application/json":
            body = json.loads(raw)
        else:
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            body = json.loads(form["payload"]) if "payload" in form else form
        headers = {k: v for k, v in request.headers.items() if k.startswith("X-Slack-Retry")}
        self.received.append(Received(headers, body))
        if self.hang:
            await self.release.wait()
        return web.Response(status=self.status, text=self.reply, content_type="application/json")


@pytest.fixture
async def stub() -> AsyncIterator[StubApp]:
    app = StubApp()
    web_app = web.Application()
    web_app.router.add_post("/slack/events", app.handle)
    runner = web.AppRunner(web_app, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    app.url = f"http://{host}:{port}/slack/events"
    yield app
    app.release.set()
    await runner.cleanup()


@pytest.fixture
async def page(fake: FakeSlack, stub: StubApp) -> AsyncIterator[SandboxPage]:
    driver = PageDriver(
        fake,
        app_url=stub.url,
        signing_secret=SECRET,
        timeout=DEADLINE,
        retry_delays=(0.01, 0.01, 0.01),
    )
    yield SandboxPage(fake, driver)
    await driver.close()


async def test_an_event_never_acked_gets_exactly_three_retries_with_slacks_headers(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    bob = fake.user("bob").id

    await page.desktop.write(bob, fake.dm_channel(bob), "Leads get lost")
    await page.driver.drain()

    assert [r.headers for r in stub.received] == [
        {},
        {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
        {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"},
        {"X-Slack-Retry-Num": "3", "X-Slack-Retry-Reason": "http_timeout"},
    ]
    assert len({r.body["event_id"] for r in stub.received}) == 1
    assert {r.body["event"]["text"] for r in stub.received} == {"Leads get lost"}
    assert [r.outcome for r in page.driver.log] == ["http_timeout"] * 4


async def test_an_event_answered_with_an_error_is_retried_as_http_error(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    stub.hang, stub.status = False, 500
    bob = fake.user("bob").id

    await page.desktop.write(bob, fake.dm_channel(bob), "hello")
    await page.driver.drain()

    assert len(stub.received) == 4
    assert stub.received[3].headers["X-Slack-Retry-Reason"] == "http_error"


async def test_an_acked_event_is_delivered_once(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    stub.hang = False
    bob = fake.user("bob").id

    await page.desktop.write(bob, fake.dm_channel(bob), "hello")
    await page.driver.drain()

    assert len(stub.received) == 1


async def test_a_command_not_acked_in_time_shows_the_person_operation_timeout(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    alice = fake.user("alice").id
    dm = fake.dm_channel(alice)

    await page.desktop.write(alice, dm, "/interview")

    [notice] = page.driver.notices
    assert notice.user == alice and notice.channel == dm
    assert notice.text == '`/interview` failed with the error "operation_timeout"'
    assert len(stub.received) == 1, "commands are never retried"
    shown = page.driver.log[0]
    assert (shown.kind, shown.outcome, shown.status) == ("slash_command", "http_timeout", None)


async def test_a_command_answered_with_an_error_shows_dispatch_failed(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    stub.hang, stub.status = False, 500
    alice = fake.user("alice").id

    await page.desktop.write(alice, fake.dm_channel(alice), "/interview")

    assert page.driver.notices[0].text == '`/interview` failed with the error "dispatch_failed"'


async def test_a_commands_ack_body_is_shown_only_to_the_person(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    stub.hang, stub.reply = False, json.dumps({"text": "Usage: /interview @person purpose"})
    alice = fake.user("alice").id
    dm = fake.dm_channel(alice)

    await page.desktop.write(alice, dm, "/interview help")

    [reply] = fake.ephemerals(dm, alice)
    assert reply["text"] == "Usage: /interview @person purpose"
    assert fake.messages(dm) == []


async def test_a_click_not_acked_in_time_tells_the_person(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    alice = fake.user("alice").id
    dm = fake.dm_channel(alice)
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    message = fake.add_message(
        dm, {"text": "x", "blocks": [{"type": "actions", "block_id": "b", "elements": [button]}]}
    )

    acked = await page.desktop.click(
        alice, block_id="b", action_id="go", channel=dm, ts=message["ts"]
    )

    assert acked is False
    assert "did not respond in time" in page.driver.notices[0].text
    assert stub.received[0].body["actions"][0]["action_id"] == "go"


async def test_a_submission_not_acked_in_time_keeps_the_modal_open_with_slacks_error(
    fake: FakeSlack, stub: StubApp, page: SandboxPage
) -> None:
    alice = fake.user("alice").id
    view = fake.store_view(
        alice,
        {
            "type": "modal",
            "title": {"type": "plain_text", "text": "Note"},
            "submit": {"type": "plain_text", "text": "Save"},
            "blocks": [],
        },
    )

    errors = await page.desktop.submit(alice, view["id"], {})

    assert errors == {MODAL_ERROR: TROUBLE}
    assert [v["id"] for v in fake.views(alice)] == [view["id"]]


async def test_an_event_never_acked_over_socket_mode_is_retried_with_retry_attempt(
    fake: FakeSlack,
) -> None:
    driver = PageDriver(fake, transport="socket", timeout=DEADLINE, retry_delays=(0.01, 0.01, 0.01))
    page = SandboxPage(fake, driver)
    bob = fake.user("bob").id
    headers = {"Authorization": f"Bearer {fake.app_token}"}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.api_url}apps.connections.open", headers=headers) as r:
            url = (await r.json())["url"]
        async with session.ws_connect(url) as ws:
            assert (await ws.receive_json())["type"] == "hello"
            await page.desktop.write(bob, fake.dm_channel(bob), "hello")
            envelopes = [await ws.receive_json(timeout=5) for _ in range(4)]  # never acked
            await driver.drain()

    assert [(e["retry_attempt"], e["retry_reason"]) for e in envelopes] == [
        (0, ""),
        (1, "timeout"),
        (2, "timeout"),
        (3, "timeout"),
    ]
    assert len({e["payload"]["event_id"] for e in envelopes}) == 1
    await driver.close()
