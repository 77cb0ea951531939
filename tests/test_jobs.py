"""Jobs on SQLite and PostgreSQL: claimed once, retried after a dead claimer's lease, finished
only by their claimer; the weekly digest over simulated weeks with two bot processes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.jobs.runner import JobResult, JobRunner
from storage import JobRecord, JobSpec, Outgoing, Storage
from tests.clock import FakeClock

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


async def _team(storage: Storage) -> int:
    return await storage.ensure_team(slack_team_id="T1")


async def test_two_processes_claim_each_due_job_exactly_once(db_url: str) -> None:
    stores = [await Storage.open(db_url) for _ in range(2)]
    await stores[0].upgrade()
    team = await _team(stores[0])
    await stores[0].schedule_jobs(
        team_id=team, jobs=[JobSpec("test", f"job:{i}", T0) for i in range(30)]
    )
    claims = await asyncio.gather(
        *(s.claim_jobs(now=T0, worker=f"w{n}", lease=LEASE, limit=30) for n, s in enumerate(stores))
    )
    keys = [job.key for batch in claims for job in batch]
    assert sorted(keys) == sorted(f"job:{i}" for i in range(30))
    for store in stores:
        await store.close()


async def test_a_job_not_yet_due_is_not_claimed(storage: Storage) -> None:
    team = await _team(storage)
    await storage.schedule_jobs(team_id=team, jobs=[JobSpec("test", "later", T0 + timedelta(1))])
    assert await storage.claim_jobs(now=T0, worker="w", lease=LEASE) == []


async def test_a_dead_claimers_job_runs_again_after_its_lease_and_its_late_finish_is_refused(
    storage: Storage,
) -> None:
    team = await _team(storage)
    await storage.schedule_jobs(team_id=team, jobs=[JobSpec("test", "k", T0)])
    (dead,) = await storage.claim_jobs(now=T0, worker="dead", lease=LEASE)
    assert await storage.claim_jobs(now=T0 + LEASE / 2, worker="alive", lease=LEASE) == []
    (again,) = await storage.claim_jobs(now=T0 + LEASE * 2, worker="alive", lease=LEASE)
    assert again.attempts == 2
    assert not await storage.finish_job(dead, worker="dead", now=T0 + LEASE * 3)
    assert await storage.finish_job(again, worker="alive", now=T0 + LEASE * 3)
    assert await storage.job_status("k") == "done"


async def test_finish_queues_messages_and_follow_on_jobs_atomically(storage: Storage) -> None:
    team = await _team(storage)
    await storage.schedule_jobs(team_id=team, jobs=[JobSpec("test", "k", T0)])
    (job,) = await storage.claim_jobs(now=T0, worker="w", lease=LEASE)
    await storage.finish_job(
        job,
        worker="w",
        now=T0,
        outbox=[Outgoing("chat.postMessage", {"text": "hi"}, channel="C1")],
        then=[JobSpec("test", "next", T0 + timedelta(days=7), rearm=False)],
    )
    assert (await storage.outbox_status()) == {"pending": 1}
    assert await storage.job_status("next") == "pending"


async def test_a_job_that_must_not_rearm_is_never_scheduled_twice(storage: Storage) -> None:
    team = await _team(storage)
    spec = JobSpec("digest", "digest:C1:2026-W48", T0, rearm=False)
    await storage.schedule_jobs(team_id=team, jobs=[spec])
    (job,) = await storage.claim_jobs(now=T0, worker="w", lease=LEASE)
    await storage.finish_job(job, worker="w", now=T0)
    await storage.schedule_jobs(team_id=team, jobs=[spec])  # a late "then" from a slow process
    assert await storage.job_status(spec.key) == "done"
    assert await storage.claim_jobs(now=T0 + timedelta(days=1), worker="w", lease=LEASE) == []


async def test_a_failing_handler_is_retried_with_backoff_then_failed(storage: Storage) -> None:
    team = await _team(storage)
    await storage.schedule_jobs(team_id=team, jobs=[JobSpec("boom", "b", T0)])
    clock = FakeClock(T0)

    async def boom(job: JobRecord, now: datetime) -> JobResult:
        raise RuntimeError("handler bug")

    runner = JobRunner(storage, clock, {"boom": boom}, worker="w")
    outcomes = []
    for _ in range(6):
        outcomes += [o for _, o in await runner.tick()]
        clock.advance(timedelta(hours=2))
    assert outcomes == ["retry", "retry", "retry", "retry", "failed"]
    assert await storage.job_status("b") == "failed"


@pytest.mark.parametrize("kind", ["unknown"])
async def test_a_job_without_handler_fails_visibly(storage: Storage, kind: str) -> None:
    team = await _team(storage)
    await storage.schedule_jobs(team_id=team, jobs=[JobSpec(kind, "u", T0)])
    runner = JobRunner(storage, FakeClock(T0), {}, worker="w")
    assert await runner.tick() == [("u", "failed")]


async def test_a_one_time_message_is_queued_once_by_two_processes_at_once(db_url: str) -> None:
    stores = [await Storage.open(db_url, now=lambda: T0) for _ in range(2)]
    await stores[0].upgrade()
    team = await _team(stores[0])
    notice = [Outgoing("chat.postMessage", {"text": "said not now"}, channel="C1")]
    firsts = await asyncio.gather(
        *(s.send_once(team_id=team, key="said_not_now:1", messages=notice) for s in stores)
    )
    again = await stores[1].send_once(team_id=team, key="said_not_now:1", messages=notice)
    try:
        assert sorted(firsts) == [False, True] and again is False
        assert (await stores[0].outbox_status()) == {"pending": 1}
        assert await stores[0].claim_jobs(now=T0 + LEASE, worker="w", lease=LEASE) == []
    finally:
        for store in stores:
            await store.close()
