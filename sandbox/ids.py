"""Slack-shaped identifiers: team, user, channel, view, trigger and event ids, and message ts."""

from __future__ import annotations

import hashlib
import secrets
import time

# Slack ids are upper-case base32-ish strings after a one-letter kind prefix.
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def random_id(prefix: str, length: int = 10) -> str:
    """A fresh id such as `U07QX4M2KJ8` for the given kind prefix."""
    return prefix + "0" + "".join(secrets.choice(_ALPHABET) for _ in range(length - 1))


def stable_id(prefix: str, *parts: str, length: int = 10) -> str:
    """An id derived from `parts`, the same on every run (e.g. a user's DM channel)."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    body = "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[: length - 1])
    return prefix + "0" + body


def event_id() -> str:
    """A fresh Events API id such as `Ev07QX4M2KJ8`."""
    return random_id("Ev", 11)


def envelope_id() -> str:
    """A Socket Mode envelope id (Slack uses a UUID)."""
    raw = secrets.token_hex(16)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def trigger_id() -> str:
    """A trigger id in Slack's `digits.digits.hex` form."""
    return (
        f"{secrets.randbelow(10**13):013d}.{secrets.randbelow(10**10):010d}.{secrets.token_hex(16)}"
    )


class TsClock:
    """Issues message timestamps (`"1712345678.000100"`) that are unique and strictly increasing."""

    def __init__(self) -> None:
        self._last_us = 0

    def next(self) -> str:
        """The next ts; two messages never share one, as in a real channel."""
        now_us = max(time.time_ns() // 1000, self._last_us + 1)
        self._last_us = now_us
        return f"{now_us // 1_000_000}.{now_us % 1_000_000:06d}"
