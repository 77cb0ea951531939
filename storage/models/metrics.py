"""Tables of what became of the roadmap: success metrics and their check-ins, the questions
after shipping, and confidential pain points counted with a candidate."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, _created


class Metric(SQLModel, table=True):
    """A candidate's success metric: from a baseline to a target by a deadline, with an owner
    who checks in on a cadence; `state` is draft, committed or closed (with a reason)."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    name: str = Field(max_length=500)
    unit: str = Field(max_length=32)
    direction: str = Field(max_length=16)
    baseline: float
    baseline_date: date
    target: float
    deadline: date
    owner: str = Field(max_length=32)
    cadence: str = Field(max_length=16)
    state: str = Field(default="draft", max_length=16, index=True)
    closed_reason: str | None = Field(default=None, max_length=500)
    skipped_through: date | None = None  # the owner skipped the check-in due on this day
    created_at: datetime = _created()
    updated_at: datetime = _created()


class MetricCheckin(SQLModel, table=True):
    """A metric's value on one date (a repeat for that date updates it), with the owner's
    confidence and a note."""

    __tablename__ = "metric_checkin"
    __table_args__ = (sa.UniqueConstraint("metric_id", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    metric_id: int = Field(foreign_key="metric.id", index=True, ondelete="CASCADE")
    on: date
    value: float
    confidence: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, max_length=2000)
    source: str = Field(max_length=16)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class ShipFeedback(SQLModel, table=True):
    """A stakeholder asked, once a candidate shipped, whether it fixed one of their pain points,
    and their answer (fixed, partly, no, too early)."""

    __tablename__ = "ship_feedback"
    __table_args__ = (sa.UniqueConstraint("candidate_id", "pain_point_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    pain_point_id: int = Field(foreign_key="pain_point.id", index=True, ondelete="CASCADE")
    stakeholder: str = Field(max_length=32)
    answer: str | None = Field(default=None, max_length=16)
    created_at: datetime = _created()
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ConfidentialLink(SQLModel, table=True):
    """A confidential interview's stakeholder said one of their pain points is a candidate
    others raised: it counts with that candidate (a number, never a name or words) and they are
    asked whether it is fixed when it ships."""

    __tablename__ = "confidential_link"
    __table_args__ = (sa.UniqueConstraint("pain_point_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    pain_point_id: int = Field(foreign_key="pain_point.id", index=True, ondelete="CASCADE")
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    created_at: datetime = _created()
