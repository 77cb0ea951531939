"""Outbox claims name their worker, on SQLite and PostgreSQL: a lease is renewed only by its
holder, a dead worker's claims are released for a look-up before they are posted again, a live
worker's are left alone, and a lapsed lease is taken over the same way. A dead worker's running
jobs are given back at start too."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.jobs.workers import is_gone, worker_name
from storage import OUTBOX_LEASE, JobSpec, Outgoing, Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock

HOST = socket.gethostname()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TUESDAY_1500_UTC)


@pytest.fixture
async def store(db_url: str, clock: FakeClock) -> AsyncIterator[Storage]:
    storage = await Storage.open(db_url, now=clock.now)
    await storage.upgrade()
    yield storage
    await storage.close()


async def _queue(store: Storage, *users: str) -> list[int]:
    team = await store.ensure_team(slack_team_id="T1")
    messages = [Outgoing("chat.postMessage", {"text": u}, user_id=u) for u in users]
    return await store.enqueue(team_id=team, messages=messages)


async def test_a_claim_blocks_other_workers_until_its_lease_lapses_and_comes_back_to_verify(
    store: Storage, clock: FakeClock
) -> None:
    (mid,) = await _queue(store, "U1")
    (first,) = await store.claim_outbox(worker="a:1:x")
    assert not first.verify  # a fresh row cannot have reached Slack
    assert await store.claim_outbox(worker="b:2:y") == []
    clock.advance(OUTBOX_LEASE + OUTBOX_LEASE / 10)
    (again,) = await store.claim_outbox(worker="b:2:y")
    assert (again.id, again.attempts, again.verify) == (mid, 2, True)


async def test_only_the_holder_renews_its_lease(store: Storage, clock: FakeClock) -> None:
    (mid,) = await _queue(store, "U1")
    await store.claim_outbox(worker="a:1:x")
    assert await store.renew_outbox_claims([mid], worker="b:2:y") == 0
    clock.advance(OUTBOX_LEASE * 0.9)
    assert await store.renew_outbox_claims([mid], worker="a:1:x") == 1
    clock.advance(OUTBOX_LEASE * 0.9)  # past the first lease, within the renewed one
    assert await store.claim_outbox(worker="b:2:y") == []


async def test_release_gives_back_only_the_claims_of_workers_said_to_be_gone(
    store: Storage,
) -> None:
    dead_row, live_row = await _queue(store, "U1", "U2")
    await store.claim_outbox(limit=1, worker="dead:1:x")
    await store.claim_outbox(limit=1, worker="live:2:y")
    released = await store.release_outbox_claims(gone=lambda worker: worker.startswith("dead"))
    assert released == 1
    (taken,) = await store.claim_outbox(worker="new:3:z")
    assert (taken.id, taken.verify) == (dead_row, True)
    await store.mark_sent(taken.id, slack_ts="1.1")
    assert await store.outbox_status() == {"sent": 1, "sending": 1}
    assert live_row not in [m.id for m in await store.claim_outbox(worker="new:3:z")]


async def test_a_failure_that_may_have_reached_slack_is_verified_and_a_plain_one_is_not(
    store: Storage, clock: FakeClock
) -> None:
    lost, refused = await _queue(store, "U1", "U2")
    await store.claim_outbox(worker="a:1:x")
    await store.mark_failed(lost, error="TimeoutError", retry_at=clock.now(), maybe_sent=True)
    await store.mark_failed(refused, error="ratelimited", retry_at=clock.now())
    clock.advance(OUTBOX_LEASE)
    claimed = {m.id: m.verify for m in await store.claim_outbox(worker="a:1:x")}
    assert claimed == {lost: True, refused: False}
    await store.mark_sent(lost, slack_ts="1.2")
    await store.mark_failed(refused, error="ratelimited", retry_at=clock.now())
    assert await store.release_outbox_claims(gone=lambda worker: True) == 0


def test_a_worker_is_gone_when_its_pid_died_or_was_this_process_in_an_earlier_life() -> None:
    me = worker_name()
    pid = os.getpid()
    assert not is_gone(me, me=me)
    assert is_gone(f"{HOST}:{pid}:0ldlife", me=me)  # this pid, another start: a restart
    assert not is_gone(f"{HOST}:{os.getppid()}:sibling", me=me)  # alive: wait for its lease
    assert not is_gone(f"elsewhere:{pid}:x", me=me)  # another machine: only its lease tells
    assert not is_gone("garbage", me=me) and not is_gone(f"{HOST}:notapid:x", me=me)


async def test_a_worker_whose_process_exited_is_gone() -> None:
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await child.wait()  # exited and reaped: its pid names no process
    assert is_gone(f"{HOST}:{child.pid}:x", me=worker_name())


async def test_a_dead_workers_running_job_is_given_back_and_a_live_ones_is_not(
    store: Storage, clock: FakeClock
) -> None:
    team = await store.ensure_team(slack_team_id="T1")
    due = clock.now()
    await store.schedule_jobs(
        team_id=team, jobs=[JobSpec("reminder", f"r{i}", due_at=due) for i in range(2)]
    )
    lease = timedelta(minutes=5)
    (dead,) = await store.claim_jobs(now=due, worker="dead:1:x", lease=lease, limit=1)
    (live,) = await store.claim_jobs(now=due, worker="live:2:y", lease=lease, limit=1)

    assert await store.release_job_claims(gone=lambda w: w.startswith("dead")) == 1
    (again,) = await store.claim_jobs(now=due, worker="new:3:z", lease=lease)
    assert (again.id, again.attempts) == (dead.id, 2)
    assert not await store.finish_job(dead, worker="dead:1:x", now=due), "the dead run is void"
    assert await store.finish_job(live, worker="live:2:y", now=due)
