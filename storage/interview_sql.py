"""The prepared Core statements of a turn: load an interview, store its answers, route a DM.

Every answer goes through here, so these statements are built once at import, with bind
parameters, and run as `Prepared` statements on the driver's cursor (storage/prepared.py); no
ORM objects are made (SQLModel validates each one on construction). The ORM stays in the rest
of storage. The interview is read with both its people in one joined row.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from storage.answer_cache import AnswerCache, Entry, RawAnswer
from storage.base import B, bound
from storage.errors import NotFound
from storage.models import Answer, Interview, Person, RootCause
from storage.prepared import Db, Prepared, one_of
from storage.records import (
    AnswerChange,
    InterviewRecord,
    InterviewRow,
    InterviewStatus,
    PersonRecord,
    StoredAnswer,
)
from storage.structure import verdicts_after

INTERVIEWS = Interview.__table__  # type: ignore[attr-defined]
PEOPLE = Person.__table__  # type: ignore[attr-defined]
ANSWERS = Answer.__table__  # type: ignore[attr-defined]
ROOTS = RootCause.__table__  # type: ignore[attr-defined]
FACILITATORS, STAKEHOLDERS = PEOPLE.alias("facilitator"), PEOPLE.alias("stakeholder")

_PERSON_COLUMNS = ("id", "team_id", "slack_user_id", "name", "title", "department", "tz")
# The interview with both its people, in one row: the people's columns come prefixed.
_JOINED = INTERVIEWS.join(FACILITATORS, FACILITATORS.c.id == INTERVIEWS.c.facilitator_id).join(
    STAKEHOLDERS, STAKEHOLDERS.c.id == INTERVIEWS.c.stakeholder_id
)
_WITH_PEOPLE = sa.select(
    INTERVIEWS,
    *(FACILITATORS.c[c].label(f"f_{c}") for c in _PERSON_COLUMNS),
    *(STAKEHOLDERS.c[c].label(f"s_{c}") for c in _PERSON_COLUMNS),
).select_from(_JOINED)
_INTERVIEW = Prepared(_WITH_PEOPLE.where(INTERVIEWS.c.id == B("iid")))
# PostgreSQL; SQLite is locked at BEGIN. Only the interview's row: a person's is shared by all
# of their interviews.
_INTERVIEW_LOCKED = Prepared(_INTERVIEW.statement.with_for_update(of=INTERVIEWS))
_ANSWERS = Prepared(
    sa.select(
        ANSWERS.c.id,
        ANSWERS.c.question_key,
        ANSWERS.c.question_text,
        ANSWERS.c.text,
        ANSWERS.c.skipped,
        ANSWERS.c.history,
        ANSWERS.c.source_event_id,
        ANSWERS.c.updated_at,
    ).where(ANSWERS.c.interview_id == B("iid"))
)
_VERDICTS = Prepared(
    sa.select(ROOTS.c.key, ROOTS.c.status, ROOTS.c.evidence).where(ROOTS.c.interview_id == B("iid"))
)
_ANSWER_COLUMNS = ("question_text", "text", "skipped", "source_event_id", "updated_at")
_INSERT_ANSWER = Prepared(
    sa.insert(ANSWERS)
    .values(
        interview_id=B("iid"),
        question_key=B("key"),
        history=B("history", type_=ANSWERS.c.history.type),
        created_at=B("created", type_=ANSWERS.c.created_at.type),
        source_ts=B("ts"),
        **{c: B(c, type_=ANSWERS.c[c].type) for c in _ANSWER_COLUMNS},
    )
    .returning(ANSWERS.c.id)
)
_UPDATE_ANSWER = Prepared(
    sa.update(ANSWERS)
    .where(ANSWERS.c.id == B("aid"))
    .values(
        history=B("history", type_=ANSWERS.c.history.type),
        source_ts=sa.func.coalesce(B("ts", type_=ANSWERS.c.source_ts.type), ANSWERS.c.source_ts),
        **{c: B(c, type_=ANSWERS.c[c].type) for c in _ANSWER_COLUMNS},
    )
)
_CURSOR = Prepared(
    sa.update(INTERVIEWS)
    .where(INTERVIEWS.c.id == B("iid"))
    .values(
        flow_state=B("cursor", type_=INTERVIEWS.c.flow_state.type),
        status=B("status"),
        revision=INTERVIEWS.c.revision + 1,  # the answers and verdicts may have changed
        updated_at=B("now", type_=INTERVIEWS.c.updated_at.type),
        finished_at=sa.func.coalesce(
            INTERVIEWS.c.finished_at, B("finished", type_=INTERVIEWS.c.finished_at.type)
        ),
    )
)


def load(
    session: Db,
    interview_id: int,
    team_id: int | None = None,
    *,
    lock: bool = False,
    found: Any = None,
    cache: AnswerCache | None = None,
) -> tuple[InterviewRecord, Entry]:
    """An interview with its people, answers and verdicts (and the answers' raw rows); `found`
    is its row with its people read already in this transaction (see `route`). The answers and
    verdicts come from `cache` when it holds the revision the row has."""
    row = found
    if row is None:
        row = (_INTERVIEW_LOCKED if lock else _INTERVIEW).first(
            session, bound({"iid": interview_id})
        )
    if row is None or (team_id is not None and row.team_id != team_id):
        raise NotFound(f"interview {interview_id} does not exist")
    entry = cache.get(row.id, row.revision) if cache is not None else None
    if entry is None:
        params = bound({"iid": interview_id})
        raw = {a.question_key: RawAnswer(*a) for a in _ANSWERS.all(session, params)}
        entry = Entry(
            revision=row.revision,
            raw=raw,
            answers={key: _answer(a) for key, a in raw.items()},
            verdicts={r.key: (r.status, r.evidence) for r in _VERDICTS.all(session, params)},
        )
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
        facilitator=_person(row, "f_"),
        stakeholder=_person(row, "s_"),
        cursor=dict(row.flow_state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        answers=dict(entry.answers),
        verdicts=dict(entry.verdicts),
    )
    return record, entry


def put_answers(
    session: Db,
    interview_id: int,
    changes: Sequence[AnswerChange],
    raw: Mapping[str, RawAnswer],
    *,
    event: str | None,
    ts: str | None,
    now: datetime,
) -> dict[str, RawAnswer]:
    """Insert or update answers; a changed answer keeps its earlier version in `history`.
    Returns the rows as they now are, of the answers that changed."""
    written: dict[str, RawAnswer] = {}
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
            (answer_id,) = _INSERT_ANSWER.first(session, bound({**values, **params}))
            history: list[dict[str, Any]] = []
        else:
            if (old.text, old.skipped) == (change.text, change.skipped):
                continue  # the same answer again (a retry): nothing changes
            answer_id = old.id
            previous = {"text": old.text, "skipped": old.skipped, "at": old.updated_at.isoformat()}
            if old.source_event_id:
                previous["event"] = old.source_event_id
            history = [*old.history, previous]
            _UPDATE_ANSWER.run(session, bound({**values, "aid": old.id, "history": history}))
        written[change.key] = RawAnswer(
            id=int(answer_id),
            question_key=change.key,
            question_text=change.question,
            text=change.text,
            skipped=change.skipped,
            history=history,
            source_event_id=event,
            updated_at=now,
        )
    return written


def after_write(
    entry: Entry,
    written: Mapping[str, RawAnswer],
    roots: Sequence[str] | None,
) -> Entry:
    """The cache entry of the revision a turn's write makes: `written` (put_answers) over the
    answers it read, and, when it stored a structure, the verdicts of its root causes `roots`
    as apply_structure leaves them (kept, or new hypotheses; the rest deleted)."""
    raw = {**entry.raw, **written}
    answers = {**entry.answers, **{key: _answer(row) for key, row in written.items()}}
    verdicts = entry.verdicts if roots is None else verdicts_after(entry.verdicts, roots)
    return Entry(revision=entry.revision + 1, raw=raw, answers=answers, verdicts=verdicts)


def set_cursor(
    session: Db, interview_id: int, *, cursor: dict[str, Any], status: str, now: datetime
) -> None:
    """Store where the flow stands (and when it first finished)."""
    finished = now if status == InterviewStatus.FINISHED else None
    params = {"iid": interview_id, "cursor": cursor, "status": status, "now": now}
    _CURSOR.run(session, bound({**params, "finished": finished}))


_ROLES = {
    "any": sa.or_(
        FACILITATORS.c.slack_user_id == B("user"), STAKEHOLDERS.c.slack_user_id == B("user")
    ),
    "facilitator": FACILITATORS.c.slack_user_id == B("user"),
    "stakeholder": STAKEHOLDERS.c.slack_user_id == B("user"),
    "respondent": sa.or_(
        sa.and_(INTERVIEWS.c.mode == "live", FACILITATORS.c.slack_user_id == B("user")),
        sa.and_(INTERVIEWS.c.mode != "live", STAKEHOLDERS.c.slack_user_id == B("user")),
    ),
}
_ROWS = (
    sa.select(
        INTERVIEWS.c.id,
        INTERVIEWS.c.purpose,
        INTERVIEWS.c.mode,
        INTERVIEWS.c.status,
        INTERVIEWS.c.confidential,
        INTERVIEWS.c.updated_at,
        FACILITATORS.c.slack_user_id.label("facilitator"),
        STAKEHOLDERS.c.slack_user_id.label("stakeholder"),
    )
    .join(FACILITATORS, FACILITATORS.c.id == INTERVIEWS.c.facilitator_id)
    .join(STAKEHOLDERS, STAKEHOLDERS.c.id == INTERVIEWS.c.stakeholder_id)
    .where(INTERVIEWS.c.team_id == B("team"))
)
_ORDER = (INTERVIEWS.c.updated_at.desc(), INTERVIEWS.c.id.desc())
_ROW_QUERIES = {
    (role, filtered): (
        _ROWS.where(condition, INTERVIEWS.c.status.in_(B("statuses", expanding=True)))
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
        for r in _conn(session).execute(query, bound(params))
    ]


def _answered_by(person: Any, live: bool, statuses: tuple[str, ...]) -> Any:
    """The ids of the interviews `person` answers: as the facilitator of a live one, or as the
    stakeholder of one by DM. Found from the person by the unique (team, Slack id) index, then
    by the interview's person index: one OR over both people read every interview of the team
    (SQLite chose the team index), and this runs on every DM answer."""
    mode = INTERVIEWS.c.mode == "live" if live else INTERVIEWS.c.mode != "live"
    return (
        sa.select(INTERVIEWS.c.id)
        .select_from(_JOINED)
        .where(
            person.c.team_id == B("team"),
            person.c.slack_user_id == B("user"),
            mode,
            one_of(INTERVIEWS.c.status, statuses),
        )
    )


@functools.cache
def _route(statuses: tuple[str, ...]) -> Prepared:
    # Read and, on PostgreSQL, locked in one round trip (FOR UPDATE cannot apply to the UNION
    # itself): a row another transaction changed while this one waited for its lock is checked
    # again against the status filter and returned as it is now. SQLite's compiler leaves the
    # FOR UPDATE out; its write lock is held since BEGIN IMMEDIATE.
    ids = sa.union_all(
        _answered_by(FACILITATORS, True, statuses), _answered_by(STAKEHOLDERS, False, statuses)
    )
    return Prepared(
        _WITH_PEOPLE.where(INTERVIEWS.c.id.in_(ids), one_of(INTERVIEWS.c.status, statuses))
        .order_by(*_ORDER)
        .limit(B("limit"))
        .with_for_update(of=INTERVIEWS)
    )


def route(
    session: Db, *, team_id: int, slack_user_id: str, statuses: Sequence[str], limit: int
) -> list[Any]:
    """The interviews a user answers in `statuses`, newest first, each whole with its people
    and locked for this transaction: when there is one, it is the interview the answer is for,
    read already (see `load`)."""
    query = _route(tuple(str(s) for s in statuses))  # built once for each set of statuses
    return query.all(session, bound({"team": team_id, "user": slack_user_id, "limit": limit}))


def row_of(found: Any) -> InterviewRow:
    """The list row of an interview `route` found."""
    return InterviewRow(
        id=found.id,
        purpose=found.purpose,
        mode=found.mode,
        status=found.status,
        confidential=found.confidential,
        facilitator=found.f_slack_user_id,
        stakeholder=found.s_slack_user_id,
        updated_at=found.updated_at,
    )


def _conn(session: Session) -> sa.Connection:
    """The session's connection: Core statements skip the ORM's autoflush and bookkeeping."""
    return session.connection()


def _person(row: Any, prefix: str) -> PersonRecord:
    return PersonRecord(
        id=getattr(row, f"{prefix}id"),
        team_id=getattr(row, f"{prefix}team_id"),
        slack_user_id=getattr(row, f"{prefix}slack_user_id"),
        name=getattr(row, f"{prefix}name"),
        title=getattr(row, f"{prefix}title"),
        department=getattr(row, f"{prefix}department"),
        tz=getattr(row, f"{prefix}tz"),
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
