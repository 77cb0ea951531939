"""Time comes from a clock object, so tests can move it; nothing else reads the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Something that says what time it is (tz-aware UTC)."""

    def now(self) -> datetime:
        """The current time, tz-aware UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time, tz-aware UTC."""
        return datetime.now(UTC)
