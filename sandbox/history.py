"""conversations.history and conversations.replies: read a channel or a thread back, as Slack
returns them (newest first for a channel, parent first for a thread, cursor pagination).

Message metadata comes back only with `include_all_metadata=true`, as in Slack, so an app that
looks for its own metadata must ask for it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from sandbox.blockkit import SlackError
from sandbox.workspace import Workspace

DEFAULT_LIMIT = 100
MAX_LIMIT = 999


def _flag(value: Any) -> bool:
    """A boolean argument as Slack reads it: true, 1 (form or query strings) or a JSON true."""
    return value is True or str(value).lower() in ("1", "true")


def _limit(value: Any) -> int:
    try:
        limit = int(value) if value not in (None, "") else DEFAULT_LIMIT
    except (TypeError, ValueError):
        raise SlackError("invalid_limit") from None
    if limit < 1:
        raise SlackError("invalid_limit")
    return min(limit, MAX_LIMIT)


def _ts(value: Any, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise SlackError("invalid_ts_" + name) from None


def _cursor(value: Any) -> int:
    """The offset a cursor stands for (0 without one); invalid_cursor for anything else."""
    if value in (None, ""):
        return 0
    try:
        offset = int(base64.b64decode(str(value), validate=True).decode().removeprefix("next:"))
    except (ValueError, UnicodeDecodeError):
        raise SlackError("invalid_cursor") from None
    if offset < 0:
        raise SlackError("invalid_cursor")
    return offset


def _page(messages: list[dict[str, Any]], args: dict[str, Any]) -> dict[str, Any]:
    """One page of `messages` (already ordered and filtered), with Slack's paging fields."""
    limit, start = _limit(args.get("limit")), _cursor(args.get("cursor"))
    metadata = _flag(args.get("include_all_metadata"))
    page = messages[start : start + limit]
    shown = [_public(m, metadata=metadata) for m in page]
    has_more = start + limit < len(messages)
    body: dict[str, Any] = {"ok": True, "messages": shown, "has_more": has_more}
    if has_more:
        cursor = base64.b64encode(f"next:{start + limit}".encode()).decode()
        body["response_metadata"] = {"next_cursor": cursor}
    return body


def _public(message: dict[str, Any], *, metadata: bool) -> dict[str, Any]:
    hidden = {"channel"} if metadata else {"channel", "metadata"}
    return {k: v for k, v in message.items() if k not in hidden}


def _window(args: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """Whether a message falls between `oldest` and `latest` (checked before any is read)."""
    oldest, latest = _ts(args.get("oldest"), "oldest"), _ts(args.get("latest"), "latest")
    inclusive = _flag(args.get("inclusive"))

    def within(message: dict[str, Any]) -> bool:
        ts = float(message["ts"])
        if oldest is not None and (ts < oldest or (ts == oldest and not inclusive)):
            return False
        return latest is None or ts < latest or (ts == latest and inclusive)

    return within


def conversations_history(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.history: a channel's messages, newest first; thread replies stay in their
    thread (only a reply also sent to the channel shows here)."""
    if not args.get("channel"):
        raise SlackError("channel_not_found")
    channel = ws.resolve_channel(args["channel"])
    within = _window(args)
    top = [
        m
        for m in ws.messages(channel)
        if (m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast")
        and within(m)
    ]
    return _page(list(reversed(top)), args)


def conversations_replies(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.replies: a thread's parent, then its replies, oldest first."""
    if not args.get("channel"):
        raise SlackError("channel_not_found")
    channel = ws.resolve_channel(args["channel"])
    ts = str(args.get("ts") or "")
    within = _window(args)
    messages = ws.messages(channel)
    parent = [m for m in messages if m["ts"] == ts]
    if not parent:
        raise SlackError("thread_not_found")
    replies = [m for m in messages if m.get("thread_ts") == ts and m["ts"] != ts]
    thread = [m for m in [*parent, *replies] if m["ts"] == ts or within(m)]
    return _page(thread, args)


HISTORY_METHODS = {
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
}
