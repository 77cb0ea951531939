"""The Slack client on the sandbox page: what a person writes, edits, deletes, clicks and submits.

Each action changes the workspace the way Slack's client does and sends the app what Slack would:
a `message` event, a signed slash command, `block_actions`, `view_submission`, `view_closed` or
`app_home_opened`.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from sandbox import payloads
from sandbox.blockkit import SlackError
from sandbox.delivery import PageDriver
from sandbox.slack_api import FakeSlack

TROUBLE = "We had some trouble connecting. Try again?"
"""What Slack shows in a modal when the app does not answer its submission in time."""

TIMEOUT = "The app did not respond in time (operation_timeout)."
"""What the page shows when a click in a modal got no acknowledgement within 3 seconds."""

REQUIRED = "Please complete this required field."
"""What Slack's client shows under an empty required input (the app never sees the submit)."""

MODAL_ERROR = "_modal"
"""Key of an error about the whole modal rather than one input."""

_HANDLE = re.compile(r"(?<![\w@&])@([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)", re.IGNORECASE)
_CHANNEL_NAME = re.compile(r"(?<![\w#&])#([a-z0-9][a-z0-9_-]*)", re.IGNORECASE)


def escape(text: str) -> str:
    """Text as Slack sends what a person typed: `&`, `<` and `>` as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Desktop:
    """One workspace as people use it; every method acts as the person `user`."""

    def __init__(self, fake: FakeSlack, driver: PageDriver) -> None:
        self.fake = fake
        self.driver = driver
        self.view_errors: dict[str, dict[str, str]] = {}

    def reset(self) -> None:
        """Forget modal errors (the workspace and driver are reset by their owners)."""
        self.view_errors.clear()

    def _person(self, user: str) -> str:
        """`user`, if it is a person in the workspace (not the app's bot user)."""
        member = self.fake.users.get(user)
        if member is None or member.is_bot:
            raise SlackError("user_not_found")
        return user

    # -- text -------------------------------------------------------------------------------

    def typed(self, text: str, *, with_names: bool = False) -> str:
        """Typed text as Slack delivers it: escaped, `@handle` turned into a user mention and
        `#name` of an existing channel into a channel link (as picking it in the composer does)."""

        def mention(match: re.Match[str]) -> str:
            handle = match.group(1)
            try:
                user = self.fake.user(handle.lower())
            except KeyError:
                return match.group(0)
            return f"<@{user.id}|{user.name}>" if with_names else f"<@{user.id}>"

        names = {
            str(c["name"]).lower(): str(c["id"])
            for c in self.fake.channels.values()
            if c.get("is_channel")
        }

        def channel(match: re.Match[str]) -> str:
            found = names.get(match.group(1).lower())
            return match.group(0) if found is None else f"<#{found}|{match.group(1).lower()}>"

        return _CHANNEL_NAME.sub(channel, _HANDLE.sub(mention, escape(text)))

    # -- messages ---------------------------------------------------------------------------

    async def write(
        self, user: str, channel: str, text: str, thread_ts: str | None = None
    ) -> dict[str, Any] | None:
        """`user` sends `text`: a slash command if it starts with `/`, otherwise a message."""
        self._person(user)
        self.fake.resolve_channel(channel)
        if text.startswith("/") and thread_ts is None:
            command, _, rest = text.strip().partition(" ")
            # Slack escapes command text and, with should_escape, sends mentions with names.
            await self.driver.run_command(
                user, channel, command, self.typed(rest.strip(), with_names=True)
            )
            return None
        if not text.strip():
            raise SlackError("no_text")
        fields: dict[str, Any] = {"text": self.typed(text), "client_msg_id": str(uuid.uuid4())}
        parent = None
        if thread_ts is not None:
            parent = self.fake.find_message(channel, thread_ts)
            fields["thread_ts"] = thread_ts
        stored = self.fake.add_message(channel, fields, user=user)
        event = payloads.user_message(
            self.fake, user=user, text=stored["text"], channel=channel, ts=stored["ts"]
        )
        event["client_msg_id"] = stored["client_msg_id"]
        if parent is not None:
            event["thread_ts"] = thread_ts
            event["parent_user_id"] = parent.get("user")
        self.driver.deliver_event(event, self._message_event(channel))
        return stored

    def _own(self, user: str, channel: str, ts: str, error: str) -> dict[str, Any]:
        message = self.fake.find_message(channel, ts)
        if message.get("user") != user or message.get("bot_id"):
            raise SlackError(error)
        return message

    async def edit(self, user: str, channel: str, ts: str, text: str) -> dict[str, Any]:
        """`user` edits their own message; the app gets `message_changed`."""
        self._person(user)
        if not text.strip():
            raise SlackError("no_text")
        message = self._own(user, channel, ts, "cant_update_message")
        previous = {k: v for k, v in message.items() if k != "channel"}
        edit_ts = self.fake.ts_clock.next()
        message["text"] = self.typed(text)
        message["edited"] = {"user": user, "ts": edit_ts}
        self.fake.touch()
        changed = {k: v for k, v in message.items() if k != "channel"}
        event = {
            "type": "message",
            "subtype": "message_changed",
            "message": {**changed, "source_team": self.fake.team_id},
            "previous_message": previous,
            "channel": channel,
            "hidden": True,
            "ts": edit_ts,
            "event_ts": edit_ts,
            "channel_type": _channel_type(channel),
        }
        self.driver.deliver_event(event, self._message_event(channel))
        return dict(message)

    async def delete(self, user: str, channel: str, ts: str) -> None:
        """`user` deletes their own message; the app gets `message_deleted`."""
        self._person(user)
        message = self._own(user, channel, ts, "cant_delete_message")
        previous = {k: v for k, v in message.items() if k != "channel"}
        self.fake.delete_message(channel, ts)
        event_ts = self.fake.ts_clock.next()
        event = {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "deleted_ts": ts,
            "channel": channel,
            "previous_message": previous,
            "ts": event_ts,
            "event_ts": event_ts,
            "channel_type": _channel_type(channel),
        }
        self.driver.deliver_event(event, self._message_event(channel))

    def _message_event(self, channel: str) -> str:
        """The subscription a message in this channel is delivered under."""
        kind = {"D": "im", "G": "mpim", "C": "channels"}.get(channel[:1], "channels")
        return f"message.{kind}"

    # -- Home -------------------------------------------------------------------------------

    async def open_home(self, user: str) -> None:
        """`user` opens the app's Home tab; the app gets `app_home_opened`."""
        self._person(user)
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.fake.dm_channel(user),
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        home = self.fake.home(user)
        if home is not None:
            event["view"] = home
        self.driver.deliver_event(event, "app_home_opened")

    # -- interactive elements ----------------------------------------------------------------

    async def click(
        self,
        user: str,
        *,
        block_id: str,
        action_id: str,
        state: dict[str, Any] | None = None,
        channel: str | None = None,
        ts: str | None = None,
        view_id: str | None = None,
        view_state: dict[str, Any] | None = None,
    ) -> bool:
        """`user` uses an element (button, select...) in a message, an ephemeral or a view.

        `state` is the element's new state in Slack's `state.values` shape (e.g. a select's
        `selected_option`); buttons need none. Returns whether the app acknowledged in time.
        """
        self._person(user)
        view = message = None
        ephemeral = False
        if view_id is not None:
            view = {**self.fake.view(view_id), "state": {"values": view_state or {}}}
            blocks = view.get("blocks", [])
        elif channel is not None and ts is not None:
            try:
                message = self.fake.find_message(channel, ts)
                blocks = message.get("blocks") or []
            except SlackError:
                found = [m for m in self.fake.ephemerals(channel, user) if m["ts"] == ts]
                if not found:
                    raise
                ephemeral, blocks = True, found[0].get("blocks") or []
        else:
            raise SlackError("invalid_arguments")
        element = _element(blocks, block_id, action_id)
        entry = _action(element, block_id, state or {})
        trigger = self.fake.issue_trigger(user)
        response_url = None
        if channel is not None and ts is not None:
            response_url = self.fake.issue_response_url(channel, user, None if ephemeral else ts)
        payload = payloads.block_actions(
            self.fake,
            user=user,
            entry=entry,
            trigger_id=trigger,
            view=view,
            message=message,
            channel=channel,
            response_url=response_url,
        )
        if ephemeral and channel is not None and ts is not None:
            payload["container"] = {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": True,
            }
            payload["channel"] = {"id": channel, "name": "directmessage"}
            payload["response_url"] = response_url
            payload["state"] = {"values": {}}
        if view_id is not None and view is not None and view.get("type") == "modal":
            # A timeout in a modal is shown in the modal, not in a conversation.
            delivered = await self.driver.interact(
                "block_actions", payload, user=user, channel=None
            )
            if delivered is None:
                self.view_errors[view_id] = {MODAL_ERROR: TIMEOUT}
                self.fake.touch()
            return delivered is not None
        where = channel or self.fake.dm_channel(user)  # a Home tab's timeout shows in the DM
        delivered = await self.driver.interact("block_actions", payload, user=user, channel=where)
        return delivered is not None

    async def submit(
        self, user: str, view_id: str, values: dict[str, dict[str, Any]]
    ) -> dict[str, str]:
        """`user` presses a modal's submit button; returns the errors now shown in it ({} if none).

        Like Slack's client, empty required inputs stop the submission before the app sees it.
        """
        self._person(user)
        view = self.fake.view(view_id)
        errors = _missing_inputs(view, values)
        if not errors:
            payload = payloads.view_submission(
                self.fake,
                user=user,
                view=view,
                values=values,
                trigger_id=self.fake.issue_trigger(user),
            )
            delivery = await self.driver.interact(
                "view_submission", payload, user=user, channel=None, accepts_response_payload=True
            )
            if delivery is None or delivery.status != 200:
                errors = {MODAL_ERROR: TROUBLE}
            else:
                errors = _response_errors(delivery.json())
                if not errors:
                    self.driver.apply_view_response(user, view_id, delivery)
        if errors:
            self.view_errors[view_id] = errors
        else:
            self.view_errors.pop(view_id, None)
        self.fake.touch()
        return errors

    async def close(self, user: str, view_id: str) -> None:
        """`user` closes a modal; the app gets `view_closed` if the view asked for it."""
        self._person(user)
        view = self.fake.view(view_id)
        if self.fake.view_owner(view_id) != user:
            raise SlackError("not_found")
        cleared = bool(view.get("clear_on_close"))
        self.fake.close_view(view_id, clear=cleared)
        self.view_errors.pop(view_id, None)
        if view.get("notify_on_close"):
            payload = {
                "type": "view_closed",
                "team": {"id": self.fake.team_id, "domain": self.fake.team_domain},
                "user": {"id": user, "name": self.fake.users[user].name},
                "api_app_id": self.fake.app_id,
                "token": self.fake.verification_token,
                "view": view,
                "is_cleared": cleared,
                "is_enterprise_install": False,
            }
            await self.driver.interact("view_closed", payload, user=user, channel=None)


def _channel_type(channel: str) -> str:
    return {"D": "im", "G": "mpim", "C": "channel"}.get(channel[:1], "channel")


def _element(blocks: list[Any], block_id: str, action_id: str) -> dict[str, Any]:
    """The element with this action_id in the block with this block_id (ids repeat across
    blocks: only the pair names one element)."""
    for block in blocks:
        if not isinstance(block, dict) or block.get("block_id") != block_id:
            continue
        candidates = [*(block.get("elements") or [])]
        candidates += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return element
    raise SlackError("invalid_arguments", (f"no element {block_id}/{action_id}",))


def _action(element: dict[str, Any], block_id: str, state: dict[str, Any]) -> dict[str, Any]:
    """One `actions` entry: a button's text and value come from the element itself, other
    elements carry their new state."""
    entry: dict[str, Any] = {
        "type": element.get("type"),
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if element.get("type") == "button":
        entry["text"] = element.get("text")
        entry["value"] = element.get("value", "")
        if "style" in element:
            entry["style"] = element["style"]
        return entry
    entry.update({k: v for k, v in state.items() if k != "type"})
    return entry


def _missing_inputs(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input" or block.get("optional"):
            continue
        element = block.get("element") or {}
        state = values.get(block.get("block_id", ""), {}).get(element.get("action_id", ""))
        if not _filled(state):
            errors[block["block_id"]] = REQUIRED
    return errors


def _filled(state: Any) -> bool:
    if isinstance(state, str):
        return bool(state)
    if not isinstance(state, dict):
        return False
    keys = ("value", "selected_option", "selected_user", "selected_date", "selected_conversation")
    many = ("selected_options", "selected_users", "selected_conversations", "selected_channels")
    return any(state.get(k) for k in (*keys, "selected_channel", "selected_time", *many))


def _response_errors(answer: Any) -> dict[str, str]:
    if isinstance(answer, dict) and answer.get("response_action") == "errors":
        errors = answer.get("errors")
        if isinstance(errors, dict):
            return {str(k): str(v) for k, v in errors.items()}
    return {}
