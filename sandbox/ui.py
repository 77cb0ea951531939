"""The sandbox page: a minimal Slack in the browser, over a small JSON API and a WebSocket.

The page (static files in sandbox/web/, no build step) asks `/ui/screen` what one person sees,
posts what they do to `/ui/...`, and redraws when `/ui/changes` says the workspace changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import mimetypes
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from sandbox import screen
from sandbox.blockkit import SlackError
from sandbox.delivery import PageDriver
from sandbox.desktop import Desktop
from sandbox.files_api import shared_file
from sandbox.slack_api import FakeSlack

WEB = Path(__file__).resolve().parent / "web"
IDLE_PING = 25.0  # seconds; a quiet workspace still tells the page it is alive

Wipe = Callable[[], None]
ResetHook = Callable[[Wipe], Awaitable[None]]
"""Called by the reset button with the function that wipes the stand-in; the hook calls it
between stopping and restarting whatever keeps its own state (e.g. the app's database)."""

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


class SandboxPage:
    """Serves the page for one FakeSlack; `start()` then `stop()`."""

    def __init__(
        self,
        fake: FakeSlack,
        driver: PageDriver,
        *,
        roles: Mapping[str, str] | None = None,
        on_reset: ResetHook | None = None,
    ) -> None:
        self.fake = fake
        self.driver = driver
        self.desktop = Desktop(fake, driver)
        self.roles = dict(roles or {})
        self.on_reset = on_reset
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._reset_lock = asyncio.Lock()

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 8080) -> None:
        """Serve on `host:port` (port 0 picks a free one)."""
        self._runner = web.AppRunner(self.app(loopback_only=_is_loopback(host)), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self._url = f"http://{bound_host}:{bound_port}/"

    async def stop(self) -> None:
        """Close the page's WebSockets and the server."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        """Where the page is, e.g. `http://127.0.0.1:8080/`."""
        if self._url is None:
            raise RuntimeError("the page is not started")
        return self._url

    def app(self, *, loopback_only: bool = True) -> web.Application:
        """The aiohttp application: the page, its API and static files."""
        middlewares = [_loopback_hosts] if loopback_only else []
        app = web.Application(middlewares=[*middlewares, _errors])
        app.router.add_get("/", self._file("index.html"))
        app.router.add_get("/log", self._file("log.html"))
        app.router.add_static("/static", WEB)
        app.router.add_get("/ui/workspace", self.handle_workspace)
        app.router.add_get("/ui/screen", self.handle_screen)
        app.router.add_get("/ui/log", self.handle_log)
        app.router.add_get("/ui/changes", self.handle_changes)
        app.router.add_get("/ui/file", self.handle_file)
        for name, handler in {
            "write": self.handle_write,
            "edit": self.handle_edit,
            "delete": self.handle_delete,
            "click": self.handle_click,
            "submit": self.handle_submit,
            "close": self.handle_close,
            "home": self.handle_home,
            "reset": self.handle_reset,
            "settings": self.handle_settings,
        }.items():
            app.router.add_post(f"/ui/{name}", handler)
        return app

    # -- reading ---------------------------------------------------------------------------

    def _file(self, name: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def serve(request: web.Request) -> web.StreamResponse:
            return web.FileResponse(
                WEB / name, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"}
            )

        return serve

    async def handle_workspace(self, request: web.Request) -> web.Response:
        """The team, the app and the people to switch between."""
        return web.json_response(screen.workspace(self.fake, self.roles))

    async def handle_screen(self, request: web.Request) -> web.Response:
        """What one person sees in one conversation."""
        user = request.query.get("user", "")
        shown = screen.screen(
            self.fake, self.driver, self.desktop, user, request.query.get("channel")
        )
        return web.json_response(shown)

    async def handle_file(self, request: web.Request) -> web.Response:
        """A shared file's bytes, for a person who can see the channel it was shared in."""
        user = request.query.get("user", "")
        found = shared_file(self.fake, request.query.get("id", ""))
        if found is None or found.channel is None or user not in self.fake.users:
            return web.Response(status=404, text="file_not_found")
        if not screen.may_open(self.fake, user, found.channel):
            return web.Response(status=403, text="access_denied")
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        inline = kind.startswith("image/") or kind in ("text/plain", "text/csv", "application/pdf")
        disposition = "inline" if inline else "attachment"
        return web.Response(
            body=found.content or b"",
            content_type=kind,
            headers={
                "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.name)}",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
            },
        )

    async def handle_log(self, request: web.Request) -> web.Response:
        """Every Web API call and every delivery, newest first, and the rate-limit switch."""
        log = {
            "entries": screen.call_log(self.fake, self.driver),
            "rate_limit_post_message": self.fake.rate_limit_post_message,
        }
        return web.json_response(log, dumps=_dumps)

    async def handle_changes(self, request: web.Request) -> web.WebSocketResponse:
        """A WebSocket that says `changed` whenever the workspace (or the log) changes."""
        ws = web.WebSocketResponse(heartbeat=30.0)
        await ws.prepare(request)
        self._sockets.add(ws)
        pusher = asyncio.create_task(self._push_changes(ws))
        try:
            async for _ in ws:
                pass  # the page only listens
        finally:
            pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pusher
            self._sockets.discard(ws)
        return ws

    async def _push_changes(self, ws: web.WebSocketResponse) -> None:
        while not ws.closed:
            await next_change(self.fake, IDLE_PING)
            await asyncio.sleep(0.03)  # one answer touches the workspace several times: coalesce
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.send_json({"type": "changed"})

    # -- acting ----------------------------------------------------------------------------

    async def handle_write(self, request: web.Request) -> web.Response:
        """A message or a slash command from the composer."""
        body = await _body(request)
        stored = await self.desktop.write(
            _text(body, "user"),
            _text(body, "channel"),
            _text(body, "text", empty=True),
            _optional(body, "thread_ts"),
        )
        return _ok(ts=None if stored is None else stored["ts"])

    async def handle_edit(self, request: web.Request) -> web.Response:
        """A person edits their own message."""
        body = await _body(request)
        user, channel = _text(body, "user"), _text(body, "channel")
        await self.desktop.edit(user, channel, _text(body, "ts"), _text(body, "text", empty=True))
        return _ok()

    async def handle_delete(self, request: web.Request) -> web.Response:
        """A person deletes their own message."""
        body = await _body(request)
        await self.desktop.delete(_text(body, "user"), _text(body, "channel"), _text(body, "ts"))
        return _ok()

    async def handle_click(self, request: web.Request) -> web.Response:
        """A button, select, radio button... in a message, an ephemeral, a modal or Home."""
        body = await _body(request)
        acked = await self.desktop.click(
            _text(body, "user"),
            block_id=_text(body, "block_id"),
            action_id=_text(body, "action_id"),
            state=_object(body, "state"),
            channel=_optional(body, "channel"),
            ts=_optional(body, "ts"),
            view_id=_optional(body, "view_id"),
            view_state=_object(body, "view_state"),
        )
        return _ok(acked=acked)

    async def handle_submit(self, request: web.Request) -> web.Response:
        """A modal's submit button; the answer carries the errors now shown in the modal."""
        body = await _body(request)
        values = _object(body, "values") or {}
        errors = await self.desktop.submit(_text(body, "user"), _text(body, "view_id"), values)
        return _ok(errors=errors)

    async def handle_close(self, request: web.Request) -> web.Response:
        """A modal's close button."""
        body = await _body(request)
        await self.desktop.close(_text(body, "user"), _text(body, "view_id"))
        return _ok()

    async def handle_home(self, request: web.Request) -> web.Response:
        """A person opens the app's Home tab."""
        body = await _body(request)
        await self.desktop.open_home(_text(body, "user"))
        return _ok()

    async def handle_reset(self, request: web.Request) -> web.Response:
        """Wipe every message, view and log entry (and, through the hook, the app's data)."""
        await _body(request)  # JSON only, like every other action
        async with self._reset_lock:
            if self.on_reset is None:
                self.wipe()
            else:
                await self.on_reset(self.wipe)
        return _ok()

    def wipe(self) -> None:
        """Forget everything people and the app did; keep people, channels and connections."""
        self.driver.reset()
        self.desktop.reset()
        self.fake.reset()

    async def handle_settings(self, request: web.Request) -> web.Response:
        """Switch Slack's optional behaviour: the chat.postMessage rate limit."""
        body = await _body(request)
        limit = body.get("rate_limit_post_message")
        if not isinstance(limit, bool):
            raise web.HTTPBadRequest(text="rate_limit_post_message must be true or false")
        self.fake.rate_limit_post_message = limit
        self.fake.touch()
        return _ok()


async def next_change(fake: FakeSlack, timeout: float) -> None:  # noqa: ASYNC109
    """Return after the workspace next changes (or after `timeout`)."""
    checked = False

    def changed() -> bool:
        # wait_for checks once before waiting and again after every change: the second
        # check means something changed.
        nonlocal checked
        if checked:
            return True
        checked = True
        return False

    with contextlib.suppress(TimeoutError):
        await fake.wait_for(changed, timeout)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=str)


def _ok(**fields: Any) -> web.Response:
    return web.json_response({"ok": True, **fields})


async def _body(request: web.Request) -> dict[str, Any]:
    # JSON only: a form posted from another site cannot reach these handlers without CORS.
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="send application/json")
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body is not JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="the body must be a JSON object")
    return body


def _text(body: dict[str, Any], key: str, *, empty: bool = False) -> str:
    value = body.get(key)
    if not isinstance(value, str) or (not value and not empty):
        raise web.HTTPBadRequest(text=f"{key} must be a non-empty string")
    return value


def _optional(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise web.HTTPBadRequest(text=f"{key} must be a string")
    return value


def _object(body: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = body.get(key)
    if value is not None and not isinstance(value, dict):
        raise web.HTTPBadRequest(text=f"{key} must be an object")
    return value


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@web.middleware
async def _loopback_hosts(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Refuse requests for other host names (a DNS-rebinding page cannot drive the sandbox)."""
    name = request.host.rsplit(":", 1)[0].strip("[]")
    if not _is_loopback(name):
        raise web.HTTPForbidden(text="the sandbox answers on loopback addresses only")
    return await handler(request)


@web.middleware
async def _errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Errors as JSON with Slack's error names: `{"ok": false, "error": "message_not_found"}`."""
    try:
        return await handler(request)
    except SlackError as e:
        return web.json_response(e.body(), status=400)
    except web.HTTPClientError as e:
        error = _CLIENT_ERRORS.get(e.status, "invalid_request")
        return web.json_response({"ok": False, "error": error, "detail": e.text}, status=e.status)


_CLIENT_ERRORS = {
    400: "invalid_arguments",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    415: "invalid_content_type",
}
