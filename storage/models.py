"""All tables, in one place. Alembic owns the schema; these classes describe it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time, tz-aware UTC (the only clock storage reads on its own)."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back tz-aware (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Team(SQLModel, table=True):
    """A Slack workspace (or the local terminal workspace); everything else is scoped to one."""

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32, unique=True)
    name: str = Field(default="", max_length=200)
    created_at: datetime = _created()


class Person(SQLModel, table=True):
    """Someone interviewed or interviewing; `slack_user_id` is empty for terminal-only people."""

    __table_args__ = (sa.UniqueConstraint("team_id", "slack_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    slack_user_id: str | None = Field(default=None, max_length=32)
    name: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=200)
    tz: str | None = Field(default=None, max_length=64)
    dm_channel: str | None = Field(default=None, max_length=32)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Interview(SQLModel, table=True):
    """One interview: who, why, which script version, and where the flow stands."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    purpose: str = Field(max_length=32)
    script_id: str = Field(max_length=64)
    script_version: int
    facilitator_id: int = Field(foreign_key="person.id", index=True)
    stakeholder_id: int = Field(foreign_key="person.id", index=True)
    mode: str = Field(max_length=16)
    status: str = Field(max_length=16, index=True)
    confidential: bool = False
    context_note: str | None = Field(default=None, max_length=2000)
    flow_state: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = _created()
    updated_at: datetime = _created()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Answer(SQLModel, table=True):
    """One answer, with the question exactly as it was asked and every earlier version."""

    __table_args__ = (sa.UniqueConstraint("interview_id", "question_key"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    question_key: str = Field(max_length=64)
    question_text: str = Field(sa_type=sa.Text)
    text: str = Field(sa_type=sa.Text)
    skipped: bool = False
    source_event_id: str | None = Field(default=None, max_length=64)
    source_ts: str | None = Field(default=None, max_length=32, index=True)
    history: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Goal(SQLModel, table=True):
    """A business goal the stakeholder named."""

    __table_args__ = (sa.UniqueConstraint("interview_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    position: int
    text: str = Field(sa_type=sa.Text)


class Obstacle(SQLModel, table=True):
    """Something that blocks or threatens a goal."""

    __table_args__ = (sa.UniqueConstraint("interview_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    position: int
    text: str = Field(sa_type=sa.Text)


class WhyStep(SQLModel, table=True):
    """One cause in an obstacle's why chain; `key` is its place in the tree (why.1.2)."""

    __tablename__ = "why_step"
    __table_args__ = (sa.UniqueConstraint("interview_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    obstacle_id: int = Field(foreign_key="obstacle.id", index=True)
    key: str = Field(max_length=64)
    depth: int
    cause: str = Field(sa_type=sa.Text)


class RootCause(SQLModel, table=True):
    """A root-cause hypothesis; a data person marks it validated or refuted with evidence."""

    __tablename__ = "root_cause"
    __table_args__ = (sa.UniqueConstraint("interview_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    obstacle_id: int = Field(foreign_key="obstacle.id", index=True)
    key: str = Field(max_length=64)
    text: str = Field(sa_type=sa.Text)
    status: str = Field(default="hypothesis", max_length=16)
    evidence: str | None = Field(default=None, sa_type=sa.Text)
    marked_by_stakeholder: bool = False
    updated_at: datetime = _created()


class PainPoint(SQLModel, table=True):
    """What hurts and why, in the stakeholder's words: one per root cause of an obstacle."""

    __tablename__ = "pain_point"
    __table_args__ = (sa.UniqueConstraint("interview_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    obstacle_id: int = Field(foreign_key="obstacle.id", index=True)
    key: str = Field(max_length=64)
    problem: str = Field(sa_type=sa.Text)
    root_cause: str = Field(default="", sa_type=sa.Text)
    evidence: str = Field(sa_type=sa.Text)
    title: str = Field(default="", max_length=200)  # proposed, kept or edited at the playback
    # Candidate fields drafted from what was said (solution, justification, ...), by field name.
    drafts: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON)
    still_holds: bool | None = None  # the stakeholder's answer when asked again months later
    checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()


class InboxEvent(SQLModel, table=True):
    """An incoming Slack event, stored before it is acknowledged; its key makes retries no-ops."""

    __tablename__ = "inbox_event"
    __table_args__ = (sa.UniqueConstraint("slack_team_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slack_team_id: str = Field(max_length=32)
    event_id: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: str = Field(default="pending", max_length=16, index=True)
    received_at: datetime = _created()
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OutboxMessage(SQLModel, table=True):
    """A Web API call to make, stored in the transaction that decided it; sent in id order."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    interview_id: int | None = Field(default=None, foreign_key="interview.id", index=True)
    method: str = Field(max_length=32)
    user_id: str | None = Field(default=None, max_length=32)
    channel: str | None = Field(default=None, max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    reply_to: int | None = Field(default=None)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The process sending it now (host:pid:nonce), so its successor can release a dead claim.
    claimed_by: str | None = Field(default=None, max_length=64)
    # An earlier try may have reached Slack (a crash or a lost answer): look before posting.
    maybe_sent: bool = False
    last_error: str | None = Field(default=None, max_length=500)
    slack_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = _created()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Job(SQLModel, table=True):
    """Time-based work (reminders, follow-ups, digests): due at a time, run once by whichever
    process claims it first; `key` makes scheduling idempotent."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    kind: str = Field(max_length=32)
    key: str = Field(max_length=160, unique=True)
    interview_id: int | None = Field(default=None, foreign_key="interview.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _created()
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- the roadmap (issue 5) ---------------------------------------------------------------------


class CandidateFields(SQLModel):
    """A roadmap candidate's own fields, declared once: the table below and the record storage
    hands out (`storage.records.CandidateRow`) both take them from here, and the roadmap's
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
