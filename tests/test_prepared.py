"""Prepared statements on SQLite and PostgreSQL: they write and read exactly what SQLAlchemy's
own execution of the same statement does, and refuse what they cannot run as SQLAlchemy would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from storage import Storage
from storage.models import Job, OutboxMessage
from storage.prepared import Prepared, one_of
from tests.clock import TUESDAY_1500_UTC

JOBS = Job.__table__  # type: ignore[attr-defined]
OUT = OutboxMessage.__table__  # type: ignore[attr-defined]
PARIS = timezone(timedelta(hours=1))
INSERT = sa.insert(JOBS).values(
    team_id=sa.bindparam("p_team"),
    key=sa.bindparam("p_key"),
    kind="reminder",
    status=sa.bindparam("p_status"),
    attempts=0,
    payload=sa.bindparam("p_payload", type_=JOBS.c.payload.type),
    due_at=sa.bindparam("p_due", type_=JOBS.c.due_at.type),
    created_at=sa.bindparam("p_now", type_=JOBS.c.created_at.type),
)
SELECT = sa.select(JOBS.c.key, JOBS.c.payload, JOBS.c.due_at, JOBS.c.lease_until).where(
    one_of(JOBS.c.status, ("pending", "running"))
)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Storage]:
    opened = await Storage.open(db_url)
    await opened.upgrade()
    yield opened
    await opened.close()


async def _in_session(store: Storage, work: object) -> object:
    def run() -> object:
        with Session(store.engine) as session:
            result = work(session)  # type: ignore[operator]
            session.commit()
            return result

    return await asyncio.to_thread(run)


async def test_rows_written_and_read_match_sqlalchemy_execution(store: Storage) -> None:
    team = await store.ensure_team(slack_team_id="T1")
    payload = {"text": "é 🚀 <@U1>", "n": [1, None, True]}
    due = datetime(2026, 12, 1, 16, 30, 0, 123456, tzinfo=PARIS)  # read back as 15:30 UTC
    prepared_insert, prepared_select = Prepared(INSERT), Prepared(SELECT)

    def write(session: Session) -> None:
        common = {"p_team": team, "p_payload": payload, "p_due": due, "p_now": TUESDAY_1500_UTC}
        prepared_insert.run(session, {**common, "p_key": "prepared", "p_status": "pending"})
        session.execute(INSERT, {**common, "p_key": "core", "p_status": "running"})
        prepared_insert.run(session, {**common, "p_key": "done", "p_status": "done"})

    await _in_session(store, write)

    def read(session: Session) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        ours = [tuple(r) for r in prepared_select.all(session)]
        theirs = [tuple(r) for r in session.execute(SELECT).all()]
        return ours, theirs

    ours, theirs = await _in_session(store, read)  # type: ignore[misc]
    assert ours == theirs
    assert [r[0] for r in ours] == ["prepared", "core"]
    assert ours[0][1:] == (payload, datetime(2026, 12, 1, 15, 30, 0, 123456, tzinfo=UTC), None)


async def test_a_returning_insert_and_an_update_report_their_rows(store: Storage) -> None:
    team = await store.ensure_team(slack_team_id="T1")
    insert = Prepared(
        sa.insert(OUT)
        .values(
            team_id=sa.bindparam("p_team"),
            method="chat.postMessage",
            payload={},
            status="pending",
            attempts=0,
            created_at=sa.bindparam("p_now", type_=OUT.c.created_at.type),
        )
        .returning(OUT.c.id, OUT.c.maybe_sent)
    )
    update = Prepared(
        sa.update(OUT).where(OUT.c.status == "pending").values(status=sa.bindparam("p_status"))
    )

    def work(session: Session) -> tuple[object, object, int, int]:
        first = insert.first(session, {"p_team": team, "p_now": TUESDAY_1500_UTC})
        second = insert.first(session, {"p_team": team, "p_now": TUESDAY_1500_UTC})
        return (
            first,
            second,
            update.run(session, {"p_status": "sent"}),
            update.run(session, {"p_status": "sent"}),
        )

    first, second, changed, again = await _in_session(store, work)  # type: ignore[misc]
    assert first.id < second.id and first.maybe_sent is False  # the model's default, a bool
    assert (changed, again) == (2, 0)


def test_an_in_list_sqlalchemy_would_expand_is_refused() -> None:
    statement = sa.select(JOBS.c.id).where(JOBS.c.status.in_(sa.bindparam("p_s", expanding=True)))
    engine = sa.create_engine("sqlite://")
    with Session(engine) as session, pytest.raises(ValueError, match="one_of"):
        Prepared(statement).all(session, {"p_s": ["pending"]})


def test_a_python_default_that_is_not_a_constant_is_refused() -> None:
    table = sa.Table(
        "t",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String, default=lambda: "now"),
    )
    engine = sa.create_engine("sqlite://")
    table.create(engine)
    with Session(engine) as session, pytest.raises(ValueError, match="not a constant"):
        Prepared(sa.insert(table).values(id=1)).run(session)
