"""In-memory state of a fake Slack workspace: users, channels, messages, views, triggers, calls."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sandbox import ids
from sandbox.blockkit import SlackError, with_block_ids
from sandbox.users import SlackUser, default_users

T = TypeVar("T")

DEFAULT_TRIGGER_TTL = 3.0  # seconds; Slack's documented trigger_id lifetime


@dataclass(frozen=True)
class RecordedCall:
    """One request the fake answered: method, parsed arguments, HTTP status, JSON response, time."""

    method: str
    args: dict[str, Any]
    status: int
    response: dict[str, Any]
    at: float = field(default_factory=time.time)

    @property
    def ok(self) -> bool:
        """True when Slack would have accepted the call."""
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class _Trigger:
    user: str
    expires_at: float
    used: bool = False


class Workspace:
    """State Slack keeps for one installed app; the Web API handlers read and change it."""

    def __init__(
        self,
        *,
        team_id: str = "T0SANDBOX1",
        team_name: str = "Sandbox",
        team_domain: str = "sandbox",
        app_id: str = "A0SANDBOX1",
        bot_id: str = "B0SANDBOX1",
        bot_user_id: str = "U0SANDBOT1",
        bot_name: str = "interview-bot",
        users: Iterable[SlackUser] | None = None,
        verification_token: str = "sandbox-verification-token",
        trigger_ttl: float = DEFAULT_TRIGGER_TTL,
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.team_domain = team_domain
        self.app_id = app_id
        self.bot_id = bot_id
        self.bot_user_id = bot_user_id
        self.bot_name = bot_name
        self.verification_token = verification_token
        self.trigger_ttl = trigger_ttl
        self.users: dict[str, SlackUser] = {}
        for user in default_users(team_id) if users is None else users:
            self.add_user(user)
        self.add_user(SlackUser(bot_user_id, bot_name, bot_name, "UTC", is_bot=True))
        self.channels: dict[str, dict[str, Any]] = {}
        self.general = self.add_channel("general")
        self.ts_clock = ids.TsClock()
        self._changed = asyncio.Event()
        self.reset()

    # -- directory -------------------------------------------------------------------------

    def add_user(self, user: SlackUser) -> SlackUser:
        """Add (or replace) a member."""
        self.users[user.id] = user
        return user

    def user(self, name: str) -> SlackUser:
        """The member with this handle (e.g. `"alice"`)."""
        for user in self.users.values():
            if user.name == name:
                return user
        raise KeyError(name)

    def add_channel(self, name: str) -> str:
        """Create a public channel and return its C-prefixed id."""
        channel_id = ids.stable_id("C", self.team_id, name)
        self.channels[channel_id] = {"id": channel_id, "name": name, "is_channel": True}
        return channel_id

    def dm_channel(self, user_id: str) -> str:
        """The bot's DM channel with `user_id`: a D-prefixed id, the same on every run."""
        if user_id not in self.users:
            raise SlackError("user_not_found")
        channel_id = ids.stable_id("D", self.team_id, user_id)
        self.channels.setdefault(
            channel_id, {"id": channel_id, "is_im": True, "user": user_id, "is_open": True}
        )
        return channel_id

    def group_dm_channel(self, user_ids: list[str]) -> str:
        """The group DM (mpim) of the bot with several users: a stable G-prefixed id."""
        if any(u not in self.users for u in user_ids):
            raise SlackError("user_not_found")
        members = sorted({*user_ids, self.bot_user_id})
        channel_id = ids.stable_id("G", self.team_id, *members)
        self.channels.setdefault(
            channel_id, {"id": channel_id, "is_mpim": True, "members": members}
        )
        return channel_id

    def resolve_channel(self, channel: Any) -> str:
        """A channel id for a channel id or user id argument; channel_not_found otherwise."""
        if isinstance(channel, str) and channel in self.users:
            return self.dm_channel(channel)  # posting to a user id lands in the DM, as in Slack
        if isinstance(channel, str) and channel in self.channels:
            return channel
        raise SlackError("channel_not_found")

    # -- recording -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget calls, messages, views and triggers; keep users and channels."""
        self._calls: list[RecordedCall] = []
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._ephemerals: list[dict[str, Any]] = []
        self._views: dict[str, dict[str, Any]] = {}
        self._view_owner: dict[str, str] = {}
        self._open_views: dict[str, list[str]] = {}
        self._homes: dict[str, str] = {}
        self._triggers: dict[str, _Trigger] = {}
        self.touch()

    def touch(self) -> None:
        """Wake every wait_for so it re-checks its predicate."""
        self._changed.set()
        self._changed = asyncio.Event()

    def record(self, call: RecordedCall) -> None:
        """Keep one answered request."""
        self._calls.append(call)
        self.touch()

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Every recorded call, or those to one method, oldest first."""
        return [c for c in self._calls if method is None or c.method == method]

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 2.0) -> T:  # noqa: ASYNC109
        """Wait until `predicate()` is truthy and return its value; TimeoutError after `timeout`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s")
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                continue  # re-check once more at the deadline, then fail

    async def wait_for_call(
        self,
        method: str,
        *,
        count: int = 1,
        timeout: float = 2.0,  # noqa: ASYNC109
    ) -> RecordedCall:
        """Wait for the `count`-th call to `method` and return it."""
        await self.wait_for(lambda: len(self.calls(method)) >= count, timeout)
        return self.calls(method)[count - 1]

    # -- messages --------------------------------------------------------------------------

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages now in `channel` (after updates and deletes), oldest first."""
        return [dict(m) for m in self._messages.get(channel, [])]

    def ephemerals(
        self, channel: str | None = None, user: str | None = None
    ) -> list[dict[str, Any]]:
        """Ephemeral messages shown so far, optionally only in one channel or to one user."""
        return [
            dict(m)
            for m in self._ephemerals
            if (channel is None or m["channel"] == channel) and (user is None or m["user"] == user)
        ]

    def add_message(
        self, channel: str, fields: dict[str, Any], *, user: str | None = None
    ) -> dict[str, Any]:
        """Store a new message from the bot (or from `user`) and return it."""
        message: dict[str, Any] = {
            "type": "message",
            "ts": self.ts_clock.next(),
            "team": self.team_id,
        }
        if user is None:
            message.update(user=self.bot_user_id, bot_id=self.bot_id, app_id=self.app_id)
        else:
            message["user"] = user
        message.update({k: v for k, v in fields.items() if v is not None})
        if "blocks" in message:
            message["blocks"] = with_block_ids(message["blocks"])
        message["channel"] = channel  # not in Slack's shape; kept so tests can click on it
        self._messages.setdefault(channel, []).append(message)
        self.touch()
        return message

    def find_message(self, channel: str, ts: str) -> dict[str, Any]:
        """The stored message at `ts`; message_not_found otherwise."""
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def delete_message(self, channel: str, ts: str) -> None:
        """Remove a message; message_not_found if it is not there."""
        message = self.find_message(channel, ts)
        self._messages[channel].remove(message)
        self.touch()

    def add_ephemeral(self, channel: str, user: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Store an ephemeral message only `user` sees. It comes from the app (Slack draws it
        with the app's name), and like any message its blocks get a block_id when they lack one,
        so its buttons can be clicked."""
        message: dict[str, Any] = {
            "type": "message",
            "ts": self.ts_clock.next(),
            "channel": channel,
            "user": user,
        }
        message.update({k: v for k, v in fields.items() if v is not None})
        message["bot_id"] = self.bot_id
        blocks = message.get("blocks")
        if isinstance(blocks, list):
            message["blocks"] = with_block_ids(blocks)
        self._ephemerals.append(message)
        self.touch()
        return message

    # -- views -----------------------------------------------------------------------------

    def views(self, user: str | None = None) -> list[dict[str, Any]]:
        """Modals now open (for one user, or all), bottom of each stack first."""
        owners = [user] if user is not None else list(self._open_views)
        return [dict(self._views[v]) for u in owners for v in self._open_views.get(u, [])]

    def view(self, view_id: str) -> dict[str, Any]:
        """A view by id (open, closed or home); not_found otherwise."""
        if view_id not in self._views:
            raise SlackError("not_found")
        return dict(self._views[view_id])

    def view_owner(self, view_id: str) -> str:
        """The user a view was opened for or published to."""
        return self._view_owner[view_id]

    def home(self, user: str) -> dict[str, Any] | None:
        """The Home tab published for `user`, if any."""
        view_id = self._homes.get(user)
        return None if view_id is None else dict(self._views[view_id])

    def store_view(self, user: str, view: dict[str, Any], *, push: bool = False) -> dict[str, Any]:
        """Open a modal (or push onto the user's stack) or publish a home tab; return the view."""
        view_id = ids.random_id("V")
        stack = self._open_views.setdefault(user, [])
        if view.get("type") == "home":
            previous = None
            self._homes[user] = view_id
        else:
            previous = stack[-1] if push and stack else None
            if not push:
                stack.clear()
            stack.append(view_id)
        root = self._views[stack[0]]["root_view_id"] if push and len(stack) > 1 else view_id
        self._views[view_id] = self._view_object(view, view_id, root, previous)
        self._view_owner[view_id] = user
        self.touch()
        return dict(self._views[view_id])

    def replace_view(self, view_id: str, view: dict[str, Any]) -> dict[str, Any]:
        """Update an existing view in place, keeping its id; return the new view."""
        old = self._views[view_id]
        self._views[view_id] = self._view_object(
            view, view_id, old["root_view_id"], old["previous_view_id"]
        )
        self.touch()
        return dict(self._views[view_id])

    def close_view(self, view_id: str, *, clear: bool = False) -> None:
        """Close a modal (or, with `clear`, its whole stack), as after a submission."""
        stack = self._open_views.get(self._view_owner.get(view_id, ""), [])
        if clear:
            stack.clear()
        elif view_id in stack:
            stack.remove(view_id)
        self.touch()

    def find_view(self, view_id: str | None, external_id: str | None) -> str:
        """A view id from either identifier; not_found otherwise."""
        for vid, view in self._views.items():
            if vid == view_id or (external_id and view.get("external_id") == external_id):
                return vid
        raise SlackError("not_found")

    def _view_object(
        self, view: dict[str, Any], view_id: str, root: str, previous: str | None
    ) -> dict[str, Any]:
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type"),
            "blocks": with_block_ids(list(view.get("blocks", []))),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{ids.random_id('h', 8)}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous,
            "root_view_id": root,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    # -- triggers --------------------------------------------------------------------------

    def issue_trigger(self, user: str) -> str:
        """A fresh trigger_id for `user`, valid once within `trigger_ttl` seconds."""
        trigger = ids.trigger_id()
        self._triggers[trigger] = _Trigger(user, time.monotonic() + self.trigger_ttl)
        return trigger

    def exchange_trigger(self, trigger_id: Any) -> str:
        """Use up a trigger and return its user; Slack's trigger error otherwise."""
        trigger = self._triggers.get(trigger_id) if isinstance(trigger_id, str) else None
        if trigger is None:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if time.monotonic() > trigger.expires_at:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger.user
