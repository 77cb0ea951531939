"""Deliveries from the sandbox page to the app, timed and retried the way Slack does it.

Slack gives an app 3 seconds to answer. An event that gets no 2xx in time is sent again, up to
three times, with the same event_id and `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` headers (in
Socket Mode: `retry_attempt` / `retry_reason` in the envelope). Commands and interactions are never
retried: the person sees that the app did not respond instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

import aiohttp

from sandbox import ids, payloads
from sandbox.blockkit import SlackError, check_message
from sandbox.driver import FORM, JSON, Delivery, SlackDriver, Transport
from sandbox.slack_api import FakeSlack
from sandbox.socket_mode import EnvelopeType

ACK_TIMEOUT = 3.0
"""Seconds Slack waits for an app to acknowledge anything."""

RETRY_DELAYS = (1.0, 60.0, 300.0)
"""Slack retries an event nearly at once, after a minute, then after five minutes."""

Outcome = Literal["ok", "http_timeout", "http_error", "connection_failed"]


@dataclass(frozen=True)
class DeliveryRecord:
    """One attempt to deliver something to the app, for the call log."""

    kind: str  # event_callback, slash_command, block_actions, view_submission, view_closed
    transport: Transport
    payload: dict[str, Any]
    outcome: Outcome
    status: int | None
    response: str
    retry_num: int | None = None
    retry_reason: str | None = None
    at: float = field(default_factory=time.time)
    seconds: float = 0.0


@dataclass(frozen=True)
class Notice:
    """Something Slack itself tells one person in a conversation (only they see it)."""

    user: str
    channel: str
    text: str
    ts: str


class PageDriver(SlackDriver):
    """A SlackDriver that keeps Slack's deadlines, retries events and logs every attempt."""

    def __init__(
        self,
        fake: FakeSlack,
        *,
        app_url: str | None = None,
        signing_secret: str | None = None,
        transport: Transport = "http",
        timeout: float = ACK_TIMEOUT,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        commands: Collection[str] | None = None,
        events: Collection[str] | None = None,
    ) -> None:
        super().__init__(
            fake,
            app_url=app_url,
            signing_secret=signing_secret,
            transport=transport,
            timeout=timeout,
        )
        self.retry_delays = retry_delays
        self.commands = None if commands is None else frozenset(commands)  # None: every command
        self.events = None if events is None else frozenset(events)  # None: every event type
        self.log: list[DeliveryRecord] = []
        self.notices: list[Notice] = []
        self._tasks: set[asyncio.Task[None]] = set()

    # -- what the app is subscribed to ------------------------------------------------------

    def has_command(self, command: str) -> bool:
        """Whether the app registered this slash command."""
        return self.commands is None or command in self.commands

    def subscribed(self, event_name: str) -> bool:
        """Whether the app subscribed to this event (e.g. `message.im`)."""
        return self.events is None or event_name in self.events

    def notify(self, user: str, channel: str, text: str) -> Notice:
        """Show `user` a message from Slack itself in `channel`."""
        notice = Notice(user, channel, text, self.fake.ts_clock.next())
        self.notices.append(notice)
        self.fake.touch()
        return notice

    def reset(self) -> None:
        """Forget the log and notices; cancel pending retries."""
        for task in list(self._tasks):
            task.cancel()
        self.log.clear()
        self.notices.clear()
        self.fake.touch()

    async def close(self) -> None:
        """Cancel pending deliveries and close the HTTP session."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await super().close()

    async def drain(self) -> None:
        """Wait until every event delivery (retries included) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- slash commands ---------------------------------------------------------------------

    async def run_command(self, user: str, channel: str, command: str, text: str) -> None:
        """`user` sends `command text` in `channel`; the ack's body (if any) is shown to them."""
        if not self.has_command(command):
            self.notify(
                user,
                channel,
                f"`{command}` is not a valid command. In Slack, all messages that start with "
                'the "/" character are interpreted as commands.',
            )
            return
        form = payloads.command(
            self.fake,
            user=user,
            text=text,
            command=command,
            channel=channel,
            trigger_id=self.fake.issue_trigger(user),
            response_url=self.fake.issue_response_url(channel, user),
        )
        delivery = await self.interact("slash_command", dict(form), user=user, channel=channel)
        if delivery is None:
            return
        if delivery.status != 200:
            self.notify(user, channel, f'`{command}` failed with the error "dispatch_failed"')
            return
        self._show_command_reply(user, channel, command, delivery.body)

    def _show_command_reply(self, user: str, channel: str, command: str, body: str) -> None:
        """A command's ack may carry a reply: JSON with text/blocks, or plain text."""
        if not body.strip():
            return
        try:
            reply = json.loads(body)
        except json.JSONDecodeError:
            reply = {"text": body}
        if not isinstance(reply, dict):
            reply = {"text": body}
        content = {k: reply[k] for k in ("text", "blocks") if reply.get(k)}
        if not content:
            return
        try:
            check_message(content.get("text"), content.get("blocks"))
        except SlackError as e:
            self.notify(user, channel, f'`{command}` failed with the error "{e.error}"')
            return
        if reply.get("response_type") == "in_channel":
            self.fake.add_message(channel, content)
        else:
            self.fake.add_ephemeral(channel, user, content)

    # -- interactions -----------------------------------------------------------------------

    async def interact(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        user: str,
        channel: str | None,
        accepts_response_payload: bool = False,
    ) -> Delivery | None:
        """Deliver a command or interaction once; None (and a notice) if the app did not answer."""
        envelope: EnvelopeType = "interactive"
        body = urlencode({"payload": json.dumps(payload)})
        if kind == "slash_command":
            envelope, body = "slash_commands", urlencode(payload)
        send = functools.partial(self._send, envelope, payload, body, accepts_response_payload)
        delivery, outcome = await self._attempt(kind, payload, send)
        if delivery is not None:
            return delivery
        if channel is not None:
            what = f"`{payload['command']}`" if kind == "slash_command" else "The app"
            error = "operation_timeout" if outcome == "http_timeout" else "dispatch_failed"
            if kind == "slash_command":
                self.notify(user, channel, f'{what} failed with the error "{error}"')
            else:
                self.notify(user, channel, f"{what} did not respond in time ({error}).")
        return None

    def apply_view_response(self, user: str, view_id: str, delivery: Delivery) -> None:
        """Do to the modal what Slack does with a submission's ack (close, update, push)."""
        self._apply_view_response(user, view_id, delivery)

    # -- events -----------------------------------------------------------------------------

    def deliver_event(self, event: dict[str, Any], event_name: str) -> str | None:
        """Send an event in the background (with Slack's retries) if the app subscribed to it."""
        if not self.subscribed(event_name):
            return None
        event_id = ids.event_id()
        task = asyncio.create_task(self._deliver_event(event, event_id), name=f"event {event_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return event_id

    async def _deliver_event(self, event: dict[str, Any], event_id: str) -> None:
        reason: Outcome | None = None
        for attempt in range(len(self.retry_delays) + 1):
            retry_num = attempt or None
            if retry_num is not None:
                await asyncio.sleep(self.retry_delays[retry_num - 1])
            body = payloads.event_callback(self.fake, event, event_id)
            delivery, reason = await self._attempt(
                "event_callback",
                body,
                functools.partial(self._send_event, body, retry_num, reason),
                retry_num=retry_num,
                retry_reason=None if retry_num is None else reason,
            )
            if delivery is not None and 200 <= delivery.status < 300:
                return

    async def _send_event(
        self, body: dict[str, Any], retry_num: int | None, reason: Outcome | None
    ) -> Delivery:
        if self.transport == "socket":
            ack = await self.fake.push(
                "events_api",
                body,
                retry_attempt=retry_num,
                retry_reason="timeout" if reason == "http_timeout" else reason,
                timeout=self.timeout,
            )
            return Delivery(200, json.dumps(ack.payload) if ack.payload else "")
        headers = {}
        if retry_num is not None and reason is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason}
        status, text = await self._post(json.dumps(body), JSON, headers, None, None)
        return Delivery(status, text, event_id=body["event_id"])

    # -- transport --------------------------------------------------------------------------

    async def _send(
        self,
        envelope: EnvelopeType,
        payload: dict[str, Any],
        body: str,
        accepts_response_payload: bool,
    ) -> Delivery:
        if self.transport == "socket":
            ack = await self.fake.push(
                envelope,
                payload,
                accepts_response_payload=accepts_response_payload,
                timeout=self.timeout,
            )
            return Delivery(200, json.dumps(ack.payload) if ack.payload else "")
        status, text = await self._post(body, FORM, {}, None, None)
        return Delivery(status, text)

    async def _attempt(
        self,
        kind: str,
        payload: dict[str, Any],
        send: Callable[[], Awaitable[Delivery]],
        *,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> tuple[Delivery | None, Outcome]:
        """One delivery, logged; (None, why) when the app did not answer within the deadline."""
        started = time.time()
        delivery: Delivery | None = None
        outcome: Outcome
        try:
            delivery = await asyncio.wait_for(send(), self.timeout)
            outcome = "ok" if 200 <= delivery.status < 300 else "http_error"
        except TimeoutError:
            outcome = "http_timeout"
        except (aiohttp.ClientError, OSError):
            outcome = "connection_failed"
        self.log.append(
            DeliveryRecord(
                kind=kind,
                transport=self.transport,
                payload=payload,
                outcome=outcome,
                status=None if delivery is None else delivery.status,
                response="" if delivery is None else delivery.body,
                retry_num=retry_num,
                retry_reason=retry_reason,
                at=started,
                seconds=time.time() - started,
            )
        )
        self.fake.touch()
        return delivery, outcome
