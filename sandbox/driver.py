"""SlackDriver: plays the Slack side towards an app, over signed HTTP or Socket Mode."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlencode

import aiohttp

from sandbox import ids, payloads
from sandbox.blockkit import SlackError, check_view
from sandbox.slack_api import FakeSlack
from sandbox.socket_mode import EnvelopeType
from sandbox.workspace import RecordedCall

Transport = Literal["http", "socket"]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


@dataclass(frozen=True)
class Delivery:
    """What the app answered: HTTP status and body (for Socket Mode, 200 and the ack payload)."""

    status: int
    body: str
    trigger_id: str | None = None
    event_id: str | None = None

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is empty or not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except json.JSONDecodeError:
            return None


class SlackDriver:
    """Delivers commands, clicks, submissions and events to an app the way Slack does."""

    def __init__(
        self,
        fake: FakeSlack,
        *,
        app_url: str | None = None,
        signing_secret: str | None = None,
        transport: Transport = "http",
        timeout: float = 3.0,
    ) -> None:
        self.fake = fake
        self.app_url = app_url
        self.signing_secret = signing_secret
        self.transport = transport
        self.timeout = timeout  # Slack gives an app 3 seconds to answer
        self._session: aiohttp.ClientSession | None = None
        self._last_interaction: tuple[dict[str, Any], bool, str] | None = None

    async def close(self) -> None:
        """Close the HTTP session, if one was opened."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> SlackDriver:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- what people do --------------------------------------------------------------------

    async def command(
        self,
        user: str,
        text: str = "",
        command: str = "/interview",
        channel: str | None = None,
        *,
        secret: str | None = None,
        timestamp: float | None = None,
    ) -> Delivery:
        """`user` types `command text` in `channel` (default: their DM with the app)."""
        channel = channel or self.fake.dm_channel(user)
        trigger = self.fake.issue_trigger(user)
        form = payloads.command(
            self.fake,
            user=user,
            text=text,
            command=command,
            channel=channel,
            trigger_id=trigger,
            response_url=self.fake.issue_response_url(channel, user),
        )
        if self.transport == "socket":
            return await self._push("slash_commands", dict(form), True, trigger_id=trigger)
        status, body = await self._post(urlencode(form), FORM, {}, secret, timestamp)
        return Delivery(status, body, trigger_id=trigger)

    async def block_action(
        self,
        user: str,
        action_id: str,
        value: str | None = None,
        *,
        view: dict[str, Any] | str | None = None,
        message: dict[str, Any] | None = None,
        channel: str | None = None,
        secret: str | None = None,
        timestamp: float | None = None,
    ) -> Delivery:
        """`user` clicks or picks `action_id` (with `value`) in a message or an open view."""
        current_view = self._current_view(view) if view is not None else None
        current_message = None
        response_url = None
        if message is not None:
            channel = channel or message.get("channel") or self.fake.dm_channel(user)
            current_message = self.fake.find_message(channel, message["ts"])
            response_url = self.fake.issue_response_url(channel, user, current_message["ts"])
        source = current_view or current_message
        if source is None:
            raise ValueError("block_action needs the message or view that holds the element")
        found = payloads.find_element(source.get("blocks", []), action_id)
        if found is None:
            raise ValueError(f"no element with action_id {action_id!r} in that message or view")
        trigger = self.fake.issue_trigger(user)
        payload = payloads.block_actions(
            self.fake,
            user=user,
            entry=payloads.action(found[1], found[0], value),
            trigger_id=trigger,
            view=current_view,
            message=current_message,
            channel=channel,
            response_url=response_url,
        )
        return await self._interactive(payload, False, trigger, secret, timestamp)

    async def view_submission(
        self,
        user: str,
        view: dict[str, Any] | str,
        values: dict[str, dict[str, Any]],
        *,
        secret: str | None = None,
        timestamp: float | None = None,
    ) -> Delivery:
        """`user` submits a modal; values are {block_id: {action_id: text or element state}}."""
        current = self._current_view(view)
        trigger = self.fake.issue_trigger(user)
        payload = payloads.view_submission(
            self.fake, user=user, view=current, values=values, trigger_id=trigger
        )
        delivery = await self._interactive(payload, True, trigger, secret, timestamp)
        self._apply_view_response(user, current["id"], delivery)
        return delivery

    async def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        *,
        secret: str | None = None,
        timestamp: float | None = None,
    ) -> Delivery:
        """Deliver one Events API event; pass the same `event_id` with `retry_num` for a retry."""
        event_id = event_id or ids.event_id()
        body = payloads.event_callback(self.fake, event, event_id)
        if self.transport == "socket":
            ack = await self.fake.push(
                "events_api",
                body,
                retry_attempt=retry_num,
                retry_reason=retry_reason,
                timeout=self.timeout,
            )
            return Delivery(200, json.dumps(ack.payload) if ack.payload else "", event_id=event_id)
        headers = {}
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
        status, text = await self._post(json.dumps(body), JSON, headers, secret, timestamp)
        return Delivery(status, text, event_id=event_id)

    async def message(
        self,
        user: str,
        text: str,
        channel: str | None = None,
        *,
        event_id: str | None = None,
        secret: str | None = None,
        timestamp: float | None = None,
    ) -> Delivery:
        """`user` writes `text` (default: in their DM with the app); the app gets `message.im`."""
        channel = channel or self.fake.dm_channel(user)
        stored = self.fake.add_message(channel, {"text": text}, user=user)
        event = payloads.user_message(
            self.fake, user=user, text=text, channel=channel, ts=stored["ts"]
        )
        return await self.event(event, event_id, secret=secret, timestamp=timestamp)

    # -- transports ------------------------------------------------------------------------

    def _current_view(self, view: dict[str, Any] | str) -> dict[str, Any]:
        """The view as Slack holds it now (an app may have updated it since it was opened)."""
        view_id = view if isinstance(view, str) else view.get("id")
        try:
            return self.fake.view(str(view_id))
        except SlackError:
            if isinstance(view, str):
                raise
            return view

    @property
    def last_interaction(self) -> dict[str, Any] | None:
        """The payload of the last click or submission delivered, if any."""
        return None if self._last_interaction is None else self._last_interaction[0]

    async def deliver_again(self) -> Delivery:
        """Deliver the last click or submission once more, byte for byte (Slack does not retry
        interactions, but a proxy or a flaky network can repeat a request)."""
        if self._last_interaction is None:
            raise RuntimeError("nothing was delivered yet")
        payload, accepts, trigger = self._last_interaction
        return await self._interactive(payload, accepts, trigger, None, None)

    async def _interactive(
        self,
        payload: dict[str, Any],
        accepts_response_payload: bool,
        trigger: str,
        secret: str | None,
        timestamp: float | None,
    ) -> Delivery:
        self._last_interaction = (payload, accepts_response_payload, trigger)
        if self.transport == "socket":
            return await self._push(
                "interactive", payload, accepts_response_payload, trigger_id=trigger
            )
        body = urlencode({"payload": json.dumps(payload)})
        status, text = await self._post(body, FORM, {}, secret, timestamp)
        return Delivery(status, text, trigger_id=trigger)

    async def _push(
        self, kind: EnvelopeType, payload: dict[str, Any], accepts: bool, *, trigger_id: str
    ) -> Delivery:
        ack = await self.fake.push(
            kind, payload, accepts_response_payload=accepts, timeout=self.timeout
        )
        body = json.dumps(ack.payload) if ack.payload else ""
        return Delivery(200, body, trigger_id=trigger_id)

    async def _post(
        self,
        body: str,
        content_type: str,
        headers: dict[str, str],
        secret: str | None,
        timestamp: float | None,
    ) -> tuple[int, str]:
        """POST a signed body to the app; `secret` / `timestamp` override for negative tests."""
        if self.app_url is None:
            raise RuntimeError("SlackDriver needs app_url for the http transport")
        signing_secret = secret if secret is not None else self.signing_secret
        if not signing_secret:
            raise RuntimeError("SlackDriver needs signing_secret for the http transport")
        ts = str(int(time.time() if timestamp is None else timestamp))
        signed = {
            "Content-Type": content_type,
            "User-Agent": USER_AGENT,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": payloads.signature(signing_secret, ts, body),
            **headers,
        }
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        async with self._session.post(self.app_url, data=body.encode(), headers=signed) as response:
            return response.status, await response.text()

    def _apply_view_response(self, user: str, view_id: str, delivery: Delivery) -> None:
        """Do to the modal what Slack does with the submission's ack (close, update, push...)."""
        if delivery.status != 200:
            return
        answer = delivery.json()
        action = answer.get("response_action") if isinstance(answer, dict) else None
        if action in (None, "clear"):
            self.fake.close_view(view_id, clear=action == "clear")
            return
        if action not in ("update", "push"):
            return  # "errors": the modal stays open and shows them
        assert isinstance(answer, dict)
        try:
            check_view(answer.get("view"))
        except SlackError as e:
            self.fake.record(RecordedCall("response_action", answer, 200, e.body()))
            return
        if action == "update":
            self.fake.replace_view(view_id, answer["view"])
        else:
            self.fake.store_view(user, answer["view"], push=True)
        self.fake.record(RecordedCall("response_action", answer, 200, {"ok": True}))
