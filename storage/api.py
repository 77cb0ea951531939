"""The async storage API: the only way the rest of the code reads or writes the database."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage import jobs_store, messaging, steps, sync
from storage.errors import AlreadyHandled, NotFound
from storage.insights_store import InsightsStore
from storage.jobs_store import JobStore
from storage.models import (
    Interview,
    Person,
    RootCause,
    Team,
    utcnow,
)
from storage.records import (
    InterviewRecord,
    InterviewRow,
    JobSpec,
    NewEvent,
    Outgoing,
    PersonRecord,
    Route,
    Write,
)
from storage.roadmap_store import RoadmapStore
from storage.slack_store import SlackStore

T = TypeVar("T")
OPEN_STATUSES = ("invited", "active", "paused")


class Storage(SlackStore, JobStore, InsightsStore, RoadmapStore):
    """The async storage API; create with `await Storage.open(url)`."""

    async def teams(self) -> list[tuple[int, str]]:
        """Every team as (id, Slack team id)."""
        return await self._run(
            lambda s: [(int(t.id or 0), t.slack_team_id) for t in s.exec(select(Team)).all()]
        )

    # --- people ---------------------------------------------------------------------------

    async def ensure_team(self, *, slack_team_id: str, name: str = "") -> int:
        """The id of the team with this Slack id, created on first sight (two processes seeing
        it first at the same moment both get the one row: the insert skips a conflict)."""

        def work(session: Session) -> int:
            now = utcnow()
            insert = _insert_for(session)(Team.__table__)  # type: ignore[attr-defined]
            session.execute(
                insert.values(
                    slack_team_id=slack_team_id, name=name, created_at=now
                ).on_conflict_do_nothing(index_elements=["slack_team_id"])
            )
            found = session.exec(select(Team.id).where(Team.slack_team_id == slack_team_id)).one()
            return int(found or 0)

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
        """Find a person by Slack id (or by name when there is none), creating it on first sight
        (race-free, like ensure_team) and updating only what changed."""

        def work(session: Session) -> PersonRecord:
            now = utcnow()
            if slack_user_id is not None:
                insert = _insert_for(session)(Person.__table__)  # type: ignore[attr-defined]
                session.execute(
                    insert.values(
                        team_id=team_id,
                        slack_user_id=slack_user_id,
                        name=name,
                        title=title,
                        department=department,
                        tz=tz,
                        created_at=now,
                        updated_at=now,
                    ).on_conflict_do_nothing(index_elements=["team_id", "slack_user_id"])
                )
                query = select(Person).where(
                    Person.team_id == team_id, Person.slack_user_id == slack_user_id
                )
            else:
                query = select(Person).where(
                    Person.team_id == team_id,
                    col(Person.slack_user_id).is_(None),
                    Person.name == name,
                )
            person = session.exec(query).first()
            if person is None:
                person = Person(team_id=team_id, slack_user_id=None, name=name)
            wanted = {"name": name, "title": title, "department": department, "tz": tz}
            changes = {k: v for k, v in wanted.items() if v is not None and getattr(person, k) != v}
            if changes or person.id is None:
                for attr, value in changes.items():
                    setattr(person, attr, value)
                person.updated_at = now
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
            record = steps.load(session, interview.id)[0]
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
        return await self._run(lambda s: steps.load(s, interview_id, team_id)[0])

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
            return [steps.load(session, i)[0] for i in ids if i is not None]

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

        return await self._run(
            lambda s: steps.interview_rows(
                s,
                team_id=team_id,
                slack_user_id=slack_user_id,
                role=role,
                statuses=statuses,
                limit=limit,
            )
        )

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
        interview: int | Route[T],
        decide: Callable[[InterviewRecord], Write[T]],
        *,
        team_id: int | None = None,
        source_event_id: str | None = None,
        source_ts: str | None = None,
        inbox_id: int | None = None,
        new_event: NewEvent | None = None,
    ) -> T:
        """Read an interview, let `decide` compute the change, store it: all in one transaction.

        The row is locked first (FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE on SQLite), so two
        deliveries of answers for one interview are applied one after the other, never merged.
        """

        def work(session: Session) -> T:
            event_id = inbox_id
            if new_event is not None:
                event_id = messaging.record_event(
                    session,
                    slack_team_id=new_event.slack_team_id,
                    event_id=new_event.event_id,
                    kind=new_event.kind,
                    payload=new_event.payload,
                )
                if event_id is None:
                    raise AlreadyHandled(f"event {new_event.event_id} was stored before")
            interview_id = interview
            if isinstance(interview, Route):
                assert team_id is not None, "routing a message needs its team"
                rows = steps.interview_rows(
                    session,
                    team_id=team_id,
                    slack_user_id=interview.slack_user_id,
                    role="respondent",
                    statuses=interview.statuses,
                    limit=50,
                )
                if len(rows) != 1:
                    detour = interview.detour(rows, event_id)
                    messaging.take_event(session, event_id, detour.inbox_status)
                    steps.enqueue(
                        session,
                        team_id=team_id,
                        interview_id=None,
                        messages=detour.outbox,
                        now=utcnow(),
                    )
                    return detour.result
                interview_id = rows[0].id
            assert isinstance(interview_id, int)
            messaging.take_event(session, event_id)  # AlreadyHandled if it was
            record, raw = steps.load(session, interview_id, team_id, lock=True)
            write = decide(record)
            now = utcnow()
            steps.put_answers(
                session,
                interview_id,
                write.changes,
                raw,
                event=source_event_id,
                ts=source_ts,
                now=now,
            )
            steps.set_cursor(
                session, interview_id, cursor=write.cursor, status=write.status, now=now
            )
            if write.structure is not None:
                sync.apply_structure(
                    session, record.id, record.team_id, write.structure, write.structure_before
                )
            steps.enqueue(
                session,
                team_id=record.team_id,
                interview_id=interview_id,
                messages=write.outbox,
                now=now,
            )
            jobs_store.cancel(session, write.cancel_jobs)
            steps.schedule(session, team_id=record.team_id, jobs=write.jobs, now=now)
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


def _insert_for(session: Session) -> Any:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


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
