"""The listener runner answers as soon as a listener acks (bot/slack/prompt_ack.py), and keeps
Bolt's behaviour otherwise: the listener runs on after its ack, a failure before the ack is a
500, no ack at all is no response."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.listener import asyncio_runner
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.runtime import BotRuntime
from bot.slack import prompt_ack
from bot.slack.prompt_ack import PromptAckRunner

pytestmark = pytest.mark.asyncio


def bolt_app() -> AsyncApp:
    """A Bolt app as Bolt makes it (no Web API call: a fixed authorization)."""

    async def authorize(**_: Any) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-test")

    return AsyncApp(
        signing_secret="secret",
        authorize=authorize,
        request_verification_enabled=False,
        process_before_response=False,
    )


def make_app() -> AsyncApp:
    app = bolt_app()
    prompt_ack.install(app)
    return app


def command(text: str) -> AsyncBoltRequest:
    body = urlencode(
        {
            "command": "/interview",
            "text": text,
            "team_id": "T1",
            "user_id": "U1",
            "channel_id": "C1",
            "response_url": "http://127.0.0.1:9/response",
            "trigger_id": "1.2.3",
        }
    )
    return AsyncBoltRequest(
        body=body, headers={"content-type": ["application/x-www-form-urlencoded"]}
    )


@pytest.fixture
def polls(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The 10 ms sleeps of Bolt's own runner, counted (they still happen for real)."""
    seen: list[float] = []
    real = asyncio.sleep

    async def sleep(delay: float, result: Any = None) -> Any:
        if delay == 0.01:
            seen.append(delay)
        return await real(delay, result)

    monkeypatch.setattr(asyncio_runner.asyncio, "sleep", sleep)
    return seen


async def test_the_response_goes_out_at_the_ack_while_the_listener_works_on(
    polls: list[float],
) -> None:
    app = make_app()
    go_on = asyncio.Event()
    finished = asyncio.Event()

    @app.command("/interview")
    async def listener(ack: AsyncAck) -> None:
        await ack(text="on it")
        await go_on.wait()  # work after the ack
        finished.set()

    response = await asyncio.wait_for(app.async_dispatch(command("x")), 1)

    assert response.status == 200 and "on it" in response.body
    assert not finished.is_set()
    assert polls == []  # no poll was needed to see the ack
    go_on.set()
    await asyncio.wait_for(finished.wait(), 1)


async def test_bolts_own_runner_polls_for_the_same_ack(polls: list[float]) -> None:
    # The other side of the test above: what the prompt runner replaces.
    app = bolt_app()

    @app.command("/interview")
    async def listener(ack: AsyncAck) -> None:
        await ack(text="on it")

    response = await app.async_dispatch(command("x"))

    assert response.status == 200 and "on it" in response.body
    assert polls


async def test_a_failure_before_the_ack_is_a_500_and_reaches_the_error_handler() -> None:
    app = make_app()
    errors: list[str] = []

    @app.error
    async def on_error(error: Exception) -> BoltResponse | None:
        errors.append(str(error))
        return None

    @app.command("/interview")
    async def listener(ack: AsyncAck) -> None:
        raise RuntimeError("broken before the ack")

    response = await asyncio.wait_for(app.async_dispatch(command("x")), 1)

    assert response.status == 500
    assert errors == ["broken before the ack"]


async def test_a_failure_after_the_ack_keeps_the_ack(polls: list[float]) -> None:
    app = make_app()
    errors: list[str] = []
    failed = asyncio.Event()

    @app.error
    async def on_error(error: Exception) -> BoltResponse | None:
        errors.append(str(error))
        failed.set()
        return None

    @app.command("/interview")
    async def listener(ack: AsyncAck) -> None:
        await ack(text="accepted")
        await asyncio.sleep(0)
        raise RuntimeError("broken after the ack")

    response = await asyncio.wait_for(app.async_dispatch(command("x")), 1)
    await asyncio.wait_for(failed.wait(), 1)

    assert response.status == 200 and "accepted" in response.body
    assert errors == ["broken after the ack"]


async def test_a_listener_that_never_acks_gives_no_response_when_it_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = make_app()

    @app.command("/interview")
    async def listener() -> None:
        return None

    with caplog.at_level(logging.WARNING):
        response = await asyncio.wait_for(app.async_dispatch(command("x")), 1)

    # Bolt's dispatcher answers 404 for a request no listener responded to; its runner would
    # have waited out the whole 3-second ack timeout first.
    assert response.status == 404
    assert any("ack()" in record.getMessage() for record in caplog.records)


async def test_events_are_acked_at_once_and_their_listener_runs() -> None:
    app = make_app()
    seen = asyncio.Event()

    @app.event("app_mention")
    async def listener(event: dict[str, Any]) -> None:
        seen.set()

    body = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "Ev1",
        "event": {"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1", "ts": "1.1"},
    }
    request = AsyncBoltRequest(
        body=json.dumps(body), headers={"content-type": ["application/json"]}
    )

    response = await asyncio.wait_for(app.async_dispatch(request), 1)

    assert response.status == 200
    await asyncio.wait_for(seen.wait(), 1)


async def test_the_bot_app_uses_it(bot: BotRuntime) -> None:
    assert bot.app is not None
    assert type(bot.app.listener_runner) is PromptAckRunner
