"""A DM answer's one transaction on SQLite and PostgreSQL: routed to its interview, the event
stored with its final status, a retry a no-op, a detour when there is not exactly one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import pytest
import sqlalchemy as sa

from storage import (
    AlreadyHandled,
    AnswerChange,
    Detour,
    InterviewRecord,
    InterviewRow,
    NewEvent,
    Outgoing,
    Route,
    Storage,
    Write,
)
from storage.models import InboxEvent
from tests.clock import TUESDAY_1500_UTC, FakeClock

OPEN = ("invited", "active", "paused")


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Storage]:
    clock = FakeClock(TUESDAY_1500_UTC)
    opened = await Storage.open(db_url, now=clock.now)
    await opened.upgrade()
    yield opened
    await opened.close()


async def _interview(store: Storage, stakeholder: str = "U2") -> tuple[int, int]:
    team = await store.ensure_team(slack_team_id="T1")
    fac = await store.ensure_person(team_id=team, slack_user_id="U1", name="Fay")
    stake = await store.ensure_person(
        team_id=team, slack_user_id=stakeholder, name="Sam", tz="Europe/Paris"
    )
    record = await store.create_interview(
        team_id=team,
        purpose="pain_points",
        script_id="pain_points",
        script_version=2,
        facilitator_id=fac.id,
        stakeholder_id=stake.id,
        mode="dm",
        status="active",
        cursor={"n": 0},
    )
    return team, record.id


def _route(seen: list[tuple[list[int], int | None]]) -> Route[str]:
    def detour(rows: list[InterviewRow], inbox_id: int | None) -> Detour[str]:
        seen.append(([r.id for r in rows], inbox_id))
        status = "awaiting_choice" if rows else "done"
        return Detour(
            "detour", (Outgoing("chat.postMessage", {"text": "?"}, user_id="U2"),), status
        )

    return Route("U2", OPEN, detour)


def _answer(text: str) -> Callable[[InterviewRecord], Write[str]]:
    def decide(record: InterviewRecord) -> Write[str]:
        n = int(record.cursor["n"]) + 1
        change = AnswerChange(f"goal.{n}", "Goal?", text)
        return Write(
            {"n": n}, "active", f"{record.stakeholder.name} {record.facilitator.name}", (change,)
        )

    return decide


async def _events(store: Storage) -> list[tuple[str, str, datetime | None]]:
    table = InboxEvent.__table__  # type: ignore[attr-defined]

    def read() -> list[tuple[str, str, datetime | None]]:
        with store.engine.connect() as connection:
            query = sa.select(table.c.event_id, table.c.status, table.c.processed_at)
            rows = connection.execute(query.order_by(table.c.id)).all()
        return [(e, s, p if p is None else p.replace(tzinfo=None)) for e, s, p in rows]

    return await asyncio.to_thread(read)


async def test_a_routed_answer_stores_its_event_handled_and_a_retry_changes_nothing(
    store: Storage,
) -> None:
    team, iid = await _interview(store)
    new = NewEvent("T1", "Ev1", "message", {"text": "grow"})
    result = await store.update_interview(_route([]), _answer("grow"), team_id=team, new_event=new)
    assert result == "Sam Fay"  # the interview was read whole, with both its people
    with pytest.raises(AlreadyHandled):
        await store.update_interview(_route([]), _answer("again"), team_id=team, new_event=new)
    record = await store.get_interview(iid)
    assert record.cursor == {"n": 1} and [a.text for a in record.answers.values()] == ["grow"]
    assert await _events(store) == [("Ev1", "done", TUESDAY_1500_UTC.replace(tzinfo=None))]


async def test_an_answer_with_no_interview_or_two_is_a_detour_that_keeps_the_event(
    store: Storage,
) -> None:
    team = await store.ensure_team(slack_team_id="T1")
    seen: list[tuple[list[int], int | None]] = []
    none = NewEvent("T1", "Ev1", "message", {"text": "hi"})
    assert (
        await store.update_interview(_route(seen), _answer("hi"), team_id=team, new_event=none)
        == "detour"
    )
    _, first = await _interview(store)
    _, second = await _interview(store)
    two = NewEvent("T1", "Ev2", "message", {"text": "which"})
    await store.update_interview(_route(seen), _answer("which"), team_id=team, new_event=two)
    events = await _events(store)
    assert [(e, s) for e, s, _ in events] == [("Ev1", "done"), ("Ev2", "awaiting_choice")]
    assert events[1][2] is not None  # taken: only the choice can answer it now
    assert seen[0] == ([], seen[0][1]) and seen[0][1] is not None
    assert sorted(seen[1][0]) == [first, second] and seen[1][1] not in (None, seen[0][1])
    assert (await store.outbox_status()) == {"pending": 2}


async def test_routed_answers_at_once_to_one_interview_are_applied_one_after_the_other(
    store: Storage,
) -> None:
    team, iid = await _interview(store)
    await asyncio.gather(
        *(
            store.update_interview(
                _route([]),
                _answer(f"a{i}"),
                team_id=team,
                new_event=NewEvent("T1", f"Ev{i}", "message", {}),
            )
            for i in range(12)
        )
    )
    record = await store.get_interview(iid)
    assert record.cursor == {"n": 12} and len(record.answers) == 12
    assert {s for _, s, _ in await _events(store)} == {"done"}
