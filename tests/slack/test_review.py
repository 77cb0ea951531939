"""The quarterly review, with a moved clock: two bot processes, one DM per roadmap editor per
quarter, naming a metric off track and a shipped item that did not fix someone's pain point."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.roadmap.service import Roadmap
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackUser
from storage import Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.slack.helpers import settle, text_of
from tests.slack.test_metric_checkins import seed
from tests.slack.test_time_based import timed_settings

EDITOR = "UERIN00001"


@pytest.mark.postgres
async def test_each_quarter_the_editors_get_one_review_from_two_processes(
    fake: FakeSlack, pg_empty_url: str
) -> None:
    fake.add_user(SlackUser(EDITOR, "erin", "Erin Editor", "UTC", "Product"))
    clock = FakeClock(TUESDAY_1500_UTC)
    settings = replace(
        timed_settings(fake, pg_empty_url),
        review_schedule="mon 09:00",
        roadmap_editor_ids=frozenset({EDITOR}),
    )
    store = await Storage.open(pg_empty_url, now=clock.now)
    await store.upgrade()
    await seed(store, fake, settings)  # a metric 0 → 100% by March, never checked in
    roadmap = Roadmap(store, settings)
    await roadmap.record_plan(1, await roadmap.board(1))  # the plan as kept on 2026-12-01
    await store.update_candidates(team_id=1, updates={1: {"status": "shipped"}})
    (ask,) = await store.ask_shipped(team_id=1, candidate_id=1, jobs=lambda rows: [])
    await store.answer_ship_ask(ask.id, team_id=1, answer="no")
    await store.close()
    runtimes = [BotRuntime(settings, clock=clock) for _ in range(2)]
    for runtime in runtimes:
        await runtime.start(http=True, port=0)
    try:
        first = runtimes[0].storage
        assert first is not None
        (due,) = await first.jobs(kind="quarterly_review", status="pending")
        assert (due.key, due.due_at) == (
            "quarterly_review:1:2027-Q1",
            datetime(2027, 1, 4, 8, 0, tzinfo=UTC),  # the quarter's first Monday, 09:00 Paris
        )
        for moment in (due.due_at, due.due_at.replace(hour=12)):
            clock.set(moment)
            await asyncio.gather(*(r.jobs.tick() for r in runtimes if r.jobs))
            for runtime in runtimes:
                assert runtime.services is not None
                await runtime.services.sender.drain()
        channel = fake.dm_channel(EDITOR)
        # A process's own sender loop may still be posting a row drain() skipped as claimed.
        await settle(first)
        await asyncio.sleep(0.2)  # would a second copy follow?
        reviews = [m for m in fake.messages(channel) if "Quarterly review" in text_of(m)]
        assert len(reviews) == 1
        text = text_of(reviews[0])
        assert "Quarterly review · 2027-Q1" in text
        assert (
            "Tickets closed within a day (#1 Tickets wait days &lt;!channel&gt;): off track" in text
        )
        assert "#1 Tickets wait days &lt;!channel&gt;: 1 of 1 say it did not fix" in text
        themes = text.partition("*New themes since 2026-10-05*")[2].partition("\n\n")[0]
        assert "• #1 Tickets wait days &lt;!channel&gt;: 1 stakeholder, 1 pain point, all new" in (
            themes
        ), text
        moved = text.partition("*What the plan moved since the last review*")[2]
        assert "Since the plan of 2026-12-01:" in moved, text
        assert "• #1 Tickets wait days &lt;!channel&gt;: " in moved and "shipped" in moved, text
        kept = await first.plan_snapshot_at(team_id=1, on=due.due_at.date())
        assert kept is not None and kept.taken_on.isoformat() == "2027-01-04"  # for the next
        (following,) = await first.jobs(kind="quarterly_review", status="pending")
        assert following.key == "quarterly_review:1:2027-Q2"
    finally:
        for runtime in runtimes:
            await runtime.stop()
