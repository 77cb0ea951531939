"""Payloads Slack sends to apps: slash commands, block_actions, view_submission, event_callback."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from typing import Any

from sandbox.workspace import Workspace


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return "v0=" + digest.hexdigest()


def _user_name(ws: Workspace, user: str) -> str:
    return ws.users[user].name if user in ws.users else user.lower()


def _user(ws: Workspace, user: str) -> dict[str, Any]:
    name = _user_name(ws, user)
    return {"id": user, "username": name, "name": name, "team_id": ws.team_id}


def _team(ws: Workspace) -> dict[str, Any]:
    return {"id": ws.team_id, "domain": ws.team_domain}


def _channel_name(ws: Workspace, channel: str) -> str:
    return str(ws.channels.get(channel, {}).get("name", "directmessage"))


def _action_ts() -> str:
    return f"{time.time():.6f}"


def command(
    ws: Workspace,
    *,
    user: str,
    text: str,
    command: str,
    channel: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, str]:
    """The form fields of a slash command invocation."""
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "team_domain": ws.team_domain,
        "channel_id": channel,
        "channel_name": _channel_name(ws, channel),
        "user_id": user,
        "user_name": _user_name(ws, user),
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def find_element(blocks: list[Any], action_id: str) -> tuple[str, dict[str, Any]] | None:
    """The (block_id, element) that carries `action_id` in a message's or view's blocks."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        candidates = list(block.get("elements") or [])
        candidates += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(block.get("block_id", "")), element
    return None


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    for option in element.get("options") or []:
        if option.get("value") == value:
            return dict(option)
    raise ValueError(f"no option with value {value!r} in {element.get('action_id')!r}")


def action(element: dict[str, Any], block_id: str, value: str | None) -> dict[str, Any]:
    """One entry of block_actions' `actions`, shaped after the element that was used."""
    kind = str(element.get("type", "button"))
    entry: dict[str, Any] = {
        "type": kind,
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": _action_ts(),
    }
    if kind == "button":
        entry["text"] = element.get("text")
        entry["value"] = element.get("value", "") if value is None else value
        if "style" in element:
            entry["style"] = element["style"]
    elif kind in ("static_select", "radio_buttons", "overflow"):
        entry["selected_option"] = _option(element, value or "")
    elif kind == "users_select":
        entry["selected_user"] = value
    elif kind == "datepicker":
        entry["selected_date"] = value
    else:
        entry["value"] = value
    return entry


def block_actions(
    ws: Workspace,
    *,
    user: str,
    entry: dict[str, Any],
    trigger_id: str,
    view: dict[str, Any] | None,
    message: dict[str, Any] | None,
    channel: str | None,
    response_url: str | None,
) -> dict[str, Any]:
    """The `payload` of a click on a button or select in a message or a view."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(ws, user),
        "api_app_id": ws.app_id,
        "token": ws.verification_token,
        "trigger_id": trigger_id,
        "team": _team(ws),
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [entry],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
        payload["state"] = view.get("state", {"values": {}})
    elif message is not None and channel is not None:
        public = {k: v for k, v in message.items() if k != "channel"}
        payload["container"] = {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel, "name": _channel_name(ws, channel)}
        payload["message"] = public
        payload["state"] = {"values": {}}
        payload["response_url"] = response_url
    return payload


def state_values(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`view.state.values` from {block_id: {action_id: text or element state}}."""
    return {
        block_id: {
            action_id: (
                {"type": "plain_text_input", "value": value} if isinstance(value, str) else value
            )
            for action_id, value in actions.items()
        }
        for block_id, actions in values.items()
    }


def view_submission(
    ws: Workspace,
    *,
    user: str,
    view: dict[str, Any],
    values: dict[str, dict[str, Any]],
    trigger_id: str,
) -> dict[str, Any]:
    """The `payload` of a modal's submit button, with the inputs' state."""
    submitted = {**view, "state": {"values": state_values(values)}}
    return {
        "type": "view_submission",
        "team": _team(ws),
        "user": _user(ws, user),
        "api_app_id": ws.app_id,
        "token": ws.verification_token,
        "trigger_id": trigger_id,
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def event_callback(ws: Workspace, event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """The Events API wrapper around one event."""
    now = time.time()
    inner = dict(event)
    if inner.get("type") == "message":
        inner.setdefault("ts", ws.ts_clock.next())
    inner.setdefault("event_ts", inner.get("ts", f"{now:.6f}"))
    return {
        "token": ws.verification_token,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "context_enterprise_id": None,
        "api_app_id": ws.app_id,
        "event": inner,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(now),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{inner.get('type')}-{ws.team_id}-{inner.get('channel', '')}",
    }


def user_message(ws: Workspace, *, user: str, text: str, channel: str, ts: str) -> dict[str, Any]:
    """A `message` event a person sends, as in a DM with the app (`message.im`)."""
    return {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "team": ws.team_id,
        "client_msg_id": str(uuid.uuid4()),
        "channel": channel,
        "event_ts": ts,
        "channel_type": "im" if channel.startswith("D") else "channel",
        "blocks": [
            {
                "type": "rich_text",
                "block_id": ts.replace(".", "")[-5:],
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                ],
            }
        ],
    }
