"""Interviews: create, read, list, route and store a turn in one transaction, change status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.answer_cache import Entry
from storage.base import StoreBase
from storage.errors import AlreadyHandled, NotFound
from storage.inbox import record_event, take_event
from storage.interview_sql import after_write, load, put_answers, route, row_of, set_cursor
from storage.interview_sql import interview_rows as rows_of
from storage.jobs import cancel, schedule
from storage.models import Answer, Interview, Person, RootCause
from storage.outbox import enqueue
from storage.prepared import Db
from storage.records import (
    OPEN_STATUSES,
    InterviewRecord,
    InterviewRow,
    InterviewStatus,
    JobSpec,
    NewEvent,
    Outgoing,
    Route,
    Write,
)
from storage.structure import apply_structure

T = TypeVar("T")


class InterviewStore(StoreBase):
    """Interviews and the one-transaction turn; mixed into storage.api.Storage."""

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
            now = self.now()
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
                created_at=now,
                updated_at=now,
            )
            session.add(interview)
            session.flush()
            assert interview.id is not None
            record = load(session, interview.id)[0]
            if outbox is not None:
                messages = outbox(record)
                enqueue(
                    session, team_id=team_id, interview_id=record.id, messages=messages, now=now
                )
            if jobs is not None:
                schedule(session, team_id=team_id, jobs=jobs(record), now=now)
            return record

        return await self._run(work)

    async def get_interview(
        self, interview_id: int, *, team_id: int | None = None
    ) -> InterviewRecord:
        """One interview with everything in it; NotFound if absent (or in another team)."""
        return await self._run(lambda s: load(s, interview_id, team_id, cache=self.answer_cache)[0])

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
            return [load(session, i, cache=self.answer_cache)[0] for i in ids if i is not None]

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
            lambda s: rows_of(
                s,
                team_id=team_id,
                slack_user_id=slack_user_id,
                role=role,
                statuses=statuses,
                limit=limit,
            )
        )

    async def cancel_interview(
        self, interview_id: int, *, team_id: int, outbox: Sequence[Outgoing] = ()
    ) -> bool:
        """Cancel an open interview (and queue the notices); False if it was not open."""

        def work(session: Session) -> bool:
            now = self.now()
            changed = session.execute(
                sa.update(Interview)
                .where(col(Interview.id) == interview_id, col(Interview.team_id) == team_id)
                .where(col(Interview.status).in_(OPEN_STATUSES))
                .values(status=InterviewStatus.CANCELLED, updated_at=now)
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                return False
            enqueue(session, team_id=team_id, interview_id=interview_id, messages=outbox, now=now)
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

        written: list[tuple[int, Entry]] = []  # the revision this turn makes, once committed

        def work(session: Db) -> T:
            now = self.now()
            interview_id, found = interview, None
            if isinstance(interview, Route):
                assert team_id is not None, "routing a message needs its team"
                rows = route(
                    session,
                    team_id=team_id,
                    slack_user_id=interview.slack_user_id,
                    statuses=interview.statuses,
                    limit=50,
                )
                if len(rows) != 1:
                    return _detour(session, interview, [row_of(r) for r in rows])
                # Current: SQLite holds the write lock since BEGIN, PostgreSQL locked the row.
                interview_id, found = rows[0].id, rows[0]
            assert isinstance(interview_id, int)
            if new_event is not None:
                _record(session, new_event, "done", now)  # AlreadyHandled if it was
            else:
                take_event(session, inbox_id, now=now)  # AlreadyHandled if it was
            record, read = load(
                session, interview_id, team_id, lock=True, found=found, cache=self.answer_cache
            )
            write = decide(record)
            changed = put_answers(
                session,
                interview_id,
                write.changes,
                read.raw,
                event=source_event_id,
                ts=source_ts,
                now=now,
            )
            set_cursor(session, interview_id, cursor=write.cursor, status=write.status, now=now)
            roots = None if write.structure is None else [r.key for r in write.structure.roots]
            written[:] = [(interview_id, after_write(read, changed, roots))]
            if write.structure is not None:
                apply_structure(
                    session,
                    record.id,
                    record.team_id,
                    write.structure,
                    write.structure_before,
                    now=now,
                )
            enqueue(
                session,
                team_id=record.team_id,
                interview_id=interview_id,
                messages=write.outbox,
                now=now,
            )
            cancel(session, write.cancel_jobs)
            schedule(session, team_id=record.team_id, jobs=write.jobs, now=now)
            return write.result

        def _detour(session: Db, routed: Route[T], rows: list[InterviewRow]) -> T:
            # Not exactly one interview: the event waits (or is done) and the person is asked.
            now = self.now()
            event_id = inbox_id
            if new_event is not None:
                event_id = _record(session, new_event, "pending", now)
            detour = routed.detour(rows, event_id)
            take_event(session, event_id, detour.inbox_status, now=now)
            assert team_id is not None
            enqueue(session, team_id=team_id, interview_id=None, messages=detour.outbox, now=now)
            return detour.result

        result = await self._run_core(work)
        for interview_id, entry in written:  # committed: the next turn need not read them
            self.answer_cache.put(interview_id, entry)
        return result

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
            root.status, root.evidence, root.updated_at = status, evidence, self.now()
            session.add(root)
            session.execute(  # no process may keep the verdict it read before
                sa.update(Interview)
                .where(col(Interview.id) == interview_id)
                .values(revision=col(Interview.revision) + 1)
            )

        await self._run(work)

    async def set_interview_status(
        self,
        interview_id: int,
        *,
        status: str,
        only_from: tuple[str, ...],
        outbox: tuple[Outgoing, ...] = (),
        cancel_jobs: tuple[str, ...] = (),
    ) -> bool:
        """Move an interview to `status` if it is in one of `only_from` (and queue notices)."""

        def work(session: Session) -> bool:
            now = self.now()
            changed = session.execute(
                sa.update(Interview)
                .where(col(Interview.id) == interview_id, col(Interview.status).in_(only_from))
                .values(status=status, updated_at=now)
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                return False
            interview = session.get(Interview, interview_id)
            assert interview is not None
            enqueue(
                session,
                team_id=interview.team_id,
                interview_id=interview_id,
                messages=outbox,
                now=now,
            )
            cancel(session, cancel_jobs)
            return True

        return await self._run(work)

    async def answer_by_ts(
        self, *, interview_ids: Sequence[int], ts: str
    ) -> tuple[int, str] | None:
        """The (interview id, question key) of the answer given in the Slack message `ts`."""

        def work(session: Session) -> tuple[int, str] | None:
            row = session.exec(
                select(Answer).where(
                    col(Answer.interview_id).in_(interview_ids), Answer.source_ts == ts
                )
            ).first()
            return None if row is None else (row.interview_id, row.question_key)

        return await self._run(work)

    async def facilitates(self, *, team_id: int, slack_user_id: str) -> bool:
        """Whether someone has run at least one interview in the team."""

        def work(session: Session) -> bool:
            found = session.execute(
                sa.select(col(Interview.id))
                .join(Person, col(Person.id) == col(Interview.facilitator_id))
                .where(
                    col(Interview.team_id) == team_id,
                    col(Person.slack_user_id) == slack_user_id,
                )
                .limit(1)
            ).first()
            return found is not None

        return await self._run(work)


def _record(session: Db, event: NewEvent, status: str, now: datetime) -> int:
    """Store an event that arrives with its handling; AlreadyHandled when it was stored."""
    event_id = record_event(
        session,
        slack_team_id=event.slack_team_id,
        event_id=event.event_id,
        kind=event.kind,
        payload=event.payload,
        now=now,
        status=status,
    )
    if event_id is None:
        raise AlreadyHandled(f"event {event.event_id} was stored before")
    return event_id
