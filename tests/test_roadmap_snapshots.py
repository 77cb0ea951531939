"""Plan snapshots: one per team per day, and `roadmap plan --since DATE` saying what moved since
the snapshot at or before DATE, each change with its reason (a new sizing, a merge, an override,
a pain point that no longer holds), on SQLite and PostgreSQL; the CLI as a separate process."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.roadmap.model import Priority
from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.test_cli import cli
from tests.test_roadmap_factories import finished_interview, team_of

LAST_QUARTER = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
"""A snapshot three months before TUESDAY_1500_UTC."""

PAINS = [
    ("Leads get lost between marketing and sales", "The CRM is updated by hand", "10 a week"),
    ("Month-end close takes two weeks", "Spreadsheets reconciled by hand", "two weeks"),
    ("Sales loses leads handed over from marketing", "CRM updated manually", "leads!"),
    ("Nobody knows which customers are at risk", "Usage data is scattered", "churn"),
    ("Expense approvals wait for weeks", "Approvers get no reminder", "slow"),
]


@pytest.fixture
async def clocked(db_url: str) -> AsyncIterator[tuple[Storage, FakeClock]]:
    clock = FakeClock(LAST_QUARTER)
    store = await Storage.open(db_url, now=clock.now)
    await store.upgrade()
    yield store, clock
    await store.close()


async def _last_quarter_then_changes(store: Storage, clock: FakeClock) -> tuple[int, Roadmap]:
    """A plan kept last quarter, then a sizing, a merge, an override and a pain point that
    stopped hurting, three months later."""
    roadmap = Roadmap(store, Settings(database_url="sqlite://"))
    team = await team_of(store)
    await finished_interview(
        store, team=team, stakeholder="Ann", pains=PAINS[:2], stakeholder_slack="U0ANN00001"
    )
    await finished_interview(store, team=team, stakeholder="Bob", pains=PAINS[2:4])
    await finished_interview(store, team=team, stakeholder="Cy", pains=PAINS[4:])
    await roadmap.sync(team)
    await store.update_candidates(
        team_id=team,
        updates={
            1: {"impact": 5, "effort": "M"},
            2: {"impact": 3, "effort": "S"},
            3: {"impact": 2, "effort": "L"},
            4: {"impact": 4, "effort": "XL"},
        },
    )
    kept = await roadmap.record_plan(team, await roadmap.board(team))
    assert kept.taken_on == LAST_QUARTER.date()

    clock.set(TUESDAY_1500_UTC)
    ask = await store.request_sizing(
        team_id=team,
        candidate_id=5,
        engineer="U0ENG00001",
        requested_by="U0FAC",
        outbox=lambda *_: [],
    )
    await store.answer_sizing(
        team_id=team,
        request_id=ask.id,
        engineer="U0ENG00001",
        size="S",
        note=None,
        outbox=lambda *_: [],
    )
    await store.merge_candidates(team_id=team, keep_id=1, merge_id=3, by="U0EDITOR01")
    await roadmap.override(team, 4, priority=Priority.P1, reason="The board asked", by="U0EDITOR01")
    (close,) = [p for p in await store.pain_points(team_id=team) if p.problem.startswith("Month")]
    await store.check_pain_point(pain_point_id=close.id, stakeholder="U0ANN00001", holds=False)
    return team, roadmap


async def test_last_quarters_snapshot_and_todays_plan_differ_and_each_change_has_its_reason(
    clocked: tuple[Storage, FakeClock],
) -> None:
    store, clock = clocked
    team, roadmap = await _last_quarter_then_changes(store, clock)
    board = await roadmap.board(team)
    found = await roadmap.moved_since(team, date(2026, 9, 15), board)
    assert found is not None
    snapshot, moved = found
    assert snapshot.taken_on == date(2026, 9, 1)
    by_id = {m.id: m for m in moved}
    assert "entered" in by_id[5].kinds  # was not sized, now planned
    assert "sized S by U0ENG00001 on 2026-12-01" in by_id[5].reasons
    assert "left" in by_id[3].kinds
    assert "merged into #1 (U0EDITOR01, 2026-12-01)" in by_id[3].reasons
    assert "#3 was merged into it (U0EDITOR01, 2026-12-01)" in by_id[1].reasons
    assert "priority" in by_id[4].kinds
    assert "priority overridden to P1 by U0EDITOR01: The board asked" in by_id[4].reasons
    assert "Ann said the pain no longer holds (2026-12-01)" in by_id[2].reasons
    assert all(m.changes and m.reasons for m in moved)
    # Nothing is compared with a plan that was never kept.
    assert await roadmap.moved_since(team, date(2026, 8, 31), board) is None


async def test_one_snapshot_a_day_the_days_last_run(clocked: tuple[Storage, FakeClock]) -> None:
    store, clock = clocked
    roadmap = Roadmap(store, Settings(database_url="sqlite://"))
    team = await team_of(store)
    await finished_interview(store, team=team, stakeholder="Ann", pains=PAINS[:1])
    await roadmap.sync(team)
    morning = await roadmap.record_plan(team, await roadmap.board(team))
    clock.advance(timedelta(hours=5))
    await store.update_candidates(team_id=team, updates={1: {"impact": 5, "effort": "M"}})
    evening = await roadmap.record_plan(team, await roadmap.board(team))
    assert evening.id == morning.id and evening.taken_at > morning.taken_at
    assert evening.items[0]["size"] == "M"  # the day keeps its last plan
    clock.advance(timedelta(days=1))
    tomorrow = await roadmap.record_plan(team, await roadmap.board(team))
    assert tomorrow.id != morning.id
    assert (await store.count_rows())["roadmap_plan_snapshot"] == 2
    first = await store.first_plan_snapshot(team_id=team)
    assert first is not None and first.id == morning.id


async def test_plan_since_in_the_terminal_names_each_change_with_its_reason(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    clock = FakeClock(LAST_QUARTER)
    store = await Storage.open(db, now=clock.now)
    await store.upgrade()
    try:
        await _last_quarter_then_changes(store, clock)
    finally:
        await store.close()
    shown = cli("roadmap", "plan", "--since", "2026-09-15", cwd=tmp_path, db=db)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "Since the plan of 2026-09-01:" in out
    assert "#5 Expense approvals wait for weeks: entered the plan in year 1 (was not sized)" in out
    assert "why: sized S by U0ENG00001 on 2026-12-01" in out
    assert "#3 Sales loses leads handed over from marketing: left the plan" in out
    assert "merged into #1 (U0EDITOR01, 2026-12-01)" in out
    assert "priority overridden to P1 by U0EDITOR01: The board asked" in out
    assert "Ann said the pain no longer holds (2026-12-01)" in out
    data = cli("roadmap", "plan", "--since", "2026-09-15", "--format", "json", cwd=tmp_path, db=db)
    since = json.loads(data.stdout)["since"]
    assert since["snapshot"] == "2026-09-01"
    assert {m["id"] for m in since["moved"]} >= {1, 2, 3, 4, 5}
    bad = cli("roadmap", "plan", "--since", "last tuesday", cwd=tmp_path, db=db)
    assert bad.returncode == 2 and "not a date (YYYY-MM-DD): 'last tuesday'" in bad.stderr
    none = cli("roadmap", "plan", "--since", "2020-01-01", cwd=tmp_path, db=db)
    assert "No plan was kept on or before 2020-01-01" in none.stdout
