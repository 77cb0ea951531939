"""The async storage API: the only way the rest of the code reads or writes the database."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage import jobs_store, messaging, sync
from storage.errors import NotFound
from storage.insights_store import InsightsStore
from storage.jobs_store import JobStore
from storage.models import (
    Answer,
    Interview,
    Person,
    RootCause,
    Team,
    utcnow,
)
from storage.records import (
    AnswerChange,
    InterviewRecord,
    InterviewRow,
    JobSpec,
    Outgoing,
    PersonRecord,
    StoredAnswer,
    Write,
)
from storage.slack_store import SlackStore

T = TypeVar("T")
OPEN_STATUSES = ("invited", "active", "paused")


class Storage(SlackStore, JobStore, InsightsStore):
    """The async storage API; create with `await Storage.open(url)`."""

    async def teams(self) -> list[tuple[int, str]]:
        """Every team as (id, Slack team id)."""
        return await self._run(
            lambda s: [(int(t.id or 0), t.slack_team_id) for t in s.exec(select(Team)).all()]
        )

    # --- people ---------------------------------------------------------------------------

    async def ensure_team(self, *, slack_team_id: str, name: str = "") -> int:
        """The id of the team with this Slack id, created on first sight."""

        def work(session: Session) -> int:
            team = session.exec(select(Team).where(Team.slack_team_id == slack_team_id)).first()
            if team is None:
                team = Team(slack_team_id=slack_team_id, name=name)
                session.add(team)
                session.flush()
            assert team.id is not None
            return team.id

        return await self._run(work)

    async def ensure_person(
        self,
        *,
        team_id: int,
        name: str,
        slack_user_id: str | None = None,
        title: str | None = None,
        department: str | None = None,
        tz: str | None = None,
    ) -> PersonRecord:
        """Find a person by Slack id (or by name when there is none), creating or updating."""

        def work(session: Session) -> PersonRecord:
            query = select(Person).where(Person.team_id == team_id)
            if slack_user_id is not None:
                query = query.where(Person.slack_user_id == slack_user_id)
            else:
                query = query.where(col(Person.slack_user_id).is_(None), Person.name == name)
            person = session.exec(query).first()
            if person is None:
                person = Person(team_id=team_id, slack_user_id=slack_user_id, name=name)
            person.name = name
            for attr, value in (("title", title), ("department", department), ("tz", tz)):
                if value is not None:
                    setattr(person, attr, value)
            person.updated_at = utcnow()
            session.add(person)
            session.flush()
            return _person(person)

        return await self._run(work)

    # --- interviews -----------------------------------------------------------------------

    async def create_interview(
        self,
        *,
        team_id: int,
        purpose: str,
        script_id: str,
        script_version: int,
        facilitator_id: int,
        stakeholder_id: int,
        mode: str,
        status: str,
        cursor: dict[str, Any],
        confidential: bool = False,
        context_note: str | None = None,
        outbox: Callable[[InterviewRecord], Sequence[Outgoing]] | None = None,
        jobs: Callable[[InterviewRecord], Sequence[JobSpec]] | None = None,
    ) -> InterviewRecord:
        """Store a new interview (and the messages `outbox` makes for it) and return it."""

        def work(session: Session) -> InterviewRecord:
            interview = Interview(
                team_id=team_id,
                purpose=purpose,
                script_id=script_id,
                script_version=script_version,
                facilitator_id=facilitator_id,
                stakeholder_id=stakeholder_id,
                mode=mode,
                status=status,
                confidential=confidential,
                context_note=context_note,
                flow_state=cursor,
            )
            session.add(interview)
            session.flush()
            assert interview.id is not None
            record = _load(session, interview.id)
            if outbox is not None:
                messaging.enqueue(
                    session, team_id=team_id, interview_id=record.id, messages=outbox(record)
                )
            if jobs is not None:
                jobs_store.schedule(session, team_id=team_id, jobs=jobs(record))
            return record

        return await self._run(work)

    async def get_interview(
        self, interview_id: int, *, team_id: int | None = None
    ) -> InterviewRecord:
        """One interview with everything in it; NotFound if absent (or in another team)."""
        return await self._run(lambda s: _load(s, interview_id, team_id))

    async def list_interviews(
        self,
        *,
        team_id: int | None = None,
        statuses: Sequence[str] | None = None,
        stakeholder_id: int | None = None,
        purpose: str | None = None,
        mode: str | None = None,
    ) -> list[InterviewRecord]:
        """Interviews matching every filter given, oldest first, with their answers."""

        def work(session: Session) -> list[InterviewRecord]:
            query = select(Interview.id)
            if team_id is not None:
                query = query.where(Interview.team_id == team_id)
            if statuses is not None:
                query = query.where(col(Interview.status).in_(statuses))
            if stakeholder_id is not None:
                query = query.where(Interview.stakeholder_id == stakeholder_id)
            if purpose is not None:
                query = query.where(Interview.purpose == purpose)
            if mode is not None:
                query = query.where(Interview.mode == mode)
            ids = session.exec(query.order_by(col(Interview.id))).all()
            return [_load(session, i) for i in ids if i is not None]

        return await self._run(work)

    async def interview_rows(
        self,
        *,
        team_id: int,
        slack_user_id: str,
        role: str = "any",
        statuses: Sequence[str] | None = None,
        limit: int = 200,
    ) -> list[InterviewRow]:
        """Interviews a user takes part in, newest first; `role` is any, facilitator,
        stakeholder or respondent (who answers: the stakeholder by DM, the facilitator live)."""

        def work(session: Session) -> list[InterviewRow]:
            fac, stake = aliased(Person), aliased(Person)
            query = (
                sa.select(Interview, col(fac.slack_user_id), col(stake.slack_user_id))
                .join(fac, col(fac.id) == col(Interview.facilitator_id))
                .join(stake, col(stake.id) == col(Interview.stakeholder_id))
                .where(col(Interview.team_id) == team_id)
            )
            is_fac = col(fac.slack_user_id) == slack_user_id
            is_stake = col(stake.slack_user_id) == slack_user_id
            condition = {
                "any": sa.or_(is_fac, is_stake),
                "facilitator": is_fac,
                "stakeholder": is_stake,
                "respondent": sa.or_(
                    sa.and_(col(Interview.mode) == "live", is_fac),
                    sa.and_(col(Interview.mode) != "live", is_stake),
                ),
            }[role]
            query = query.where(condition)
            if statuses is not None:
                query = query.where(col(Interview.status).in_(statuses))
            query = query.order_by(col(Interview.updated_at).desc(), col(Interview.id).desc())
            rows = session.execute(query.limit(limit)).all()
            return [
                InterviewRow(
                    id=int(i.id),
                    purpose=i.purpose,
                    mode=i.mode,
                    status=i.status,
                    confidential=i.confidential,
                    facilitator=f,
                    stakeholder=st,
                    updated_at=i.updated_at,
                )
                for i, f, st in rows
            ]

        return await self._run(work)

    async def find_person(self, *, team_id: int, slack_user_id: str) -> PersonRecord | None:
        """A person by Slack id, if known."""

        def work(session: Session) -> PersonRecord | None:
            person = session.exec(
                select(Person).where(
                    Person.team_id == team_id, Person.slack_user_id == slack_user_id
                )
            ).first()
            return None if person is None else _person(person)

        return await self._run(work)

    async def cancel_interview(
        self, interview_id: int, *, team_id: int, outbox: Sequence[Outgoing] = ()
    ) -> bool:
        """Cancel an open interview (and queue the notices); False if it was not open."""

        def work(session: Session) -> bool:
            changed = session.execute(
                sa.update(Interview)
                .where(col(Interview.id) == interview_id, col(Interview.team_id) == team_id)
                .where(col(Interview.status).in_(OPEN_STATUSES))
                .values(status="cancelled", updated_at=utcnow())
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                return False
            messaging.enqueue(session, team_id=team_id, interview_id=interview_id, messages=outbox)
            return True

        return await self._run(work)

    async def update_interview(
        self,
        interview_id: int,
        decide: Callable[[InterviewRecord], Write[T]],
        *,
        team_id: int | None = None,
        source_event_id: str | None = None,
        source_ts: str | None = None,
        inbox_id: int | None = None,
    ) -> T:
        """Read an interview, let `decide` compute the change, store it: all in one transaction.

        The row is locked first (FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE on SQLite), so two
        deliveries of answers for one interview are applied one after the other, never merged.
        """

        def work(session: Session) -> T:
            if inbox_id is not None:
                messaging.claim_event(session, inbox_id)  # AlreadyHandled if it was
            locked = session.exec(
                select(Interview).where(Interview.id == interview_id).with_for_update()
            ).first()
            if locked is None or (team_id is not None and locked.team_id != team_id):
                raise NotFound(f"interview {interview_id} does not exist")
            write = decide(_load(session, interview_id))
            now = utcnow()
            for change in write.changes:
                _put_answer(session, interview_id, change, source_event_id, source_ts, now)
            locked.flow_state = write.cursor
            locked.status = write.status
            locked.updated_at = now
            if write.status == "finished" and locked.finished_at is None:
                locked.finished_at = now
            session.add(locked)
            if write.structure is not None:
                sync.apply_structure(session, locked, write.structure)
            messaging.enqueue(
                session, team_id=locked.team_id, interview_id=interview_id, messages=write.outbox
            )
            jobs_store.cancel(session, write.cancel_jobs)
            jobs_store.schedule(session, team_id=locked.team_id, jobs=write.jobs)
            messaging.complete_event(session, inbox_id)
            return write.result

        return await self._run(work)

    async def set_root_cause_verdict(
        self, *, interview_id: int, key: str, status: str, evidence: str | None
    ) -> None:
        """Mark a root-cause hypothesis validated or refuted (or back to hypothesis)."""

        def work(session: Session) -> None:
            root = session.exec(
                select(RootCause).where(
                    RootCause.interview_id == interview_id, RootCause.key == key
                )
            ).first()
            if root is None:
                raise NotFound(f"interview {interview_id} has no root cause {key}")
            root.status, root.evidence, root.updated_at = status, evidence, utcnow()
            session.add(root)

        await self._run(work)

    async def count_rows(self) -> Mapping[str, int]:
        """Rows per table, for diagnostics and tests."""

        def work(session: Session) -> dict[str, int]:
            names = sa.inspect(self.engine).get_table_names()
            return {
                name: int(session.exec(sa.text(f'SELECT COUNT(*) FROM "{name}"')).one()[0])  # type: ignore[call-overload]
                for name in names
            }

        return await self._run(work)


def _put_answer(
    session: Session,
    interview_id: int,
    change: AnswerChange,
    event: str | None,
    ts: str | None,
    now: Any,
) -> None:
    row = session.exec(
        select(Answer).where(Answer.interview_id == interview_id, Answer.question_key == change.key)
    ).first()
    if row is None:
        row = Answer(interview_id=interview_id, question_key=change.key, question_text="", text="")
    elif (row.text, row.skipped) != (change.text, change.skipped):
        previous = {"text": row.text, "skipped": row.skipped, "at": row.updated_at.isoformat()}
        if row.source_event_id:
            previous["event"] = row.source_event_id
        row.history = [*row.history, previous]
    else:
        return  # the same answer again (a retry): nothing changes
    row.question_text = change.question
    row.text = change.text
    row.skipped = change.skipped
    row.source_event_id = event
    if ts is not None:
        row.source_ts = ts
    row.updated_at = now
    session.add(row)


def _person(person: Person) -> PersonRecord:
    assert person.id is not None
    return PersonRecord(
        id=person.id,
        team_id=person.team_id,
        slack_user_id=person.slack_user_id,
        name=person.name,
        title=person.title,
        department=person.department,
        tz=person.tz,
    )


def _load(session: Session, interview_id: int, team_id: int | None = None) -> InterviewRecord:
    interview = session.get(Interview, interview_id)
    if interview is None or (team_id is not None and interview.team_id != team_id):
        raise NotFound(f"interview {interview_id} does not exist")
    facilitator = session.get(Person, interview.facilitator_id)
    stakeholder = session.get(Person, interview.stakeholder_id)
    assert facilitator is not None and stakeholder is not None and interview.id is not None
    answers = session.exec(select(Answer).where(Answer.interview_id == interview_id)).all()
    roots = session.exec(select(RootCause).where(RootCause.interview_id == interview_id)).all()
    return InterviewRecord(
        id=interview.id,
        team_id=interview.team_id,
        purpose=interview.purpose,
        script_id=interview.script_id,
        script_version=interview.script_version,
        mode=interview.mode,
        status=interview.status,
        confidential=interview.confidential,
        context_note=interview.context_note,
        facilitator=_person(facilitator),
        stakeholder=_person(stakeholder),
        cursor=dict(interview.flow_state),
        created_at=interview.created_at,
        updated_at=interview.updated_at,
        finished_at=interview.finished_at,
        answers={a.question_key: _answer(a) for a in answers},
        verdicts={r.key: (r.status, r.evidence) for r in roots},
    )


def _answer(row: Answer) -> StoredAnswer:
    return StoredAnswer(
        key=row.question_key,
        question=row.question_text,
        text=row.text,
        skipped=row.skipped,
        history=tuple(str(v["text"]) for v in row.history if not v.get("skipped")),
        source_event_id=row.source_event_id,
        updated_at=row.updated_at,
    )
