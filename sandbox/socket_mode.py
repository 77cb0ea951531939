"""Socket Mode server side: WebSocket connections, `hello`, envelopes pushed and their acks."""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import WSCloseCode, WSMsgType, web

from sandbox import ids

EnvelopeType = Literal["events_api", "slash_commands", "interactive"]


@dataclass(frozen=True)
class SocketAck:
    """A client's acknowledgement of one envelope, with the response payload if it sent one."""

    envelope_id: str
    payload: dict[str, Any] | None


class SocketModeHub:
    """Accepts Socket Mode clients on tickets from apps.connections.open and pushes envelopes."""

    def __init__(self, app_id: str, on_change: Callable[[], None] = lambda: None) -> None:
        self.app_id = app_id
        self._on_change = on_change  # lets FakeSlack.wait_for see connections and acks
        self.acks: list[SocketAck] = []
        self.accepted = 0  # connections accepted so far, to tell a reconnect from the first one
        self._tickets: set[str] = set()
        self._connections: list[web.WebSocketResponse] = []
        self._pending: dict[str, asyncio.Future[SocketAck]] = {}
        self._connected = asyncio.Event()
        self._turn = itertools.count()

    @property
    def connections(self) -> int:
        """How many clients are connected now."""
        return len(self._connections)

    def issue_ticket(self) -> str:
        """A single-use ticket for the WebSocket URL apps.connections.open hands out."""
        ticket = secrets.token_hex(16)
        self._tickets.add(ticket)
        return ticket

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The WebSocket endpoint: check the ticket, say hello, then read acks until closed."""
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            raise web.HTTPUnauthorized(text="invalid ticket")
        self._tickets.discard(ticket)  # Slack's WSS URLs are single use
        ws = web.WebSocketResponse(autoping=True, timeout=1.0)  # short close handshake on stop
        await ws.prepare(request)
        self._connections.append(ws)
        self.accepted += 1
        self._connected.set()
        self._on_change()
        try:
            await ws.send_json(self._hello())
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._on_text(message.data)
        finally:
            self._connections.remove(ws)
            if not self._connections:
                self._connected.clear()
            self._on_change()
        return ws

    def _hello(self) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": len(self._connections),
            "debug_info": {
                "host": "applink-sandbox",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }

    def _on_text(self, data: str) -> None:
        try:
            message = json.loads(data)
        except json.JSONDecodeError:
            return  # Slack ignores garbage from clients too
        if not isinstance(message, dict) or "envelope_id" not in message:
            return
        ack = SocketAck(str(message["envelope_id"]), message.get("payload"))
        self.acks.append(ack)
        self._on_change()
        future = self._pending.get(ack.envelope_id)
        if future is not None and not future.done():
            future.set_result(ack)

    async def wait_connected(self, timeout: float = 2.0) -> None:  # noqa: ASYNC109
        """Wait until at least one client is connected."""
        await asyncio.wait_for(self._connected.wait(), timeout)

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
        """Send one envelope to a connected client (round robin) and wait for its ack."""
        await self.wait_connected(timeout)
        envelope: dict[str, Any] = {
            "envelope_id": ids.envelope_id(),
            "payload": payload,
            "type": envelope_type,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":
            envelope["retry_attempt"] = retry_attempt or 0
            envelope["retry_reason"] = retry_reason or ""
        future: asyncio.Future[SocketAck] = asyncio.get_running_loop().create_future()
        self._pending[envelope["envelope_id"]] = future
        ws = self._connections[next(self._turn) % len(self._connections)]
        try:
            await ws.send_json(envelope)
            return await asyncio.wait_for(future, timeout)
        finally:
            self._pending.pop(envelope["envelope_id"], None)

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask every client to reconnect, as Slack does every few hours."""
        message = {
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": "applink-sandbox"},
        }
        for ws in list(self._connections):
            await ws.send_json(message)

    async def close(self) -> None:
        """Close every connection (server going away)."""
        for ws in list(self._connections):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")
