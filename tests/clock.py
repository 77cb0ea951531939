"""A clock the test moves by hand (implements bot.clock.Clock)."""

from __future__ import annotations

from datetime import datetime, timedelta


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
