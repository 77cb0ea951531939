"""Storage on SQLite and PostgreSQL: migrations, people, answers with history, derived rows."""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage import (
    AnswerChange,
    NotFound,
    PainRow,
    RootRow,
    Storage,
    StorageUnavailable,
    Structure,
    WhyRow,
    Write,
)
from tests.clock import TUESDAY_1500_UTC, FakeClock

NASTY = [
    "",
    "   ",
    "x" * 40_000,
    "🚀 مرحبا שלום \u200b\u200d zero-width",
    "{{ 7*7 }} {% for x in y %}",
    "<!channel> <@U123> &amp;",
    "'; DROP TABLE answer; --",
]


async def test_upgrade_on_empty_database_yields_exactly_the_models(db_url: str) -> None:
    store = await Storage.open(db_url)
    await store.upgrade()
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    await store.upgrade()  # a second upgrade is a no-op
    await store.close()
    assert diff == []


async def _interview(store: Storage) -> int:
    team = await store.ensure_team(slack_team_id="T1", name="Acme")
    fac = await store.ensure_person(team_id=team, slack_user_id="U1", name="Fay")
    stake = await store.ensure_person(
        team_id=team, slack_user_id="U2", name="Sam", tz="Europe/Paris"
    )
    record = await store.create_interview(
        team_id=team,
        purpose="pain_points",
        script_id="pain_points",
        script_version=2,
        facilitator_id=fac.id,
        stakeholder_id=stake.id,
        mode="dm",
        status="invited",
        cursor={"started": False},
    )
    return record.id


def _write(changes: tuple[AnswerChange, ...], structure: Structure | None = None) -> Write[None]:
    return Write({"started": True}, "active", None, changes, structure)


async def test_interview_round_trip_keeps_people_cursor_and_utc_times(storage: Storage) -> None:
    iid = await _interview(storage)
    record = await storage.get_interview(iid)
    assert record.stakeholder.name == "Sam" and record.stakeholder.tz == "Europe/Paris"
    assert record.facilitator.slack_user_id == "U1"
    assert record.cursor == {"started": False} and record.status == "invited"
    assert record.created_at.tzinfo is not None and record.created_at.utcoffset() == UTC.utcoffset(
        None
    )


async def test_stamps_come_from_the_injected_clock_not_the_wall(db_url: str) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)
    store = await Storage.open(db_url, now=clock.now)
    await store.upgrade()
    try:
        iid = await _interview(store)
        created = await store.get_interview(iid)
        clock.advance(timedelta(hours=2))
        finished_at = clock.now()
        change = AnswerChange("goal.1", "Goal?", "Grow")
        await store.update_interview(iid, lambda r: Write({}, "finished", None, (change,)))
        record = await store.get_interview(iid)
    finally:
        await store.close()
    assert (created.created_at, created.updated_at) == (TUESDAY_1500_UTC, TUESDAY_1500_UTC)
    assert (record.updated_at, record.finished_at) == (finished_at, finished_at)
    assert record.answers["goal.1"].updated_at == finished_at


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
async def test_any_text_is_stored_exactly_as_given(storage: Storage, text: str) -> None:
    iid = await _interview(storage)
    change = AnswerChange("goal.1", "Goal? {{ q }}", text)
    await storage.update_interview(iid, lambda r: _write((change,)), source_event_id="Ev1")
    answer = (await storage.get_interview(iid)).answers["goal.1"]
    assert (answer.text, answer.question, answer.source_event_id) == (text, "Goal? {{ q }}", "Ev1")


async def test_changed_answer_keeps_history_and_same_answer_is_a_no_op(storage: Storage) -> None:
    iid = await _interview(storage)
    for text in ["first", "first", "second"]:
        change = AnswerChange("goal.1", "Goal?", text)
        await storage.update_interview(iid, lambda r, c=change: _write((c,)))
    await storage.update_interview(
        iid, lambda r: _write((AnswerChange("goal.1", "Goal?", "", True),))
    )
    answer = (await storage.get_interview(iid)).answers["goal.1"]
    assert answer.skipped and answer.history == ("first", "second")


async def test_structure_rows_follow_answers_and_keep_verdicts(storage: Storage) -> None:
    iid = await _interview(storage)
    structure = Structure(
        goals=((1, "Grow"),),
        obstacles=((1, "Leads lost"),),
        whys=(WhyRow("why.1.1", 1, 1, "Manual CRM"),),
        roots=(RootRow("why.1.1", 1, "Manual CRM", True),),
        pain_points=(PainRow("why.1.1", 1, "Leads lost", "Manual CRM", "we lose leads"),),
    )
    await storage.update_interview(iid, lambda r: _write((), structure))
    await storage.set_root_cause_verdict(
        interview_id=iid, key="why.1.1", status="validated", evidence="CRM logs"
    )
    reworded = Structure(
        goals=(),
        obstacles=((1, "Leads are lost"),),
        roots=(RootRow("why.1.1", 1, "CRM is manual", True),),
    )
    await storage.update_interview(iid, lambda r: _write((), reworded))
    record = await storage.get_interview(iid)
    assert record.verdicts == {"why.1.1": ("validated", "CRM logs")}
    counts = await storage.count_rows()
    assert (counts["goal"], counts["obstacle"], counts["why_step"], counts["pain_point"]) == (
        0,
        1,
        0,
        0,
    )


async def test_failed_decision_stores_nothing(storage: Storage) -> None:
    iid = await _interview(storage)

    def boom(_: object) -> Write[None]:
        raise RuntimeError("flow failed")

    with pytest.raises(RuntimeError):
        await storage.update_interview(iid, boom)
    assert (await storage.get_interview(iid)).cursor == {"started": False}


async def test_concurrent_updates_to_one_interview_are_serialised(storage: Storage) -> None:
    iid = await _interview(storage)

    def bump(record: object) -> Write[None]:
        count = int(record.cursor.get("n", 0))  # type: ignore[attr-defined]
        return Write({"n": count + 1}, "active", None)

    await asyncio.gather(*(storage.update_interview(iid, bump) for _ in range(20)))
    assert (await storage.get_interview(iid)).cursor["n"] == 20


async def test_unknown_interview_and_other_team_are_not_found(storage: Storage) -> None:
    iid = await _interview(storage)
    with pytest.raises(NotFound):
        await storage.get_interview(iid + 1000)
    with pytest.raises(NotFound):
        await storage.get_interview(iid, team_id=999)


async def test_people_are_found_again_by_slack_id_or_by_name(storage: Storage) -> None:
    team = await storage.ensure_team(slack_team_id="T9")
    a = await storage.ensure_person(team_id=team, slack_user_id="U7", name="Ann")
    b = await storage.ensure_person(team_id=team, slack_user_id="U7", name="Ann B.", title="CFO")
    c = await storage.ensure_person(team_id=team, name="Head of Sales")
    d = await storage.ensure_person(team_id=team, name="Head of Sales")
    assert a.id == b.id and b.title == "CFO" and c.id == d.id and c.slack_user_id is None


async def test_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(StorageUnavailable, match="cannot reach the database"):
        await Storage.open("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StorageUnavailable, match="supported"):
        await Storage.open("mysql://x@localhost/db")
    with pytest.raises(StorageUnavailable, match="not a database URL"):
        await Storage.open("not a url")


async def test_first_sight_of_a_team_or_person_from_many_requests_at_once(db_url: str) -> None:
    stores = [await Storage.open(db_url) for _ in range(3)]
    await stores[0].upgrade()
    teams = await asyncio.gather(*(s.ensure_team(slack_team_id="TNEW") for s in stores * 3))
    assert len(set(teams)) == 1
    people = await asyncio.gather(
        *(s.ensure_person(team_id=teams[0], slack_user_id="UNEW", name="New") for s in stores * 3)
    )
    assert len({p.id for p in people}) == 1
    for store in stores:
        await store.close()


async def test_ensure_person_keeps_what_it_is_not_told(storage: Storage) -> None:
    team = await storage.ensure_team(slack_team_id="T3")
    first = await storage.ensure_person(
        team_id=team, slack_user_id="U1", name="Ann", tz="Europe/Paris"
    )
    again = await storage.ensure_person(team_id=team, slack_user_id="U1", name="Ann")
    assert again == first and again.tz == "Europe/Paris"


async def test_removing_an_obstacle_removes_what_points_at_it_first(storage: Storage) -> None:
    iid = await _interview(storage)
    two = Structure(
        obstacles=((1, "Leads lost"), (2, "Forecasts wrong")),
        whys=(WhyRow("why.2.1", 2, 1, "Late books"),),
        roots=(RootRow("why.2.1", 2, "Late books", True),),
        pain_points=(PainRow("why.2.1", 2, "Forecasts wrong", "Late books", "words"),),
    )
    await storage.update_interview(iid, lambda r: _write((), two))
    one = Structure(obstacles=((1, "Leads lost"),))
    await storage.update_interview(
        iid, lambda r: Write({}, "active", None, (), one, structure_before=two)
    )
    counts = await storage.count_rows()
    assert (counts["obstacle"], counts["why_step"], counts["root_cause"], counts["pain_point"]) == (
        1,
        0,
        0,
        0,
    )
