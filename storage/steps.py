"""The hot path of storage, in SQLAlchemy Core: load an interview, store one step, route a DM.

Every answer goes through here, so these statements are built once at import, with bind
parameters (SQLAlchemy then reuses their compiled form and cache key), and no ORM objects are
made (SQLModel validates each one on construction). The ORM stays in the rest of storage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlmodel import Session

from storage.errors import NotFound
from storage.models import Answer, Interview, Job, OutboxMessage, Person, RootCause
from storage.records import (
    AnswerChange,
    InterviewRecord,
    InterviewRow,
    JobSpec,
    Outgoing,
    PersonRecord,
    StoredAnswer,
)

IV = Interview.__table__  # type: ignore[attr-defined]
P = Person.__table__  # type: ignore[attr-defined]
A = Answer.__table__  # type: ignore[attr-defined]
R = RootCause.__table__  # type: ignore[attr-defined]
J = Job.__table__  # type: ignore[attr-defined]
OUT = OutboxMessage.__table__  # type: ignore[attr-defined]
FAC, STAKE = P.alias("facilitator"), P.alias("stakeholder")


def B(name: str, **kw: Any) -> sa.BindParameter[Any]:
    """A bind parameter; the prefix keeps its name apart from column names (SQLAlchemy reserves
    those in INSERT and UPDATE)."""
    return sa.bindparam(f"p_{name}", **kw)


def _p(params: Mapping[str, Any]) -> dict[str, Any]:
    return {f"p_{k}": v for k, v in params.items()}


_INTERVIEW = sa.select(IV).where(IV.c.id == B("iid"))
_INTERVIEW_LOCKED = _INTERVIEW.with_for_update()  # PostgreSQL; SQLite is locked at BEGIN
_PEOPLE = sa.select(P).where(P.c.id.in_(B("ids", expanding=True)))
_ANSWERS = sa.select(
    A.c.id,
    A.c.question_key,
    A.c.question_text,
    A.c.text,
    A.c.skipped,
    A.c.history,
    A.c.source_event_id,
    A.c.updated_at,
).where(A.c.interview_id == B("iid"))
_VERDICTS = sa.select(R.c.key, R.c.status, R.c.evidence).where(R.c.interview_id == B("iid"))
_ANSWER_COLUMNS = ("question_text", "text", "skipped", "source_event_id", "updated_at")
_INSERT_ANSWER = sa.insert(A).values(
    interview_id=B("iid"),
    question_key=B("key"),
    history=B("history", type_=A.c.history.type),
    created_at=B("created", type_=A.c.created_at.type),
    source_ts=B("ts"),
    **{c: B(c, type_=A.c[c].type) for c in _ANSWER_COLUMNS},
)
_UPDATE_ANSWER = (
    sa.update(A)
    .where(A.c.id == B("aid"))
    .values(
        history=B("history", type_=A.c.history.type),
        source_ts=sa.func.coalesce(B("ts", type_=A.c.source_ts.type), A.c.source_ts),
        **{c: B(c, type_=A.c[c].type) for c in _ANSWER_COLUMNS},
    )
)
_CURSOR = (
    sa.update(IV)
    .where(IV.c.id == B("iid"))
    .values(
        flow_state=B("cursor", type_=IV.c.flow_state.type),
        status=B("status"),
        updated_at=B("now", type_=IV.c.updated_at.type),
        finished_at=sa.func.coalesce(IV.c.finished_at, B("finished", type_=IV.c.finished_at.type)),
    )
)
_ENQUEUE = (
    sa.insert(OUT)
    .values(
        team_id=B("team"),
        interview_id=B("iid"),
        method=B("method"),
        user_id=B("user"),
        channel=B("channel"),
        payload=B("payload", type_=OUT.c.payload.type),
        reply_to=B("reply_to"),
        status="pending",
        attempts=0,
        created_at=B("now", type_=OUT.c.created_at.type),
    )
    .returning(OUT.c.id)
)
_JOB_VALUES = {
    "kind": B("kind"),
    "due_at": B("due", type_=J.c.due_at.type),
    "payload": B("payload", type_=J.c.payload.type),
    "interview_id": B("iid"),
}
_REARM_JOB = (
    sa.update(J)
    .where(J.c.key == B("key"))
    .values(status="pending", lease_until=None, claimed_by=None, done_at=None, **_JOB_VALUES)
)
_JOB_EXISTS = sa.select(J.c.id).where(J.c.key == B("key"))
_INSERT_JOB = sa.insert(J).values(
    team_id=B("team"),
    key=B("key"),
    status="pending",
    attempts=0,
    created_at=B("now", type_=J.c.created_at.type),
    **_JOB_VALUES,
)

RawAnswers = dict[str, Any]  # answer rows by question key


def load(
    session: Session, interview_id: int, team_id: int | None = None, *, lock: bool = False
) -> tuple[InterviewRecord, RawAnswers]:
    """An interview with its people, answers and verdicts (and the raw answer rows)."""
    row = (
        _conn(session)
        .execute(_INTERVIEW_LOCKED if lock else _INTERVIEW, _p({"iid": interview_id}))
        .first()
    )
    if row is None or (team_id is not None and row.team_id != team_id):
        raise NotFound(f"interview {interview_id} does not exist")
    ids = [row.facilitator_id, row.stakeholder_id]
    people = {p.id: _person(p) for p in _conn(session).execute(_PEOPLE, _p({"ids": ids}))}
    answers = {
        a.question_key: a for a in _conn(session).execute(_ANSWERS, _p({"iid": interview_id}))
    }
    verdicts = {
        r.key: (r.status, r.evidence)
        for r in _conn(session).execute(_VERDICTS, _p({"iid": interview_id}))
    }
    record = InterviewRecord(
        id=row.id,
        team_id=row.team_id,
        purpose=row.purpose,
        script_id=row.script_id,
        script_version=row.script_version,
        mode=row.mode,
        status=row.status,
        confidential=row.confidential,
        context_note=row.context_note,
        facilitator=people[row.facilitator_id],
        stakeholder=people[row.stakeholder_id],
        cursor=dict(row.flow_state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        answers={key: _answer(a) for key, a in answers.items()},
        verdicts=verdicts,
    )
    return record, answers


def put_answers(
    session: Session,
    interview_id: int,
    changes: Sequence[AnswerChange],
    raw: Mapping[str, Any],
    *,
    event: str | None,
    ts: str | None,
    now: datetime,
) -> None:
    """Insert or update answers; a changed answer keeps its earlier version in `history`."""
    for change in changes:
        values: dict[str, Any] = {
            "question_text": change.question,
            "text": change.text,
            "skipped": change.skipped,
            "source_event_id": event,
            "updated_at": now,
            "ts": ts,
        }
        old = raw.get(change.key)
        if old is None:
            params = {"iid": interview_id, "key": change.key, "history": [], "created": now}
            _conn(session).execute(_INSERT_ANSWER, _p({**values, **params}))
            continue
        if (old.text, old.skipped) == (change.text, change.skipped):
            continue  # the same answer again (a retry): nothing changes
        previous = {"text": old.text, "skipped": old.skipped, "at": old.updated_at.isoformat()}
        if old.source_event_id:
            previous["event"] = old.source_event_id
        history = [*old.history, previous]
        _conn(session).execute(_UPDATE_ANSWER, _p({**values, "aid": old.id, "history": history}))


def set_cursor(
    session: Session, interview_id: int, *, cursor: dict[str, Any], status: str, now: datetime
) -> None:
    """Store where the flow stands (and when it first finished)."""
    finished = now if status == "finished" else None
    params = {"iid": interview_id, "cursor": cursor, "status": status, "now": now}
    _conn(session).execute(_CURSOR, _p({**params, "finished": finished}))


def enqueue(
    session: Session,
    *,
    team_id: int,
    interview_id: int | None,
    messages: Sequence[Outgoing],
    now: datetime,
) -> list[int]:
    """Add messages to the outbox in order; returns their ids."""
    ids: list[int] = []
    for message in messages:
        reply_to = message.reply_to
        if message.thread_of is not None:
            reply_to = ids[message.thread_of]  # a thread reply to a message of this batch
        params = {
            "team": team_id,
            "iid": interview_id,
            "method": message.method,
            "user": message.user_id,
            "channel": message.channel,
            "payload": message.payload,
            "reply_to": reply_to,
            "now": now,
        }
        ids.append(int(_conn(session).execute(_ENQUEUE, _p(params)).scalar_one()))
    return ids


def schedule(session: Session, *, team_id: int, jobs: Sequence[JobSpec], now: datetime) -> None:
    """Insert or reschedule jobs by key; a job that must not re-arm is only ever inserted."""
    for spec in jobs:
        params = {
            "key": spec.key,
            "kind": spec.kind,
            "due": spec.due_at,
            "payload": dict(spec.payload),
            "iid": spec.interview_id,
        }
        if spec.rearm:
            if _conn(session).execute(_REARM_JOB, _p(params)).rowcount:
                continue
        elif _conn(session).execute(_JOB_EXISTS, _p({"key": spec.key})).first() is not None:
            continue
        _conn(session).execute(_INSERT_JOB, _p({**params, "team": team_id, "now": now}))


_ROLES = {
    "any": sa.or_(FAC.c.slack_user_id == B("user"), STAKE.c.slack_user_id == B("user")),
    "facilitator": FAC.c.slack_user_id == B("user"),
    "stakeholder": STAKE.c.slack_user_id == B("user"),
    "respondent": sa.or_(
        sa.and_(IV.c.mode == "live", FAC.c.slack_user_id == B("user")),
        sa.and_(IV.c.mode != "live", STAKE.c.slack_user_id == B("user")),
    ),
}
_ROWS = (
    sa.select(
        IV.c.id,
        IV.c.purpose,
        IV.c.mode,
        IV.c.status,
        IV.c.confidential,
        IV.c.updated_at,
        FAC.c.slack_user_id.label("facilitator"),
        STAKE.c.slack_user_id.label("stakeholder"),
    )
    .join(FAC, FAC.c.id == IV.c.facilitator_id)
    .join(STAKE, STAKE.c.id == IV.c.stakeholder_id)
    .where(IV.c.team_id == B("team"))
)
_ORDER = (IV.c.updated_at.desc(), IV.c.id.desc())
_ROW_QUERIES = {
    (role, filtered): (
        _ROWS.where(condition, IV.c.status.in_(B("statuses", expanding=True)))
        if filtered
        else _ROWS.where(condition)
    )
    .order_by(*_ORDER)
    .limit(B("limit"))
    for role, condition in _ROLES.items()
    for filtered in (False, True)
}


def interview_rows(
    session: Session,
    *,
    team_id: int,
    slack_user_id: str,
    role: str,
    statuses: Sequence[str] | None,
    limit: int,
) -> list[InterviewRow]:
    """Interviews a user takes part in, newest first (see Storage.interview_rows)."""
    query = _ROW_QUERIES[(role, statuses is not None)]
    params: dict[str, Any] = {"team": team_id, "user": slack_user_id, "limit": limit}
    if statuses is not None:
        params["statuses"] = list(statuses)
    return [
        InterviewRow(
            id=r.id,
            purpose=r.purpose,
            mode=r.mode,
            status=r.status,
            confidential=r.confidential,
            facilitator=r.facilitator,
            stakeholder=r.stakeholder,
            updated_at=r.updated_at,
        )
        for r in _conn(session).execute(query, _p(params))
    ]


def _conn(session: Session) -> sa.Connection:
    """The session's connection: Core statements skip the ORM's autoflush and bookkeeping."""
    return session.connection()


def _person(row: Row[Any]) -> PersonRecord:
    return PersonRecord(
        id=row.id,
        team_id=row.team_id,
        slack_user_id=row.slack_user_id,
        name=row.name,
        title=row.title,
        department=row.department,
        tz=row.tz,
    )


def _answer(row: Any) -> StoredAnswer:
    return StoredAnswer(
        key=row.question_key,
        question=row.question_text,
        text=row.text,
        skipped=row.skipped,
        history=tuple(str(v["text"]) for v in row.history if not v.get("skipped")),
        source_event_id=row.source_event_id,
        updated_at=row.updated_at,
    )
