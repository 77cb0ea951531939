"""Success metrics in storage, on SQLite and PostgreSQL: created from the SMART form with the
candidate's text fields, one check-in per date, closed metrics take no values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import JobSpec, MetricSpec, NotFound, RoadmapConflict, ShipAskRow, Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.test_roadmap_factories import finished_interview, team_of

TODAY = TUESDAY_1500_UTC.date()
PIPELINES = ("Pipelines fail and nobody notices", "No alerting", "we find out from the CEO")


def spec(**changes: object) -> MetricSpec:
    base: dict[str, object] = {
        "name": "Business-critical pipeline failures fixed within 48 h",
        "unit": "%",
        "direction": "increase",
        "baseline": 60.0,
        "baseline_date": TODAY,
        "target": 98.0,
        "deadline": TODAY + timedelta(days=180),
        "owner": "UOWNER",
        "cadence": "weekly",
        "state": "committed",
    }
    base.update(changes)
    return MetricSpec(**base)  # type: ignore[arg-type]


async def candidate(store: Storage, slack_team_id: str = "T1") -> tuple[int, int]:
    """A team with one roadmap candidate: (team, candidate)."""
    team = await team_of(store, slack_team_id)
    await finished_interview(store, team=team, stakeholder="Ann", pains=[PIPELINES])
    await Roadmap(store, Settings(database_url="sqlite://")).sync(team)
    (row,) = await store.list_candidates(team_id=team)
    return team, row.id


async def test_first_metric_is_created_then_replaced_with_the_candidates_text_fields(
    storage: Storage,
) -> None:
    team, cid = await candidate(storage)
    text = {"metric": "pipelines fixed", "baseline": "60 %", "target": "98 %"}
    first = await storage.save_first_metric(
        team_id=team, candidate_id=cid, spec=spec(state="draft"), candidate_fields=text
    )
    again = await storage.save_first_metric(
        team_id=team, candidate_id=cid, spec=spec(target=99.0), candidate_fields=text
    )
    assert again.id == first.id and (again.target, again.state) == (99.0, "committed")
    assert [m.id for m in await storage.list_metrics(team_id=team)] == [first.id]
    row = await storage.get_candidate(cid, team_id=team)
    assert (row.metric, row.baseline, row.target) == ("pipelines fixed", "60 %", "98 %")
    with pytest.raises(NotFound):
        await storage.save_first_metric(
            team_id=team + 1, candidate_id=cid, spec=spec(), candidate_fields={}
        )


async def test_a_second_value_for_one_date_updates_the_one_check_in(storage: Storage) -> None:
    team, cid = await candidate(storage)
    metric = await storage.create_metric(team_id=team, candidate_id=cid, spec=spec())
    first = await storage.record_checkin(metric.id, on=TODAY, value=70, source="cli")
    second = await storage.record_checkin(
        metric.id, on=TODAY, value=72.5, source="dm", confidence="at_risk", note="<!channel> 🚀"
    )
    later = await storage.record_checkin(
        metric.id, on=TODAY + timedelta(days=7), value=80, source="cli"
    )
    assert (first.created, second.created, later.created) == (True, False, True)
    (one, two) = later.metric.checkins
    assert (one.on, one.value, one.confidence, one.note, one.source) == (
        TODAY,
        72.5,
        "at_risk",
        "<!channel> 🚀",
        "dm",
    )
    assert two.value == 80
    rows = await storage.count_rows()
    assert rows["metric_checkin"] == 2


async def test_closed_metrics_take_no_values_and_other_teams_see_nothing(storage: Storage) -> None:
    team, cid = await candidate(storage)
    other, _ = await candidate(storage, "T2")
    metric = await storage.create_metric(team_id=team, candidate_id=cid, spec=spec())
    closed = await storage.set_metric_state(metric.id, state="closed", reason="no longer relevant")
    assert (closed.state, closed.closed_reason) == ("closed", "no longer relevant")
    with pytest.raises(RoadmapConflict):
        await storage.record_checkin(metric.id, on=TODAY, value=1, source="cli")
    with pytest.raises(NotFound):
        await storage.get_metric(metric.id, team_id=other)
    with pytest.raises(NotFound):
        await storage.create_metric(team_id=other, candidate_id=cid, spec=spec())
    assert await storage.list_metrics(team_id=other) == []
    assert await storage.list_metrics(team_id=team, states=["committed"]) == []
    reopened = await storage.set_metric_state(metric.id, state="committed")
    assert reopened.closed_reason is None


async def test_stamps_come_from_the_injected_clock(db_url: str) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)
    store = await Storage.open(db_url, now=clock.now)
    await store.upgrade()
    try:
        team, cid = await candidate(store)
        metric = await store.create_metric(team_id=team, candidate_id=cid, spec=spec())
        clock.advance(timedelta(hours=3))
        done = await store.record_checkin(metric.id, on=date(2026, 12, 1), value=61, source="cli")
        assert metric.created_at == TUESDAY_1500_UTC
        assert done.metric.checkins[0].updated_at == TUESDAY_1500_UTC + timedelta(hours=3)
    finally:
        await store.close()


async def test_shipping_asks_each_pain_point_once_and_a_no_marks_it_still_holding(
    storage: Storage,
) -> None:
    team = await team_of(storage)
    for name, slack_id in (("Ann", "UANN"), ("Ben", "UBEN")):
        await finished_interview(
            storage, team=team, stakeholder=name, pains=[PIPELINES], stakeholder_slack=slack_id
        )
    await finished_interview(storage, team=team, stakeholder="Offline", pains=[PIPELINES])
    await Roadmap(storage, Settings(database_url="sqlite://")).sync(team)
    for other in (2, 3):
        await storage.merge_candidates(team_id=team, keep_id=1, merge_id=other, by="U1")

    def jobs(rows: Sequence[ShipAskRow]) -> list[JobSpec]:
        return [JobSpec("ship_ask", f"ship_ask:{r.id}", TUESDAY_1500_UTC) for r in rows]

    made = await storage.ask_shipped(team_id=team, candidate_id=1, jobs=jobs)
    again = await storage.ask_shipped(team_id=team, candidate_id=1, jobs=jobs)
    assert [r.stakeholder for r in made] == ["UANN", "UBEN"] and again == []  # Slack people only
    assert len(await storage.jobs(kind="ship_ask")) == 2
    ann, ben = made
    await storage.answer_ship_ask(ann.id, team_id=team, answer="fixed")
    await storage.answer_ship_ask(ben.id, team_id=team, answer="no")
    assert await storage.ship_answers(team_id=team) == {1: ["fixed", "no"]}
    row = await storage.get_candidate(1, team_id=team)
    assert {e.stakeholder: e.still_holds for e in row.evidence} == {
        "Ann": None,
        "Ben": True,
        "Offline": None,
    }
    with pytest.raises(NotFound):
        await storage.get_ship_ask(ann.id, team_id=team + 1)


async def test_a_skip_moves_the_due_date_once(storage: Storage) -> None:
    team, cid = await candidate(storage)
    metric = await storage.create_metric(team_id=team, candidate_id=cid, spec=spec())
    week = TODAY + timedelta(days=7)
    assert (await storage.skip_checkin(metric.id, due=week)).skipped_through == week
    assert (await storage.skip_checkin(metric.id, due=TODAY)).skipped_through == week
