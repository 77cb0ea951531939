"""A metric's status, computed from its values and the date, beside its owner's confidence.

Achieved when the target is met (direction-aware), missed when the deadline passed without it;
in between, the value is compared with where the straight line from baseline to target says it
should be by now: on track at or beyond it, at risk within 10% of the span, off track beyond.
"Stay" metrics are healthy or unhealthy. Stale when a check-in is more than a grace period late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.metrics.model import GRACE, Confidence, Direction, Metric

AT_RISK_SHARE = 0.10
"""Behind the line by at most this share of the baseline → target span is "at risk"."""


class Status(StrEnum):
    """A metric's computed status, worst first in `WORST_FIRST`."""

    ACHIEVED = "achieved"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    STALE = "stale"

    @property
    def label(self) -> str:
        """`on track`, `missed`, …"""
        return self.value.replace("_", " ")


WORST_FIRST = (
    Status.MISSED,
    Status.STALE,
    Status.OFF_TRACK,
    Status.UNHEALTHY,
    Status.AT_RISK,
    Status.ON_TRACK,
    Status.HEALTHY,
    Status.ACHIEVED,
)
"""How bad each status is: the digest lists metrics in this order, and a candidate's health is
its worst metric's."""

_GOOD = frozenset({Status.ACHIEVED, Status.ON_TRACK, Status.HEALTHY})
_BAD = frozenset({Status.MISSED, Status.OFF_TRACK, Status.UNHEALTHY})


@dataclass(frozen=True)
class Reading:
    """What the numbers say about a metric today, and what its owner says."""

    status: Status
    measured: Status  # the status from value and time alone (what `stale` hides)
    expected: float  # where the straight line says the value should be today
    latest: float
    confidence: Confidence | None
    disagrees: bool

    @property
    def disagreement(self) -> str | None:
        """The flag shown when the numbers and the owner part ways."""
        if not self.disagrees or self.confidence is None:
            return None
        numbers = "behind plan" if self.measured not in _GOOD else "on plan"
        return f"numbers {numbers}, owner says {self.confidence.label}: see note"


def met(direction: Direction, value: float, target: float) -> bool:
    """Whether `value` meets `target` in `direction`."""
    return value >= target if direction.upward else value <= target


def expected_by(metric: Metric, today: date) -> float:
    """The value on the straight line from baseline (on its date) to target (on the deadline)."""
    if metric.direction.stays:
        return metric.target
    total = (metric.deadline - metric.baseline_date).days
    if total <= 0:
        return metric.target
    share = min(1.0, max(0.0, (today - metric.baseline_date).days / total))
    return metric.baseline + (metric.target - metric.baseline) * share


def measured(metric: Metric, today: date) -> Status:
    """The status from the latest value and the date alone."""
    value, target, direction = metric.latest_value, metric.target, metric.direction
    done = met(direction, value, target)
    if direction.stays:
        if today > metric.deadline:
            return Status.ACHIEVED if done else Status.MISSED
        return Status.HEALTHY if done else Status.UNHEALTHY
    if done:
        return Status.ACHIEVED
    if today > metric.deadline:
        return Status.MISSED
    expected = expected_by(metric, today)
    behind = (expected - value) if direction.upward else (value - expected)
    if behind <= 0:
        return Status.ON_TRACK
    span = abs(metric.target - metric.baseline)
    return Status.AT_RISK if behind <= AT_RISK_SHARE * span else Status.OFF_TRACK


def is_stale(metric: Metric, today: date) -> bool:
    """No check-in came within the cadence plus the grace period."""
    return today > metric.next_due + GRACE


def read(metric: Metric, today: date) -> Reading:
    """The metric's status today (stale unless achieved or missed), beside its owner's latest
    confidence, with a disagreement flagged."""
    numbers = measured(metric, today)
    final = numbers in (Status.ACHIEVED, Status.MISSED)
    status = Status.STALE if not final and is_stale(metric, today) else numbers
    confidence = next(
        (c.confidence for c in reversed(metric.checkins) if c.confidence is not None), None
    )
    return Reading(
        status=status,
        measured=numbers,
        expected=expected_by(metric, today),
        latest=metric.latest_value,
        confidence=confidence,
        disagrees=confidence is not None and _side(numbers) != _side_of(confidence),
    )


def health(statuses: Iterable[Status]) -> Status | None:
    """A candidate's health: its weakest metric's status (None without metrics)."""
    found = set(statuses)
    return next((s for s in WORST_FIRST if s in found), None)


def _side(status: Status) -> int:
    return 0 if status in _GOOD else (2 if status in _BAD else 1)


def _side_of(confidence: Confidence) -> int:
    return {Confidence.ON_TRACK: 0, Confidence.AT_RISK: 1, Confidence.OFF_TRACK: 2}[confidence]
