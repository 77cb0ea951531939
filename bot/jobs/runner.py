"""The job loop every bot process runs: claim what is due, run it, store the result atomically."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.jobs.workers import worker_name
from storage import JobRecord, JobSpec, Outgoing, Storage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class JobResult:
    """What a job did: messages to send, jobs to schedule next, or itself again later."""

    outbox: Sequence[Outgoing] = ()
    then: Sequence[JobSpec] = ()
    reschedule: JobSpec | None = None
    note: str = field(default="done")


Handler = Callable[[JobRecord, datetime], Awaitable[JobResult]]


class JobRunner:
    """Claims and runs due jobs with the handlers by kind."""

    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        handlers: Mapping[str, Handler],
        *,
        worker: str | None = None,
        lease: timedelta = timedelta(minutes=5),
        sent: Callable[[], None] | None = None,
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.handlers = dict(handlers)
        self.worker = worker or worker_name()
        self.lease = lease
        self._sent = sent

    async def tick(self) -> list[tuple[str, str]]:
        """Run every job due now; returns (job key, outcome) pairs."""
        done: list[tuple[str, str]] = []
        while True:
            now = self.clock.now()
            claimed = await self.storage.claim_jobs(now=now, worker=self.worker, lease=self.lease)
            if not claimed:
                return done
            for job in claimed:
                done.append((job.key, await self._run(job, now)))

    async def _run(self, job: JobRecord, now: datetime) -> str:
        handler = self.handlers.get(job.kind)
        if handler is None:
            await self.storage.fail_job(
                job, worker=self.worker, error=f"no handler for {job.kind}", retry_at=None
            )
            return "failed"
        try:
            result = await handler(job, now)
        except Exception as exc:
            logger.exception("job %s (%s) failed on attempt %s", job.id, job.kind, job.attempts)
            retry_at = None
            if job.attempts < MAX_ATTEMPTS:
                retry_at = now + timedelta(minutes=2**job.attempts)
            await self.storage.fail_job(
                job, worker=self.worker, error=type(exc).__name__, retry_at=retry_at
            )
            return "retry" if retry_at else "failed"
        finished = await self.storage.finish_job(
            job,
            worker=self.worker,
            now=now,
            outbox=result.outbox,
            then=result.then,
            reschedule=result.reschedule,
        )
        if not finished:
            logger.warning("job %s finished elsewhere after its lease ran out", job.id)
            return "lost"
        if result.outbox and self._sent is not None:
            self._sent()
        return result.note

    async def run(self, *, every: float = 30.0) -> None:
        """Tick forever; a failing tick is logged and retried."""
        while True:
            try:
                await self.tick()
            except Exception:
                logger.exception("job tick failed")
            await asyncio.sleep(every)
