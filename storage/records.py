"""Plain data that goes in and out of storage: no sessions, no lazy loading, no ORM objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class InterviewStatus(StrEnum):
    """Where an interview stands; the values are the strings stored in `interview.status`."""

    INVITED = "invited"
    ACTIVE = "active"
    PAUSED = "paused"
    FOLLOWING_UP = "following_up"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    DECLINED = "declined"


OPEN_STATUSES = (InterviewStatus.INVITED, InterviewStatus.ACTIVE, InterviewStatus.PAUSED)
"""The statuses of an interview that is still to be answered."""
CONFIRMATION_KEY = "playback"
"""The answer that confirms the summary (the flow's PLAYBACK_KEY, bot/flows/walk.py): not an
answer to a question. tests/test_digest.py checks the two agree."""


@dataclass(frozen=True)
class PersonRecord:
    """A person as stored."""

    id: int
    team_id: int
    slack_user_id: str | None
    name: str
    title: str | None = None
    department: str | None = None
    tz: str | None = None


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as stored; `history` holds the earlier texts, oldest first."""

    key: str
    question: str
    text: str
    skipped: bool
    history: tuple[str, ...]
    source_event_id: str | None
    updated_at: datetime


@dataclass(frozen=True)
class AnswerChange:
    """A new or changed answer to store."""

    key: str
    question: str
    text: str
    skipped: bool = False


@dataclass(frozen=True)
class WhyRow:
    """One cause of a why chain, placed by its key."""

    key: str
    obstacle: int
    depth: int
    cause: str


@dataclass(frozen=True)
class RootRow:
    """A root-cause hypothesis found by the interview."""

    key: str
    obstacle: int
    text: str
    marked_by_stakeholder: bool


@dataclass(frozen=True)
class PainRow:
    """A pain point found by the interview."""

    key: str
    obstacle: int
    problem: str
    root_cause: str
    evidence: str
    title: str = ""
    drafts: tuple[tuple[str, str], ...] = ()  # (candidate field, text drafted from an answer)


@dataclass(frozen=True)
class Structure:
    """What an interview found, derived from its answers; stored beside them for querying."""

    goals: tuple[tuple[int, str], ...] = ()
    obstacles: tuple[tuple[int, str], ...] = ()
    whys: tuple[WhyRow, ...] = ()
    roots: tuple[RootRow, ...] = ()
    pain_points: tuple[PainRow, ...] = ()


@dataclass(frozen=True)
class InterviewRecord:
    """An interview with its people, its answers, its flow cursor and root-cause verdicts."""

    id: int
    team_id: int
    purpose: str
    script_id: str
    script_version: int
    mode: str
    status: str
    confidential: bool
    context_note: str | None
    facilitator: PersonRecord
    stakeholder: PersonRecord
    cursor: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    answers: dict[str, StoredAnswer] = field(default_factory=dict)
    verdicts: dict[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outgoing:
    """A Web API call to make after the transaction commits (chat.postMessage, views.publish...).

    `user_id` asks for the user's DM channel; `reply_to` names an earlier outbox row whose
    sent message `ts` this call needs (to update a question message once it is answered).
    """

    method: str
    payload: dict[str, Any]
    user_id: str | None = None
    channel: str | None = None
    reply_to: int | None = None
    thread_of: int | None = None  # index, in the same batch, of the message this one replies to


@dataclass(frozen=True)
class OutboxRecord:
    """A claimed outbox row, ready to send."""

    id: int
    team_id: int
    interview_id: int | None
    method: str
    payload: dict[str, Any]
    user_id: str | None
    channel: str | None
    reply_to_ts: str | None
    attempts: int
    verify: bool = False  # an earlier try may have reached Slack: look before posting again


@dataclass(frozen=True)
class InboxRecord:
    """A stored incoming event."""

    id: int
    slack_team_id: str
    event_id: str
    kind: str
    payload: dict[str, Any]
    status: str


@dataclass(frozen=True)
class InterviewRow:
    """An interview without its answers: for lists, App Home and routing an incoming message."""

    id: int
    purpose: str
    mode: str
    status: str
    confidential: bool
    facilitator: str | None  # Slack user ids
    stakeholder: str | None
    updated_at: datetime


@dataclass(frozen=True)
class JobSpec:
    """A job to schedule; a job with the same key is replaced (rescheduled), not duplicated."""

    kind: str
    key: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    interview_id: int | None = None
    # False: schedule only if no job with this key ever existed (a digest week, a follow-up),
    # so a late or repeated scheduling can never run the same thing twice.
    rearm: bool = True


@dataclass(frozen=True)
class JobRecord:
    """A claimed job, ready to run."""

    id: int
    team_id: int
    kind: str
    key: str
    interview_id: int | None
    payload: dict[str, Any]
    due_at: datetime
    attempts: int


@dataclass(frozen=True)
class Write(Generic[T]):
    """What one step changes in an interview, and the value to hand back to the caller."""

    cursor: dict[str, Any]
    status: str
    result: T
    changes: tuple[AnswerChange, ...] = ()
    structure: Structure | None = None
    outbox: tuple[Outgoing, ...] = ()
    jobs: tuple[JobSpec, ...] = ()
    cancel_jobs: tuple[str, ...] = ()
    structure_before: Structure | None = None  # lets storage touch only the tables that changed


@dataclass(frozen=True)
class PainPointRecord:
    """A stored pain point with what is known about its interview and stakeholder."""

    id: int
    interview_id: int
    key: str
    problem: str
    root_cause: str
    evidence: str
    confidential: bool
    stakeholder: str | None  # Slack user id
    stakeholder_person_id: int
    department: str | None
    created_at: datetime
    still_holds: bool | None = None
    title: str = ""  # kept or edited at the playback; empty for pain points stored before titles


@dataclass(frozen=True)
class DigestData:
    """Everything the weekly digest reports on, for one team and one week."""

    start: datetime
    end: datetime
    completed: tuple[InterviewRow, ...]
    pain_points: tuple[PainPointRecord, ...]  # all of the team's, newest last
    stalled: int
    coverage: tuple[tuple[str, int], ...]  # (department, finished interviews), all time


@dataclass(frozen=True)
class Detour(Generic[T]):
    """What happens instead of a step when a DM does not route to exactly one interview."""

    result: T
    outbox: tuple[Outgoing, ...] = ()
    inbox_status: str = "done"


@dataclass(frozen=True)
class Route(Generic[T]):
    """Find the interview inside the step's own transaction: the one a person is answering
    (saves a transaction per answer); `detour` decides when there is none, or several."""

    slack_user_id: str
    statuses: tuple[str, ...]
    detour: Callable[[list[InterviewRow], int | None], Detour[T]]  # rows, the event's inbox id


@dataclass(frozen=True)
class NewEvent:
    """An incoming event to store in the same transaction that handles it (a plain answer,
    handled before Slack is acked: one transaction instead of two)."""

    slack_team_id: str
    event_id: str
    kind: str
    payload: dict[str, Any]
