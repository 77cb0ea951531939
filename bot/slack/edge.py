"""The edge in front of Bolt: a request is verified before anything is parsed or logged, then
parsed strictly, checked for the fields its kind needs, and its text made storable.

Over HTTP an aiohttp middleware answers 401 to an unsigned, forged or stale request and 400 to
a body that cannot be parsed or a command or interaction that lacks who sent it; an event that
lacks something is acked (Slack would retry an error) and ignored. Socket Mode has no
signatures; its envelopes get the same checks, and a bad one is acked and ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.clock import Clock
from bot.slack.incoming import Malformed, is_event, kind_of, missing, parse_body, storable

logger = logging.getLogger(__name__)

MAX_AGE = timedelta(minutes=5)
"""Slack's rule: a request whose timestamp is further than this from now may be a replay."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
BOLT_REQUEST = web.RequestKey("bolt_request", AsyncBoltRequest)


def signature_problem(
    secret: str, timestamp: str | None, signature: str | None, raw: bytes, now: float
) -> str | None:
    """Why this request is not one Slack signed just now (None when it is): the HMAC-SHA256 of
    `v0:{timestamp}:{body}` under the signing secret, within five minutes of `now`."""
    if not secret:
        return "no signing secret is configured"
    if timestamp is None or signature is None:
        return "the request is not signed"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "the request timestamp is not a number"
    if abs(now - int(timestamp)) > MAX_AGE.total_seconds():
        return "the request timestamp is too far from now"
    base = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return "the request signature does not match"
    return None


def admitted(
    body: dict[str, Any], headers: dict[str, str | Sequence[str]], query: str = ""
) -> tuple[AsyncBoltRequest | None, str | None]:
    """Bolt's request for this payload, its text made storable; or why it may not go on."""
    clean: dict[str, Any] = storable(body)
    lacking = missing(clean)
    if lacking:
        return None, f"the payload lacks {', '.join(lacking)}"
    try:
        # Bolt's HTTP mode would parse (and verify) the raw body again, and reads a form whose
        # text merely contains "payload" as an empty one: Bolt gets the checked payload the way
        # its Socket Mode adapter hands one over (the mode only skips Bolt's own verification).
        request = AsyncBoltRequest(body=clean, query=query, headers=headers, mode="socket_mode")
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        # Bolt reads who and where from the payload as it builds the request (`authorizations`
        # of the wrong type, say): a payload it cannot read is not one Slack sent.
        return None, f"the payload is not shaped as Slack's ({type(exc).__name__})"
    return request, None


def _refuse(status: int, reason: str) -> web.Response:
    # The reason names fields and checks, never anything the request carried.
    logger.warning("refused a Slack request (%s): %s", status, reason)
    return web.Response(status=status, text=reason)


def edge_middleware(secret: str, clock: Clock) -> Any:
    """The aiohttp middleware: verify, parse, check; only a good payload reaches the handler."""

    @web.middleware
    async def edge(request: web.Request, handler: Any) -> web.StreamResponse:
        raw = await request.read()
        headers = request.headers
        problem = signature_problem(
            secret,
            headers.get("X-Slack-Request-Timestamp"),
            headers.get("X-Slack-Signature"),
            raw,
            clock.now().timestamp(),
        )
        if problem:
            return _refuse(401, problem)
        try:
            body = parse_body(raw, request.content_type)
        except Malformed as exc:
            return _refuse(400, str(exc))
        bolt_request, problem = admitted(body, {**headers}, request.query_string)
        if bolt_request is None:
            if is_event(kind_of(body)):
                logger.warning("ignored a Slack event: %s", problem)
                return web.Response(status=200, text="")
            return _refuse(400, str(problem))
        request[BOLT_REQUEST] = bolt_request
        response: web.StreamResponse = await handler(request)
        return response

    return edge


First = Callable[[AsyncBoltRequest], Awaitable[BoltResponse | None]]
"""Tried before Bolt's dispatch: a response ends the request there (a DM answer handled)."""


def edge_web_app(
    app: AsyncApp, *, path: str, secret: str, clock: Clock, first: First | None = None
) -> web.Application:
    """The aiohttp application that serves Bolt `app` on `path` behind the edge; `first` may
    answer a request before Bolt does (bot/slack/inbox.py `answer_first`)."""

    async def dispatch(request: web.Request) -> web.Response:
        bolt_request = request[BOLT_REQUEST]
        if first is not None:
            early = await first(bolt_request)
            if early is not None:
                return await to_aiohttp_response(early)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    web_app = web.Application(middlewares=[edge_middleware(secret, clock)])
    web_app.router.add_post(path, dispatch)
    return web_app


class EdgeSocketModeHandler(AsyncSocketModeHandler):
    """Socket Mode with the edge's checks: a payload that lacks who sent it is acked and dropped,
    and every payload's text is made storable before Bolt sees it."""

    async def handle(self, socket: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Check the envelope's payload, then hand it to Bolt."""
        payload = req.payload if isinstance(req.payload, dict) else {}
        bolt_request, problem = admitted(payload, {})
        if bolt_request is None:
            logger.warning("ignored a Socket Mode %s: %s", req.type, problem)
            # `socket`, not `client`: this is the Socket Mode connection, not the Web API.
            await socket.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        req.payload = bolt_request.body
        await super().handle(socket, req)
