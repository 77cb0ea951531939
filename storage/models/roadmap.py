"""Tables of the roadmap: candidates, their evidence, merges, duplicate suggestions, sizing,
trade-off decisions and plan snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, _created


class CandidateFields(SQLModel):
    """A roadmap candidate's own fields, declared once: the table below and the record storage
    hands out (`storage.roadmap_records.CandidateRow`) both take them from here, and the roadmap's
    `Candidate` (bot/roadmap/model.py) is filled from that record by name."""

    problem: str = Field(sa_type=sa.Text)
    root_cause: str = Field(default="", sa_type=sa.Text)
    title: str = Field(default="", max_length=200)
    solution: str = Field(default="", sa_type=sa.Text)
    justification: str = Field(default="", sa_type=sa.Text)
    teams_affected: str = Field(default="", sa_type=sa.Text)
    # The fields drafted from the interview's answers that a facilitator has not confirmed yet.
    drafts: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    impact_kind: str | None = Field(default=None, max_length=32)
    impact: int | None = None
    effort: str | None = Field(default=None, max_length=2)
    effort_note: str | None = Field(default=None, sa_type=sa.Text)
    sized_by: str | None = Field(default=None, max_length=200)
    sized_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    metric: str | None = Field(default=None, max_length=500)
    baseline: str | None = Field(default=None, max_length=200)
    target: str | None = Field(default=None, max_length=200)
    deadline: date | None = None
    priority_override: str | None = Field(default=None, max_length=2)
    override_reason: str | None = Field(default=None, max_length=500)
    override_by: str | None = Field(default=None, max_length=200)
    horizon_pin: int | None = None
    status: str = Field(default="proposed", max_length=16, index=True)


class RoadmapCandidate(CandidateFields, table=True):
    """A row of the roadmap sheet, made from one or more pain points; `merged` rows are kept so
    a merge can be undone."""

    __tablename__ = "roadmap_candidate"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    merged_into: int | None = Field(default=None, foreign_key="roadmap_candidate.id")
    created_at: datetime = _created()
    updated_at: datetime = _created()


class RoadmapEvidence(SQLModel, table=True):
    """The candidate a pain point backs: each pain point backs exactly one (gone with it)."""

    __tablename__ = "roadmap_evidence"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    pain_point_id: int = Field(foreign_key="pain_point.id", unique=True, ondelete="CASCADE")
    created_at: datetime = _created()


class RoadmapMerge(SQLModel, table=True):
    """One merge of a candidate into another: the pain points it moved, so it can be undone."""

    __tablename__ = "roadmap_merge"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    kept_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    merged_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    pain_point_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    merged_status: str = Field(max_length=16)
    merged_by: str = Field(max_length=200)
    created_at: datetime = _created()
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    undone_by: str | None = Field(default=None, max_length=200)


class DuplicateSuggestion(SQLModel, table=True):
    """A likely duplicate: the newer candidate looks like the older one; people decide."""

    __tablename__ = "roadmap_duplicate"
    __table_args__ = (sa.UniqueConstraint("candidate_id", "other_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    other_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    score: float
    status: str = Field(default="pending", max_length=16, index=True)
    decided_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()


class SizingRequest(SQLModel, table=True):
    """A request to an engineer to size a candidate (XS-XL), and their answer."""

    __tablename__ = "roadmap_sizing"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    engineer: str = Field(max_length=32)
    requested_by: str = Field(max_length=32)
    size: str | None = Field(default=None, max_length=2)
    note: str | None = Field(default=None, sa_type=sa.Text)
    confidence: str | None = Field(default=None, max_length=8)  # low, medium or high
    request_note: str | None = Field(default=None, sa_type=sa.Text)  # the facilitator's
    status: str = Field(default="pending", max_length=16, index=True)  # answered, declined
    created_at: datetime = _created()
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TradeOffDecision(SQLModel, table=True):
    """A roadmap editor's Keep or Swap on a big item against the smaller items that fit in its
    points; the latest row per candidate is the one the plan honours."""

    __tablename__ = "roadmap_trade_off"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    candidate_id: int = Field(foreign_key="roadmap_candidate.id", index=True)
    alternatives: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    choice: str = Field(max_length=8)
    decided_by: str = Field(max_length=200)
    decided_at: datetime = _created()


class PlanSnapshot(SQLModel, table=True):
    """The plan as it stood on a day (the day's last run of it): where each candidate was, its
    size, priority and reach, so a later plan can say what moved and why."""

    __tablename__ = "roadmap_plan_snapshot"
    __table_args__ = (sa.UniqueConstraint("team_id", "taken_on"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    taken_on: date
    taken_at: datetime = _created()
    capacity: float
    items: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)


# --- success metrics (issue 14) ----------------------------------------------------------------
