"""Reminders, follow-ups, the re-check of pain points and the weekly digest, end to end with a
clock the test moves, against the Slack stand-in; the digest also with two bot processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.http_retry import builtin_async_handlers

from bot.blocks import ids
from bot.runtime import BotRuntime
from bot.settings import Settings
from sandbox import FakeSlack
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.slack.conftest import SECRET, bot_settings
from tests.slack.helpers import (
    ClockedDriver,
    Conversation,
    has_action,
    run_pain_points_interview,
    settle,
    start_dm_interview,
    text_of,
)

PARIS = ZoneInfo("Europe/Paris")


def timed_settings(fake: FakeSlack, database_url: str) -> Settings:
    return replace(
        bot_settings(fake, database_url),
        digest_channel=fake.general,
        digest_schedule="mon 09:00",
        digest_timezone="Europe/Paris",
        job_tick_seconds=3600,  # the test ticks by hand
    )


class Clocked:
    """A bot whose clock the test moves, with its driver and a conversation helper."""

    def __init__(self, runtime: BotRuntime, clock: FakeClock, convo: Conversation) -> None:
        self.runtime, self.clock, self.convo = runtime, clock, convo

    async def tick(self) -> list[tuple[str, str]]:
        assert self.runtime.jobs is not None and self.runtime.services is not None
        done = await self.runtime.jobs.tick()
        await self.runtime.services.sender.drain()
        return done


@pytest.fixture
async def clocked(fake: FakeSlack, database_url: str) -> AsyncIterator[Clocked]:
    clock = FakeClock(TUESDAY_1500_UTC)
    runtime = BotRuntime(timed_settings(fake, database_url), clock=clock)
    await runtime.start(http=True, port=0)
    async with ClockedDriver(fake, clock, app_url=runtime.url, signing_secret=SECRET) as driver:
        yield Clocked(runtime, clock, Conversation(fake, driver))
    await runtime.stop()


async def test_unanswered_stakeholder_is_nudged_in_working_hours_then_facilitator_hears(
    clocked: Clocked,
) -> None:
    convo, clock = clocked.convo, clocked.clock
    await start_dm_interview(convo, "alice", "bob")  # Bob (New York) started, then went quiet
    storage = clocked.runtime.storage
    assert storage is not None
    job = await storage.get_job("reminder:1")
    assert job is not None
    due_local = job.due_at.astimezone(ZoneInfo("America/New_York"))
    assert due_local.weekday() < 5 and 9 <= due_local.hour < 17  # Bob's own working hours

    for expected in ("nudged", "nudged", "stalled"):
        clock.set(job.due_at)
        assert [o for k, o in await clocked.tick() if k == "reminder:1"] == [expected]
        job = await storage.get_job("reminder:1") or job
    nudges = [m for m in convo.from_bot("bob") if has_action(m, ids.SNOOZE_DAY)]
    assert len(nudges) == 2
    stalled = await convo.wait_for_text("alice", "has stalled")
    assert f"<@{convo.id('bob')}>" in text_of(stalled)
    in_channel = " ".join(text_of(m) for m in convo.fake.messages(convo.fake.general))
    assert convo.id("bob") not in in_channel and "Bob" not in in_channel  # never named there


async def test_a_reminder_claimed_at_night_waits_for_the_morning(clocked: Clocked) -> None:
    convo, clock = clocked.convo, clocked.clock
    await start_dm_interview(convo, "alice", "bob")
    storage = clocked.runtime.storage
    assert storage is not None
    job = await storage.get_job("reminder:1")
    assert job is not None
    night = job.due_at.astimezone(ZoneInfo("America/New_York")).replace(hour=3, minute=0)
    night += timedelta(days=1 if night.weekday() < 4 else 7 - night.weekday())
    clock.set(night.astimezone(UTC))
    assert [o for k, o in await clocked.tick() if k == "reminder:1"] == ["quiet_hours"]
    assert not [m for m in convo.from_bot("bob") if has_action(m, ids.SNOOZE_DAY)]
    moved = await storage.get_job("reminder:1")
    assert moved is not None and moved.due_at.astimezone(ZoneInfo("America/New_York")).hour == 9


async def test_snooze_moves_the_reminder_and_rather_not_stops_it(clocked: Clocked) -> None:
    convo, clock = clocked.convo, clocked.clock
    await start_dm_interview(convo, "alice", "bob")
    storage = clocked.runtime.storage
    assert storage is not None
    job = await storage.get_job("reminder:1")
    assert job is not None
    clock.set(job.due_at)
    await clocked.tick()
    await convo.wait_for_action("bob", ids.SNOOZE_WEEK)
    await convo.click("bob", ids.SNOOZE_WEEK)
    await convo.fake.wait_for(lambda: convo.fake.ephemerals(user=convo.id("bob")))
    snoozed = await storage.get_job("reminder:1")
    assert snoozed is not None and snoozed.due_at - clock.now() >= timedelta(days=7)

    await convo.click("bob", ids.DECLINE)
    await convo.wait_for_text("alice", "would rather not")
    assert (await storage.get_interview(1)).status == "declined"
    assert await storage.job_status("reminder:1") == "cancelled"


async def test_answering_re_arms_the_reminder_from_the_last_answer(clocked: Clocked) -> None:
    convo, clock = clocked.convo, clocked.clock
    await start_dm_interview(convo, "alice", "bob")
    storage = clocked.runtime.storage
    assert storage is not None
    first = await storage.get_job("reminder:1")
    clock.advance(timedelta(hours=20))
    await convo.answer("bob", "Grow revenue")
    second = await storage.get_job("reminder:1")
    assert first is not None and second is not None and second.due_at > first.due_at
    assert second.payload["nudges"] == 0


async def test_after_the_interview_a_follow_up_is_asked_and_pain_points_are_rechecked(
    clocked: Clocked,
) -> None:
    convo, clock = clocked.convo, clocked.clock
    interview = await run_pain_points_interview(convo, "alice", "bob")
    storage = clocked.runtime.storage
    assert storage is not None
    assert await storage.job_status(f"reminder:{interview}") == "cancelled"
    follow_up = await storage.get_job(f"follow_up:{interview}:what_changed")
    assert follow_up is not None
    clock.set(follow_up.due_at)
    await clocked.tick()
    await convo.wait_for_text("bob", "has anything changed")
    await convo.answer("bob", "We hired an analyst <!here>")
    record = await storage.get_interview(interview)
    assert record.answers["followup.what_changed"].text == "We hired an analyst <!here>"
    assert record.status == "finished"

    check = await storage.get_job(f"still_holds:{interview}")
    assert check is not None and check.due_at - clock.now() > timedelta(days=80)
    clock.set(check.due_at)
    await clocked.tick()
    asked = await convo.wait_for_action("bob", ids.STILL_HOLDS)
    await convo.click("bob", ids.NO_LONGER_HOLDS, asked)
    await convo.fake.wait_for(lambda: convo.fake.ephemerals(user=convo.id("bob")))
    (point,) = await storage.pain_points(team_id=record.team_id, interview_id=interview)
    assert point.still_holds is False


async def test_facilitator_adds_a_follow_up_question(clocked: Clocked) -> None:
    convo = clocked.convo
    interview = await run_pain_points_interview(convo, "alice", "bob")
    before = len(convo.fake.ephemerals(user=convo.id("alice")))
    await convo.slack.command(convo.id("alice"), f"follow-up {interview} Did the CRM fix land?")
    await convo.fake.wait_for(lambda: len(convo.fake.ephemerals(user=convo.id("alice"))) > before)
    storage = clocked.runtime.storage
    assert storage is not None
    (job,) = [
        j
        for j in await storage.jobs(kind="follow_up", status="pending")
        if j.payload.get("text") == "Did the CRM fix land?"
    ]
    # Due in Bob's next working hour in New York, never before the facilitator asked.
    due_local = job.due_at.astimezone(ZoneInfo("America/New_York"))
    assert due_local.weekday() < 5 and 9 <= due_local.hour < 17
    assert job.due_at >= clocked.clock.now() - timedelta(minutes=5)
    clocked.clock.set(job.due_at)
    await clocked.tick()
    await convo.wait_for_text("bob", "Did the CRM fix land?")


async def test_digest_preview_is_ephemeral(clocked: Clocked) -> None:
    convo = clocked.convo
    await run_pain_points_interview(convo, "alice", "bob")
    clocked.clock.advance(timedelta(minutes=1))
    user = convo.id("alice")
    await convo.slack.command(user, "digest preview")
    reply = await convo.fake.wait_for(
        lambda: [e for e in convo.fake.ephemerals(user=user) if "digest" in str(e)]
    )
    assert "Interviews completed: *1*" in str(reply[-1])
    assert not convo.fake.messages(convo.fake.general)


async def _digest_parents(fake: FakeSlack) -> list[dict[str, object]]:
    return [
        m
        for m in fake.messages(fake.general)
        if "Interview digest" in text_of(m) and not m.get("thread_ts")
    ]


@pytest.mark.postgres
async def test_ten_weeks_two_processes_one_digest_per_week(
    fake: FakeSlack, pg_empty_url: str
) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)
    settings = timed_settings(fake, pg_empty_url)
    runtimes = [BotRuntime(settings, clock=clock) for _ in range(2)]
    for runtime in runtimes:
        await runtime.start(http=True, port=0)
    try:
        async with ClockedDriver(
            fake, clock, app_url=runtimes[0].url, signing_secret=SECRET
        ) as driver:
            await run_pain_points_interview(Conversation(fake, driver), "alice", "bob")
        storage = runtimes[0].storage
        assert storage is not None
        weeks = []
        for week in range(10):
            pending = await storage.jobs(kind="digest", status="pending")
            assert len(pending) == 1, f"week {week}: {pending}"
            clock.set(pending[0].due_at + timedelta(minutes=week))  # some weeks run late
            results = await asyncio.gather(*(r.jobs.tick() for r in runtimes if r.jobs))
            weeks.append(sorted(o for batch in results for k, o in batch if k.startswith("digest")))
            for runtime in runtimes:
                assert runtime.services is not None
                await runtime.services.sender.drain()
        assert all(len(w) == 1 for w in weeks), weeks
        # Each process's own sender loop may hold a claimed row in flight when `drain()` above
        # returns (it skips rows the other one claimed): wait until the outbox is empty.
        await settle(storage)
        parents = await _digest_parents(fake)
        assert len(parents) == 10
        keys = [j.key for j in await storage.jobs(kind="digest", status="done")]
        assert len(set(keys)) == 10
        local = [j.due_at.astimezone(PARIS) for j in await storage.jobs(kind="digest")]
        assert all((d.weekday(), d.hour, d.minute) == (0, 9, 0) for d in local)
        parent_ts = {m["ts"] for m in parents}
        replies = [m for m in fake.messages(fake.general) if m.get("thread_ts")]
        assert replies and {m["thread_ts"] for m in replies} <= parent_ts  # details in threads
    finally:
        for runtime in runtimes:
            await runtime.stop()


async def test_a_digest_missed_while_down_is_posted_late_once(
    fake: FakeSlack, database_url: str
) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)
    settings = timed_settings(fake, database_url)
    first = BotRuntime(settings, clock=clock)
    await first.start(http=True, port=0)
    assert first.storage is not None
    (due,) = await first.storage.jobs(kind="digest", status="pending")
    await first.stop()  # the bot is down over the digest's time

    clock.set(due.due_at + timedelta(days=2))
    second = BotRuntime(settings, clock=clock)
    await second.start(http=True, port=0)
    try:
        assert second.jobs is not None and second.services is not None and second.storage
        store = second.storage
        await fake.wait_for(lambda: True)
        for _ in range(50):  # the loop's first tick runs at start-up
            if await store.job_status(due.key) == "done":
                break
            await asyncio.sleep(0.05)
        assert await store.job_status(due.key) == "done"
        assert await second.jobs.tick() == []  # the next one is not due yet: nothing doubled
        await second.services.sender.drain()
        assert len(await _digest_parents(fake)) == 1
    finally:
        await second.stop()


async def test_a_digest_survives_429s_and_is_posted_once(
    clocked: Clocked, monkeypatch: pytest.MonkeyPatch
) -> None:
    # slack_sdk waits Retry-After plus up to a random second; the random part only slows tests.
    monkeypatch.setattr(builtin_async_handlers, "random", SimpleNamespace(random=lambda: 0.0))
    fake = clocked.convo.fake
    storage = clocked.runtime.storage
    assert storage is not None
    (due,) = await storage.jobs(kind="digest", status="pending")
    fake.fail_next("chat.postMessage", status=429, retry_after=1, count=2)
    clocked.clock.set(due.due_at)
    await clocked.tick()
    assert clocked.runtime.services is not None
    await clocked.runtime.services.sender.drain()
    parents = await fake.wait_for(lambda: [m for m in fake.messages(fake.general)], 5.0)
    await asyncio.sleep(0.2)  # would a second copy follow?
    assert len(await _digest_parents(fake)) == 1 and parents
    assert len([c for c in fake.calls("chat.postMessage") if c.status == 429]) == 2


async def _scored_digest(clocked: Clocked) -> None:
    """One finished interview, its candidate scored, and the digest's time reached."""
    from bot.slack.roadmap import synced_board

    convo, runtime = clocked.convo, clocked.runtime
    await run_pain_points_interview(convo, "alice", "bob")
    assert runtime.services is not None and runtime.storage is not None
    svc, storage = runtime.services, runtime.storage
    team = await svc.team_id(convo.fake.team_id)
    (candidate,) = (await synced_board(svc, team)).open
    await storage.update_candidates(
        team_id=team, updates={candidate.id: {"impact": 4, "effort": "S"}}
    )
    (due,) = await storage.jobs(kind="digest", status="pending")
    clocked.clock.set(due.due_at)
    await clocked.tick()


async def test_the_digest_lists_top_candidates_and_charts_them_natively_in_its_thread(
    clocked: Clocked,
) -> None:
    fake = clocked.convo.fake
    await _scored_digest(clocked)

    def chart() -> dict[str, Any] | None:
        found = [
            m
            for m in fake.messages(fake.general)
            if any(b.get("type") == "data_visualization" for b in m.get("blocks") or [])
        ]
        return found[0] if found else None

    posted = await fake.wait_for(chart, 5.0)
    (parent,) = await _digest_parents(fake)
    assert posted["thread_ts"] == parent["ts"]
    (block,) = posted["blocks"]
    assert block["title"].startswith("Impact and effort, ") and len(block["title"]) <= 50
    assert block["chart"]["type"] == "bar"
    categories = block["chart"]["axis_config"]["categories"]
    assert categories and categories[0].startswith("Leads get lost") and len(categories[0]) <= 20
    series = {s["name"]: [p["value"] for p in s["data"]] for s in block["chart"]["series"]}
    assert series == {"Impact (1-5)": [4.0], "Effort (points)": [3.0]}
    assert not fake.calls("files.completeUploadExternal")  # no picture when the chart shows
    store = clocked.runtime.storage
    assert store is not None
    kept = await store.plan_snapshot_at(team_id=1, on=clocked.clock.now().date())
    assert kept is not None and kept.items[0]["size"] == "S"  # the digest's plan is kept
    thread = " ".join(text_of(m) for m in fake.messages(fake.general) if m.get("thread_ts"))
    assert "Top roadmap candidates" in thread and "Leads get lost" in thread


async def test_when_slack_refuses_the_chart_block_the_digest_sends_the_picture(
    clocked: Clocked,
) -> None:
    fake = clocked.convo.fake
    fake.refused_blocks = frozenset({"data_visualization"})
    await _scored_digest(clocked)
    shared = await fake.wait_for_call("files.completeUploadExternal", timeout=5.0)
    (parent,) = await _digest_parents(fake)
    assert shared.args.get("thread_ts") == parent["ts"]
    assert shared.args.get("channel_id") == fake.general
    refused = [
        c for c in fake.calls("chat.postMessage") if c.response.get("error") == "invalid_blocks"
    ]
    assert len(refused) == 1  # tried once, then the PNG: never a retry loop
    assert "unsupported type: data_visualization" in str(refused[0].response)
    assert not any(
        b.get("type") == "data_visualization"
        for m in fake.messages(fake.general)
        for b in m.get("blocks") or []
    )


async def test_digest_chart_png_sends_the_picture_without_trying_the_chart_block(
    fake: FakeSlack, database_url: str
) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)
    settings = replace(timed_settings(fake, database_url), digest_chart="png")
    runtime = BotRuntime(settings, clock=clock)
    await runtime.start(http=True, port=0)
    try:
        async with ClockedDriver(fake, clock, app_url=runtime.url, signing_secret=SECRET) as driver:
            await _scored_digest(Clocked(runtime, clock, Conversation(fake, driver)))
            await fake.wait_for_call("files.completeUploadExternal", timeout=5.0)
    finally:
        await runtime.stop()
    charts = [c for c in fake.calls("chat.postMessage") if "data_visualization" in str(c.args)]
    assert charts == []
