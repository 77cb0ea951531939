"""Plain records of success metrics and their check-ins, in and out of storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MetricSpec:
    """A metric to create or to put in place of a draft's fields (values as storage keeps
    them: the direction, cadence and state are their enums' values)."""

    name: str
    unit: str
    direction: str
    baseline: float
    baseline_date: date
    target: float
    deadline: date
    owner: str
    cadence: str
    state: str = "draft"


@dataclass(frozen=True)
class CheckinRow:
    """A metric's value on one date."""

    id: int
    metric_id: int
    on: date
    value: float
    confidence: str | None
    note: str | None
    source: str
    updated_at: datetime


@dataclass(frozen=True)
class MetricRow:
    """A metric as stored, with its check-ins oldest first."""

    id: int
    team_id: int
    candidate_id: int
    name: str
    unit: str
    direction: str
    baseline: float
    baseline_date: date
    target: float
    deadline: date
    owner: str
    cadence: str
    state: str
    closed_reason: str | None
    created_at: datetime
    updated_at: datetime
    skipped_through: date | None = None
    checkins: tuple[CheckinRow, ...] = ()


@dataclass(frozen=True)
class CheckinResult:
    """What recording a value did: the metric after it, and whether the date was new."""

    metric: MetricRow
    created: bool


@dataclass(frozen=True)
class ShipAskRow:
    """A shipped candidate's question to one stakeholder about one of their pain points."""

    id: int
    team_id: int
    candidate_id: int
    pain_point_id: int
    stakeholder: str
    stakeholder_tz: str | None
    facilitator: str | None
    problem: str
    quote: str
    answer: str | None
