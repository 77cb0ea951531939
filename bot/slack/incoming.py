"""What Slack sends, read strictly: the body parsed, its text made storable, and the fields each
kind of payload must carry checked against one table. Pure: no Slack library, no I/O."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

Path = tuple[str | int, ...]
"""Where a field sits in a payload: keys, and list indexes."""

SLACK_ID = re.compile(r"[A-Z0-9]{1,32}")
"""A Slack team or user id (`T…`, `U…`, `W…`); storage keeps 32 characters."""

# A lone surrogate (JSON's `\ud800` is valid JSON) cannot be encoded to UTF-8 for SQLite, and
# PostgreSQL refuses NUL in text and both in JSON: the edge replaces them before anything is
# stored, so what is acked can be kept.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class Malformed(ValueError):
    """Raised by `parse_body` for a body that is not a Slack request; the edge answers 400."""


@dataclass(frozen=True)
class Need:
    """One field a payload must carry: at any of `paths`, a value that `valid` accepts."""

    paths: tuple[Path, ...]
    valid: Callable[[Any], bool]
    name: str


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _slack_id(value: Any) -> bool:
    return isinstance(value, str) and SLACK_ID.fullmatch(value) is not None


def _mapping(value: Any) -> bool:
    return isinstance(value, dict)


def slack_id(*paths: Path) -> Need:
    """A team or user id at one of `paths`."""
    return Need(paths, _slack_id, _name(paths[0]))


def text(*paths: Path) -> Need:
    """A non-blank string at one of `paths`."""
    return Need(paths, _text, _name(paths[0]))


def mapping(*paths: Path) -> Need:
    """An object at one of `paths`."""
    return Need(paths, _mapping, _name(paths[0]))


def _name(path: Path) -> str:
    return ".".join(str(part) for part in path)


WHO = (slack_id(("user", "id")), slack_id(("team", "id")))
"""Who clicked or submitted, from which workspace: every interactive payload names both."""

NEEDS: dict[str, tuple[Need, ...]] = {
    "slash_command": (
        slack_id(("user_id",)),
        slack_id(("team_id",)),
        text(("command",)),
        text(("channel_id",)),
        text(("trigger_id",)),
        text(("response_url",)),
    ),
    "block_actions": (*WHO, text(("actions", 0, "action_id")), text(("trigger_id",))),
    "view_submission": (
        *WHO,
        text(("view", "id")),
        text(("view", "callback_id")),
        mapping(("view", "state", "values")),
    ),
    "view_closed": (*WHO, text(("view", "id"))),
    "event_callback": (slack_id(("team_id",)), text(("event_id",)), text(("event", "type"))),
    "url_verification": (text(("challenge",)),),
    "ssl_check": (),
    "app_rate_limited": (),
}
"""What each kind of payload must carry before any listener sees it. An interactive payload of a
kind not listed (a shortcut, say) still needs `WHO`."""

EVENT_NEEDS: dict[str, tuple[Need, ...]] = {
    # The author of a message, an edit or a deletion (a bot's own post names its bot user).
    "message": (
        slack_id(("user",), ("message", "user"), ("previous_message", "user")),
        text(("channel",)),
    ),
    "app_home_opened": (slack_id(("user",)),),
}
"""What the events the bot listens to must carry, inside `event`."""

EVENT_KINDS = frozenset({"event_callback", "url_verification", "app_rate_limited"})
"""Kinds that come from the Events API: a payload that lacks something is acked and ignored,
since Slack would retry (and in the end disable) an event that gets an error."""


def parse_body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    """The payload of a request body, parsed the way Bolt reads it (JSON for the Events API, a
    form for commands, a form's `payload` field for interactivity), but strictly."""
    body = raw.decode("utf-8", errors="replace")
    if (content_type or "").split(";")[0].strip().lower() == "application/json" or body.startswith(
        "{"
    ):
        return _json_object(body, "the JSON body")
    try:
        fields = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        raise Malformed("the form body is malformed") from None
    if "payload" in fields:
        return _json_object(fields["payload"], "the form's payload")
    if "command" in fields or "ssl_check" in fields:
        return fields
    raise Malformed("the form is neither a slash command nor an interaction")


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise Malformed(f"{what} is not valid JSON") from None
    except RecursionError:  # thousands of nested brackets
        raise Malformed(f"{what} is nested too deeply") from None
    if not isinstance(value, dict):
        raise Malformed(f"{what} is not a JSON object")
    return value


def kind_of(body: dict[str, Any]) -> str:
    """What kind of payload this is: a slash command, an interaction type or an Events API type."""
    if "command" in body and "type" not in body:
        return "slash_command"
    if "ssl_check" in body and "type" not in body:
        return "ssl_check"
    return str(body.get("type") or "")


def is_event(kind: str) -> bool:
    """Whether a payload of this kind came from the Events API (acked and ignored when bad)."""
    return kind in EVENT_KINDS


def missing(body: dict[str, Any]) -> list[str]:
    """The fields this payload lacks (empty when it may reach the listeners)."""
    kind = kind_of(body)
    if not kind:
        return ["type"]
    needs = NEEDS.get(kind, () if is_event(kind) else WHO)
    lacking = [need.name for need in needs if not _has(body, need)]
    if kind == "event_callback" and not lacking:
        event = body["event"]
        needs = EVENT_NEEDS.get(event["type"], ())
        lacking = [f"event.{need.name}" for need in needs if not _has(event, need)]
    return lacking


def _has(body: Any, need: Need) -> bool:
    return any(need.valid(_at(body, path)) for path in need.paths)


def _at(value: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or len(value) <= part:
                return None
        elif not isinstance(value, dict):
            return None
        value = value[part] if isinstance(part, int) else value.get(part)
    return value


def storable(value: Any) -> Any:
    """`value` with every lone surrogate and NUL in its strings (keys too) replaced by U+FFFD;
    unchanged values are returned as they are."""
    if isinstance(value, str):
        if value.isascii() and "\x00" not in value:
            return value
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value
