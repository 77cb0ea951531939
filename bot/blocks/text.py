"""User text made safe for Slack mrkdwn, and wording templates filled with it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.render import escape_mrkdwn

USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
"""A Slack user id (the length cap matches storage's 32 characters)."""

_BACKTICKS = re.compile(r"`{3,}")
# Explicit bidi embeddings, overrides and isolates: in user text they could make the bot's own words
# around it read backwards. Right-to-left letters need none of them and are kept.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# A lone surrogate (valid in JSON, so it can arrive from Slack) cannot be encoded on the way out.
_INERT = _BIDI_CONTROLS | dict.fromkeys(range(0xD800, 0xE000), "\ufffd")


class Mrkdwn(str):
    """Text already safe for Slack mrkdwn: fill() inserts it unchanged."""

    __slots__ = ()


def mention(user_id: str) -> Mrkdwn:
    """`<@U…>` for a well-formed user id; anything else is shown as escaped text, never parsed."""
    if USER_ID.fullmatch(user_id):
        return Mrkdwn(f"<@{user_id}>")
    return Mrkdwn(inline(user_id))


def inline(text: str) -> str:
    """User text for one line of mrkdwn: escaped, whitespace collapsed, no code fence."""
    return escape(" ".join(text.split()))


def escape(text: str) -> str:
    """Text for mrkdwn with its line breaks kept: escaped, no code fence, no bidi control."""
    return _inert(escape_mrkdwn(text))


def quote(text: str) -> str:
    """Multi-line user text as an escaped mrkdwn block quote; its own `>` cannot end or nest it."""
    lines = text.splitlines() or [""]
    return "\n".join(f">{escape(line)}" for line in lines)


def slack_date(when: datetime, fmt: str = "{date_short} {time}") -> Mrkdwn:
    """A time Slack shows in each reader's own time zone; UTC in clients that cannot."""
    fallback = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Mrkdwn(f"<!date^{int(when.timestamp())}^{fmt}|{fallback}>")


def fill(template: str, **values: str | int) -> str:
    """Fill a wording template: values are escaped unless already Mrkdwn, and never re-parsed."""
    # format_map inserts each value once; braces inside a value are plain characters.
    safe = {name: v if isinstance(v, Mrkdwn) else inline(str(v)) for name, v in values.items()}
    return template.format_map(safe)


def _inert(text: str) -> str:
    """No code fence swallowing the message, no bidi control reordering it, no lone surrogate."""
    return _BACKTICKS.sub(lambda m: "\u200b".join(m.group()), text.translate(_INERT))


def plural(count: int, word: str) -> str:
    """`1 stakeholder`, `2 stakeholders`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
