"""FakeSlack: the Web API, response_urls and Socket Mode served over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import math
import secrets
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from sandbox import files_api
from sandbox.blockkit import SlackError, check_message
from sandbox.holds import Hold, Holds
from sandbox.socket_mode import EnvelopeType, SocketAck, SocketModeHub
from sandbox.users import SlackUser
from sandbox.web_api import BOT_METHODS, BOT_SCOPES, decode_json_arguments
from sandbox.workspace import DEFAULT_TRIGGER_TTL, RecordedCall, Workspace

CONNECTIONS_OPEN = "apps.connections.open"
POST_MESSAGE_INTERVAL = 1.0  # Slack allows about one chat.postMessage per second per channel


@dataclass(frozen=True)
class _Fault:
    status: int
    retry_after: int | None
    error: str | None


@dataclass(frozen=True)
class _ResponseTarget:
    channel: str
    user: str
    message_ts: str | None


class FakeSlack(Workspace):
    """A local stand-in for Slack: keeps workspace state in memory and serves it over HTTP."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-0000000001-0000000002-sandboxbottoken",
        app_token: str = "xapp-1-A0SANDBOX1-0000000003-sandboxapptoken",
        rate_limit_post_message: bool = False,
        users: Iterable[SlackUser] | None = None,
        trigger_ttl: float = DEFAULT_TRIGGER_TTL,
        team_id: str = "T0SANDBOX1",
        app_id: str = "A0SANDBOX1",
        bot_user_id: str = "U0SANDBOT1",
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.rate_limit_post_message = rate_limit_post_message
        self.socket = SocketModeHub(app_id, on_change=self.touch)
        self._faults: dict[str, deque[_Fault]] = {}
        self._latency: dict[str, float] = {}
        self._holds = Holds()
        self._last_post: dict[str, float] = {}
        self._response_targets: dict[str, _ResponseTarget] = {}
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        super().__init__(
            users=users,
            trigger_ttl=trigger_ttl,
            team_id=team_id,
            app_id=app_id,
            bot_user_id=bot_user_id,
        )

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on `host:port` (port 0 picks a free one)."""
        self._runner = web.AppRunner(create_app(self), shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self._base_url = f"http://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        """Close Socket Mode connections and the server."""
        self._holds.release_all()
        if self._runner is not None:
            await self.socket.close()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. `http://127.0.0.1:54321`."""
        if self._base_url is None:
            raise RuntimeError("FakeSlack is not started")
        return self._base_url

    @property
    def api_url(self) -> str:
        """The Web API base URL for `AsyncWebClient(base_url=...)`; ends with `/api/`."""
        return f"{self.url}/api/"

    # -- fault injection -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        error: str | None = None,
    ) -> None:
        """Answer the next `count` calls to `method` with HTTP `status` (429 adds Retry-After)."""
        fault = _Fault(status, retry_after if status == 429 else None, error)
        self._faults.setdefault(method, deque()).extend([fault] * count)

    def latency(self, method: str, seconds: float) -> None:
        """Delay every answer to `method` by `seconds` (0 removes the delay)."""
        self._latency[method] = seconds

    def hold(self, method: str, *, accept: bool = True) -> Hold:
        """Keep the next call to `method` waiting until the returned hold is released: after
        the work is done with `accept` (Slack has the message, the caller lacks the answer),
        before it otherwise (and a caller gone by the release never reaches the workspace)."""
        return self._holds.add(method, accept=accept)

    def reset(self) -> None:
        """Forget calls, state, faults, latencies and holds; keep users, channels and tokens."""
        super().reset()
        self._holds.release_all()
        self._faults.clear()
        self._latency.clear()
        self._last_post.clear()
        self._response_targets.clear()

    # -- Socket Mode -----------------------------------------------------------------------

    async def push(
        self,
        envelope_type: EnvelopeType,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = False,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        timeout: float = 3.0,  # noqa: ASYNC109 - Slack-like deadline, part of the API
    ) -> SocketAck:
        """Push an envelope to a connected Socket Mode client and return its ack."""
        return await self.socket.push(
            envelope_type,
            payload,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
            timeout=timeout,
        )

    # -- response_url ----------------------------------------------------------------------

    def issue_response_url(self, channel: str, user: str, message_ts: str | None = None) -> str:
        """A response_url for a command or action; posts to it land in this workspace."""
        key = secrets.token_hex(12)
        self._response_targets[key] = _ResponseTarget(channel, user, message_ts)
        kind = "actions" if message_ts else "commands"
        return f"{self.url}/hooks/{kind}/{self.team_id}/{key}"

    # -- request handling ------------------------------------------------------------------

    async def handle_api(self, request: web.Request) -> web.Response:
        """One Web API call: parse, apply faults and auth, run the method, record."""
        method = request.match_info["method"]
        received_at = time.time()
        args, token = await _read_arguments(request)
        delay = self._latency.get(method, 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        hold = self._holds.take(method)
        if hold is not None and not hold.accept:
            await hold.wait(args)
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=499)  # the caller is gone: Slack never saw it
        status, body, headers = self._answer(method, args, token)
        self.record(RecordedCall(method, args, status, body, at=received_at))
        if hold is not None and hold.accept:
            await hold.wait(args)
        return web.json_response(body, status=status, headers=headers)

    def _answer(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if method not in BOT_METHODS and method != CONNECTIONS_OPEN:
            return 404, {"ok": False, "error": "unknown_method", "req_method": method}, {}
        faults = self._faults.get(method)
        if faults:
            fault = faults.popleft()
            error = fault.error or ("ratelimited" if fault.status == 429 else "internal_error")
            retry = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return fault.status, {"ok": False, "error": error}, retry
        if token is None:
            return 200, {"ok": False, "error": "not_authed"}, {}
        if token not in (self.bot_token, self.app_token):
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        wanted = self.app_token if method == CONNECTIONS_OPEN else self.bot_token
        if token != wanted:
            return 200, {"ok": False, "error": "not_allowed_token_type"}, {}
        if method == CONNECTIONS_OPEN:
            host = self.url.removeprefix("http://")
            ticket = self.socket.issue_ticket()
            return (
                200,
                {"ok": True, "url": f"ws://{host}/link/?ticket={ticket}&app_id={self.app_id}"},
                {},
            )
        scopes = {"X-OAuth-Scopes": BOT_SCOPES}
        if method == "chat.postMessage" and self.rate_limit_post_message:
            wait = self._post_message_wait(self._channel_key(args))
            if wait > 0:
                return (
                    429,
                    {"ok": False, "error": "ratelimited"},
                    {"Retry-After": str(math.ceil(wait))},
                )
        try:
            body = BOT_METHODS[method](self, args)
        except SlackError as e:
            return 200, e.body(), scopes
        if method == "chat.postMessage":
            self._last_post[self._channel_key(args)] = time.monotonic()
        return 200, body, scopes

    def _channel_key(self, args: dict[str, Any]) -> str:
        """The channel a post lands in, so a user id and their DM id share one rate limit."""
        try:
            return self.resolve_channel(args.get("channel"))
        except SlackError:
            return str(args.get("channel", ""))

    def _post_message_wait(self, channel: str) -> float:
        last = self._last_post.get(channel)
        return 0.0 if last is None else POST_MESSAGE_INTERVAL - (time.monotonic() - last)

    async def handle_response_url(self, request: web.Request) -> web.Response:
        """A post to a response_url: ephemeral unless in_channel; may replace or delete original."""
        target = self._response_targets.get(request.match_info["key"])
        if target is None:
            return web.Response(status=404, text="no_service")
        try:
            body = await request.json()
        except ValueError:
            body = None
        args: dict[str, Any] = body if isinstance(body, dict) else {}
        status, text = self._respond(target, args)
        self.record(RecordedCall("response_url", args, status, {"ok": status == 200, "text": text}))
        return web.Response(status=status, text=text)

    def _respond(self, target: _ResponseTarget, args: dict[str, Any]) -> tuple[int, str]:
        try:
            if args.get("delete_original"):
                self.delete_message(target.channel, target.message_ts or "")
                return 200, "ok"
            check_message(args.get("text"), args.get("blocks"))
            content: dict[str, Any] = {
                k: args[k] for k in ("text", "blocks", "thread_ts") if k in args
            }
            if args.get("replace_original") and target.message_ts:
                message = self.find_message(target.channel, target.message_ts)
                message.update(content)
                self.touch()
            elif args.get("response_type") == "in_channel":
                self.add_message(target.channel, content)
            else:
                self.add_ephemeral(target.channel, target.user, content)
        except SlackError as e:
            return (404 if e.error == "message_not_found" else 400), e.error
        return 200, "ok"


async def _read_arguments(request: web.Request) -> tuple[dict[str, Any], str | None]:
    """Merge query, form or JSON body; the token comes from `Authorization: Bearer` or `token`."""
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                args.update(body)
        else:
            form = await request.post()
            args.update({k: v for k, v in form.items() if isinstance(v, str)})
    token = args.pop("token", None)
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = header.removeprefix("Bearer ").strip()
    return decode_json_arguments(args), (token if isinstance(token, str) and token else None)


def create_app(fake: FakeSlack) -> web.Application:
    """The aiohttp application serving `fake`: /api/{method}, /link/ (WebSocket), /hooks/..."""
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.handle_api)
    app.router.add_get("/link/", fake.socket.handle)
    app.router.add_post("/hooks/{kind}/{team}/{key}", fake.handle_response_url)
    files_api.add_routes(app, fake)
    return app
