"""Jobs at both levels (the one `schedule`): claimed with a conditional update, finished by
their claimer only.

A claim sets a lease; a process that dies holding one loses it when the lease expires and the
job is claimed again, so every job runs, and runs to completion once, however many processes
run the loop, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.base import B, StoreBase, bound
from storage.models import Job
from storage.outbox import enqueue
from storage.prepared import Db, Prepared, connection_of
from storage.records import JobRecord, JobSpec, Outgoing

OPEN_JOB_STATUSES = ("pending", "running")
ONCE = "once"
"""The kind of a job row that only records a one-time effect (`send_once`); never claimed."""

_JOBS = Job.__table__  # type: ignore[attr-defined]
_JOB_VALUES = {
    "kind": B("kind"),
    "due_at": B("due", type_=_JOBS.c.due_at.type),
    "payload": B("payload", type_=_JOBS.c.payload.type),
    "interview_id": B("iid"),
}
_REARM_JOB = Prepared(
    sa.update(_JOBS)
    .where(_JOBS.c.key == B("key"))
    .values(status="pending", lease_until=None, claimed_by=None, done_at=None, **_JOB_VALUES)
)
_JOB_EXISTS = Prepared(sa.select(_JOBS.c.id).where(_JOBS.c.key == B("key")))
_INSERT_JOB = Prepared(
    sa.insert(_JOBS).values(
        team_id=B("team"),
        key=B("key"),
        status="pending",
        attempts=0,
        created_at=B("now", type_=_JOBS.c.created_at.type),
        **_JOB_VALUES,
    )
)


def schedule(session: Db, *, team_id: int, jobs: Sequence[JobSpec], now: datetime) -> None:
    """Insert or reschedule jobs by key; a job that must not re-arm is only ever inserted."""
    for spec in jobs:  # prepared statements: a step schedules in its transaction
        params = {
            "key": spec.key,
            "kind": spec.kind,
            "due": spec.due_at,
            "payload": dict(spec.payload),
            "iid": spec.interview_id,
        }
        if spec.rearm:
            if _REARM_JOB.run(session, bound(params)):
                continue
        elif _JOB_EXISTS.first(session, bound({"key": spec.key})) is not None:
            continue
        _INSERT_JOB.run(session, bound({**params, "team": team_id, "now": now}))


def cancel(session: Db, keys: Sequence[str]) -> None:
    """Cancel open jobs by key (a reminder whose interview moved on)."""
    if keys:
        connection_of(session).execute(
            sa.update(Job)
            .where(col(Job.key).in_(keys), col(Job.status).in_(OPEN_JOB_STATUSES))
            .values(status="cancelled", lease_until=None)
        )


class JobStore(StoreBase):
    """The jobs table; mixed into storage.api.Storage."""

    async def schedule_jobs(self, *, team_id: int, jobs: Sequence[JobSpec]) -> None:
        """Insert or reschedule jobs by key."""
        await self._run(lambda s: schedule(s, team_id=team_id, jobs=jobs, now=self.now()))

    async def ensure_job(self, *, team_id: int, job: JobSpec) -> bool:
        """Create a job unless one with its key exists in any state; True if created."""

        def work(session: Session) -> bool:
            if session.exec(select(Job.id).where(Job.key == job.key)).first() is not None:
                return False
            schedule(session, team_id=team_id, jobs=[job], now=self.now())
            return True

        return await self._run(work)

    async def send_once(
        self,
        *,
        team_id: int,
        key: str,
        messages: Sequence[Outgoing],
        interview_id: int | None = None,
    ) -> bool:
        """Queue `messages` unless something was already sent under `key` (True if queued now).

        For one-time effects that no interview step guards, such as telling a facilitator that
        the stakeholder said "not now": the key is kept as a job that is done from the start, in
        the same transaction as the messages, so a second click, a stale copy of the button or a
        second replica finds the key taken and sends nothing.
        """

        def work(session: Session) -> bool:
            if session.exec(select(Job.id).where(Job.key == key)).first() is not None:
                return False
            now = self.now()
            session.add(
                Job(
                    team_id=team_id,
                    kind=ONCE,
                    key=key,
                    interview_id=interview_id,
                    due_at=now,
                    status="done",
                    created_at=now,
                    done_at=now,
                )
            )
            session.flush()  # the unique key is checked here, before any message is queued
            enqueue(session, team_id=team_id, interview_id=interview_id, messages=messages, now=now)
            return True

        try:
            return await self._run(work)
        except sa.exc.IntegrityError:
            return False  # another process took the key between our look and our insert

    async def cancel_jobs(self, keys: Sequence[str]) -> None:
        """Cancel open jobs by key."""
        await self._run(lambda s: cancel(s, keys))

    async def claim_jobs(
        self, *, now: datetime, worker: str, lease: timedelta, limit: int = 10
    ) -> list[JobRecord]:
        """Claim due jobs (and jobs whose claimer's lease ran out); the row that changes wins."""

        def work(session: Session) -> list[JobRecord]:
            due = session.exec(
                select(Job)
                .where(col(Job.due_at) <= now)
                .where(
                    sa.or_(
                        col(Job.status) == "pending",
                        sa.and_(col(Job.status) == "running", col(Job.lease_until) < now),
                    )
                )
                .order_by(col(Job.due_at), col(Job.id))
                .limit(limit)
            ).all()
            claimed = []
            for row in due:
                status, attempts = row.status, row.attempts
                won = session.execute(
                    sa.update(Job)
                    .where(col(Job.id) == row.id, col(Job.status) == status)
                    .where(col(Job.attempts) == attempts)
                    .values(
                        status="running",
                        claimed_by=worker,
                        lease_until=now + lease,
                        attempts=attempts + 1,
                    )
                )
                if won.rowcount == 1:  # type: ignore[attr-defined]
                    assert row.id is not None
                    claimed.append(
                        JobRecord(
                            id=row.id,
                            team_id=row.team_id,
                            kind=row.kind,
                            key=row.key,
                            interview_id=row.interview_id,
                            payload=dict(row.payload),
                            due_at=row.due_at,
                            attempts=attempts + 1,
                        )
                    )
            return claimed

        return await self._run(work)

    async def release_job_claims(self, *, gone: Callable[[str], bool]) -> int:
        """At start: give back the running jobs of dead workers (`gone(worker)`), so they run
        again now instead of after their lease; returns how many were released. Safe because
        a job's result is written only by `finish_job`, which the dead claimer never reached."""

        def work(session: Session) -> int:
            running = select(Job.claimed_by).where(Job.status == "running").distinct()
            holders = [w for w in session.exec(running).all() if w is not None and gone(w)]
            released = 0
            for worker in holders:
                result = session.execute(
                    sa.update(Job)
                    .where(col(Job.status) == "running", col(Job.claimed_by) == worker)
                    .values(status="pending", lease_until=None, claimed_by=None)
                )
                released += int(result.rowcount)  # type: ignore[attr-defined]
            return released

        return await self._run(work)

    async def finish_job(
        self,
        job: JobRecord,
        *,
        worker: str,
        now: datetime,
        outbox: Sequence[Outgoing] = (),
        then: Sequence[JobSpec] = (),
        reschedule: JobSpec | None = None,
    ) -> bool:
        """Complete a job, queue its messages and schedule follow-on jobs, in one transaction.

        Only the claimer may finish: if its lease ran out and another process took the job,
        nothing is written and False comes back (the other run's result stands).
        """

        def work(session: Session) -> bool:
            row = session.exec(select(Job).where(Job.id == job.id).with_for_update()).first()
            if row is None or row.status != "running" or row.claimed_by != worker:
                return False
            if row.attempts != job.attempts:
                return False
            stamp = self.now()
            enqueue(
                session,
                team_id=job.team_id,
                interview_id=job.interview_id,
                messages=outbox,
                now=stamp,
            )
            if reschedule is not None:
                row.due_at, row.payload = reschedule.due_at, dict(reschedule.payload)
                row.status, row.lease_until, row.claimed_by = "pending", None, None
            else:
                row.status, row.done_at, row.lease_until = "done", now, None
            session.add(row)
            schedule(session, team_id=job.team_id, jobs=then, now=stamp)
            return True

        return await self._run(work)

    async def fail_job(
        self, job: JobRecord, *, worker: str, error: str, retry_at: datetime | None
    ) -> None:
        """Give a failed job back for a later try, or fail it for good."""

        def work(session: Session) -> None:
            values: dict[str, Any] = {"last_error": error[:500], "lease_until": None}
            values["status"] = "pending" if retry_at is not None else "failed"
            if retry_at is not None:
                values["due_at"] = retry_at
            session.execute(
                sa.update(Job)
                .where(col(Job.id) == job.id, col(Job.claimed_by) == worker)
                .where(col(Job.status) == "running")
                .values(**values)
            )

        await self._run(work)

    async def jobs(self, *, kind: str | None = None, status: str | None = None) -> list[JobRecord]:
        """Jobs by kind and status (for tests and diagnostics), oldest due first."""

        def work(session: Session) -> list[JobRecord]:
            query = select(Job)
            if kind is not None:
                query = query.where(Job.kind == kind)
            if status is not None:
                query = query.where(Job.status == status)
            rows = session.exec(query.order_by(col(Job.due_at), col(Job.id))).all()
            return [job_record(r) for r in rows]

        return await self._run(work)

    async def get_job(self, key: str) -> JobRecord | None:
        """The job with this key in any state, if any."""

        def work(session: Session) -> JobRecord | None:
            r = session.exec(select(Job).where(Job.key == key)).first()
            if r is None:
                return None
            return job_record(r)

        return await self._run(work)

    async def job_status(self, key: str) -> str | None:
        """The status of the job with this key, if any."""
        return await self._run(lambda s: s.exec(select(Job.status).where(Job.key == key)).first())


def job_record(row: Job) -> JobRecord:
    """The plain record of a stored job."""
    return JobRecord(
        row.id or 0,
        row.team_id,
        row.kind,
        row.key,
        row.interview_id,
        dict(row.payload),
        row.due_at,
        row.attempts,
    )
