"""A success metric's vocabulary and the metric itself, as the status functions read it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Direction(StrEnum):
    """Which way the value should go (or stay)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def label(self) -> str:
        """`increase to`, `stay at or above`, …"""
        return _DIRECTION_LABELS[self]

    @property
    def stays(self) -> bool:
        """A "stay at or above/below" metric: healthy or unhealthy rather than a line."""
        return self in (Direction.AT_LEAST, Direction.AT_MOST)

    @property
    def upward(self) -> bool:
        """Higher values are better."""
        return self in (Direction.INCREASE, Direction.AT_LEAST)


_DIRECTION_LABELS = {
    Direction.INCREASE: "increase to",
    Direction.DECREASE: "decrease to",
    Direction.AT_LEAST: "stay at or above",
    Direction.AT_MOST: "stay at or below",
}


class Cadence(StrEnum):
    """How often the owner checks in."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        """`weekly`, `every two weeks`, `monthly`."""
        return "every two weeks" if self is Cadence.BIWEEKLY else self.value

    def next_after(self, day: date) -> date:
        """The check-in due one period after `day` (a month keeps the day, clamped: 31 Jan →
        28 or 29 Feb)."""
        if self is Cadence.WEEKLY:
            return day + timedelta(days=7)
        if self is Cadence.BIWEEKLY:
            return day + timedelta(days=14)
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class MetricState(StrEnum):
    """Draft metrics are not tracked; committed ones get check-ins; closed ones have a reason."""

    DRAFT = "draft"
    COMMITTED = "committed"
    CLOSED = "closed"


class Confidence(StrEnum):
    """The owner's own view, given with a check-in."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        """`on track`, `at risk`, `off track`."""
        return self.value.replace("_", " ")


GRACE = timedelta(days=7)
"""How late a check-in may be before the metric is stale (the one reminder goes at its end)."""
HORIZON_YEARS = 3
"""A deadline lies within the roadmap's three-year horizon."""


@dataclass(frozen=True)
class Checkin:
    """A value on a date, with the owner's confidence and note."""

    on: date
    value: float
    confidence: Confidence | None = None
    note: str | None = None


@dataclass(frozen=True)
class Metric:
    """A success metric and its check-ins (oldest first)."""

    id: int
    candidate_id: int
    name: str
    unit: str
    direction: Direction
    baseline: float
    baseline_date: date
    target: float
    deadline: date
    owner: str
    cadence: Cadence
    state: MetricState = MetricState.COMMITTED
    closed_reason: str | None = None
    checkins: tuple[Checkin, ...] = ()
    skipped_through: date | None = None

    @property
    def latest(self) -> Checkin | None:
        """The newest check-in, if any."""
        return self.checkins[-1] if self.checkins else None

    @property
    def latest_value(self) -> float:
        """The newest value, or the baseline before the first check-in."""
        return self.checkins[-1].value if self.checkins else self.baseline

    @property
    def last_checked(self) -> date:
        """The day of the newest check-in (or of a skipped one), or the baseline's day before
        the first."""
        last = self.checkins[-1].on if self.checkins else self.baseline_date
        return max(last, self.skipped_through) if self.skipped_through else last

    @property
    def next_due(self) -> date:
        """When the next check-in is due."""
        return self.cadence.next_after(self.last_checked)


def number_text(value: float, unit: str = "") -> str:
    """`98 %`, `1,250 tickets`, `2.5 days`: a value as people read it."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return f"{text}{'' if not unit else ('%' if unit == '%' else ' ' + unit)}"
