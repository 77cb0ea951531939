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


class StoppedClock:
    """A clock stopped at one moment: what a digest or a review of that moment reads."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        """The moment it was stopped at."""
        return self.moment
