"""Web API methods over a Workspace: each takes parsed arguments and returns Slack's JSON answer."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

from sandbox.blockkit import SlackError, check_message, check_view, with_block_ids
from sandbox.files_api import FILES_METHODS
from sandbox.history import HISTORY_METHODS
from sandbox.users import DEPARTMENT_LABEL, custom_fields, department_field_id
from sandbox.workspace import Workspace

Method = Callable[[Workspace, dict[str, Any]], dict[str, Any]]

# Arguments that arrive as JSON strings in form-encoded calls and as objects in JSON calls.
JSON_ARGUMENTS = ("blocks", "attachments", "view", "metadata")

BOT_SCOPES = (
    "channels:history,chat:write,commands,im:history,im:read,im:write,users:read,users.profile:read"
)


def decode_json_arguments(args: dict[str, Any]) -> dict[str, Any]:
    """Turn form-encoded JSON strings into objects; bad JSON is left as a string to reject later."""
    decoded = dict(args)
    for key in JSON_ARGUMENTS:
        value = decoded.get(key)
        if isinstance(value, str) and value.strip():
            with contextlib.suppress(json.JSONDecodeError):
                decoded[key] = json.loads(value)
    return decoded


def _content(args: dict[str, Any]) -> dict[str, Any]:
    blocks = args.get("blocks")
    if isinstance(blocks, str):
        raise SlackError("invalid_blocks_format")
    check_message(args.get("text"), blocks)
    keys = ("text", "blocks", "attachments", "thread_ts", "metadata", "mrkdwn")
    return {k: args[k] for k in keys if args.get(k) not in (None, "")}


def _public(message: dict[str, Any]) -> dict[str, Any]:
    """A stored message as Slack returns it (without the sandbox's `channel` convenience key)."""
    return {k: v for k, v in message.items() if k != "channel"}


def auth_test(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """auth.test for the bot token."""
    return {
        "ok": True,
        "url": f"https://{ws.team_domain}.slack.com/",
        "team": ws.team_name,
        "user": ws.bot_name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def conversations_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.open: one user gives the bot's stable DM with them."""
    if args.get("channel"):
        return {"ok": True, "channel": {"id": ws.resolve_channel(args["channel"])}}
    users = args.get("users")
    names = users if isinstance(users, list) else str(users or "").split(",")
    names = [u.strip() for u in names if u.strip()]
    if not names:
        raise SlackError("users_list_not_supplied")
    channel = ws.dm_channel(names[0]) if len(names) == 1 else ws.group_dm_channel(names)
    if str(args.get("return_im", "")).lower() in ("1", "true"):
        return {"ok": True, "channel": dict(ws.channels[channel])}
    return {"ok": True, "no_op": False, "already_open": False, "channel": {"id": channel}}


def chat_post_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.postMessage."""
    if not args.get("channel"):
        raise SlackError("channel_not_found")
    channel = ws.resolve_channel(args["channel"])
    message = ws.add_message(channel, _content(args))
    return {"ok": True, "channel": channel, "ts": message["ts"], "message": _public(message)}


def chat_update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.update: new text; blocks replaced only when given (an empty list removes them)."""
    if not args.get("channel"):
        raise SlackError("channel_not_found")
    channel = ws.resolve_channel(args["channel"])
    message = ws.find_message(channel, str(args.get("ts", "")))
    if message.get("bot_id") != ws.bot_id:
        raise SlackError("cant_update_message")
    content = _content(args)
    message.update(content, edited={"user": ws.bot_user_id, "ts": ws.ts_clock.next()})
    if "blocks" in content:
        message["blocks"] = with_block_ids(content["blocks"])
    ws.touch()
    return {
        "ok": True,
        "channel": channel,
        "ts": message["ts"],
        "text": message.get("text", ""),
        "message": _public(message),
    }


def chat_delete(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.delete."""
    if not args.get("channel"):
        raise SlackError("channel_not_found")
    channel = ws.resolve_channel(args["channel"])
    ts = str(args.get("ts", ""))
    if ws.find_message(channel, ts).get("bot_id") != ws.bot_id:
        raise SlackError("cant_delete_message")
    ws.delete_message(channel, ts)
    return {"ok": True, "channel": channel, "ts": ts}


def chat_post_ephemeral(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """chat.postEphemeral: only `user` sees it."""
    if not args.get("channel"):
        raise SlackError("channel_not_found")
    channel = ws.resolve_channel(args["channel"])
    user = args.get("user")
    if user not in ws.users:
        raise SlackError("user_not_in_channel")
    message = ws.add_ephemeral(channel, str(user), _content(args))
    return {"ok": True, "message_ts": message["ts"]}


def _view_argument(args: dict[str, Any]) -> dict[str, Any]:
    view = args.get("view")
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", ("must be an object [json-pointer:/view]",))
    return view


def views_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.open: exchanges a trigger_id (single use, short-lived) for a modal."""
    view = _view_argument(args)
    check_view(view)
    user = ws.exchange_trigger(args.get("trigger_id") or args.get("interactivity_pointer"))
    return {"ok": True, "view": ws.store_view(user, view)}


def views_push(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.push: a new modal on top of the user's stack."""
    view = _view_argument(args)
    check_view(view)
    user = ws.exchange_trigger(args.get("trigger_id") or args.get("interactivity_pointer"))
    return {"ok": True, "view": ws.store_view(user, view, push=True)}


def views_update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.update by view_id or external_id, honouring `hash` to refuse stale updates."""
    view = _view_argument(args)
    view_id = ws.find_view(args.get("view_id"), args.get("external_id"))
    check_view(view, allowed_types=("modal", "home"))
    if args.get("hash") and args["hash"] != ws.view(view_id)["hash"]:
        raise SlackError("hash_conflict")
    return {"ok": True, "view": ws.replace_view(view_id, view)}


def views_publish(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """views.publish: a user's Home tab."""
    user = args.get("user_id")
    if user not in ws.users:
        raise SlackError("user_not_found")
    view = _view_argument(args)
    check_view(view, allowed_types=("home",))
    existing = ws.home(str(user))
    if existing is not None:
        if args.get("hash") and args["hash"] != existing["hash"]:
            raise SlackError("hash_conflict")
        return {"ok": True, "view": ws.replace_view(existing["id"], view)}
    return {"ok": True, "view": ws.store_view(str(user), view)}


def users_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """users.info."""
    user = ws.users.get(str(args.get("user", "")))
    if user is None:
        raise SlackError("user_not_found")
    return {"ok": True, "user": user.to_api(ws.team_id)}


def users_profile_get(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """users.profile.get: the profile users.info has, plus custom fields (e.g. Department)."""
    user = ws.users.get(str(args.get("user") or ws.bot_user_id))
    if user is None:
        raise SlackError("user_not_found")
    profile = dict(user.to_api(ws.team_id)["profile"])
    profile["fields"] = custom_fields(user, ws.team_id)
    return {"ok": True, "profile": profile}


def team_profile_get(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """team.profile.get: the workspace's custom profile fields, so apps can find them by label."""
    field = {
        "id": department_field_id(ws.team_id),
        "ordering": 0,
        "label": DEPARTMENT_LABEL,
        "hint": "The team you work in",
        "type": "text",
        "possible_values": None,
        "options": None,
        "is_hidden": False,
    }
    return {"ok": True, "profile": {"fields": [field]}}


# Methods answered with the bot token (xoxb-); apps.connections.open (xapp-) lives with the server.
BOT_METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "conversations.open": conversations_open,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.postEphemeral": chat_post_ephemeral,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "users.info": users_info,
    "users.profile.get": users_profile_get,
    "team.profile.get": team_profile_get,
    **FILES_METHODS,
    **HISTORY_METHODS,
}
