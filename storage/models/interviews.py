"""Tables of teams, people and interviews: answers and what the flow derived from them (goals,
obstacles, whys, root causes, pain points)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, _created


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
    # Bumped by every write to the interview's answers or root-cause verdicts (in the same
    # transaction), so a process may keep what it last read of them (storage/answer_cache.py).
    revision: int = Field(default=0)


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
