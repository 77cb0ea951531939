"""Tables of what moves between the bot and Slack and time: the inbox, the outbox, the jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, _created


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
