"""A clock the test moves by hand (implements bot.clock.Clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Named instants for fake clocks: a test never starts from the real time, so it passes at any hour.
TUESDAY_1500_UTC = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
"""A Tuesday afternoon: working hours in New York (10:00) and Paris (16:00)."""


class FakeClock:
    """Starts at `start` and only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment
