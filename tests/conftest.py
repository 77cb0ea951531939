"""Shared fixtures: a migrated database on SQLite and, where a server answers, PostgreSQL;
and, when TEST_WALL_CLOCK is set, the whole test process's wall clock moved to that instant."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import time_machine
from sqlalchemy.engine import make_url

from storage import Storage

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
WALL_CLOCK = "TEST_WALL_CLOCK"
WALL_CLOCK_OFFSET = "TEST_WALL_CLOCK_OFFSET"
CHILD_CLOCK = Path(__file__).resolve().parent / "wall_clock"
_travel: time_machine.travel | None = None


def wall_clock_instant(value: str) -> datetime:
    """The instant named by TEST_WALL_CLOCK (ISO 8601, e.g. 2026-12-06T03:00:00Z), tz-aware."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"{WALL_CLOCK}={value!r} is not an ISO-8601 instant") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"{WALL_CLOCK}={value!r} needs a time zone, e.g. Z")
    return moment.astimezone(UTC)


def pytest_configure(config: pytest.Config) -> None:
    """Move this process's wall clock (time.time, datetime.now, ...) and let it tick from there.

    time-machine leaves time.monotonic alone, so asyncio's timers, timeouts and Hypothesis keep
    working; child processes and the browser keep the real clock.
    """
    global _travel
    value = os.environ.get(WALL_CLOCK)
    if value:
        instant = wall_clock_instant(value)
        offset = instant.timestamp() - time.time()
        _travel = time_machine.travel(instant, tick=True)
        _travel.start()
        # Python child processes (tests/wall_clock/sitecustomize.py) move their clock the same way.
        os.environ[WALL_CLOCK_OFFSET] = repr(offset)
        path = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHILD_CLOCK), path]))


def pytest_unconfigure(config: pytest.Config) -> None:
    """Give the process its real clock back."""
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def pytest_report_header(config: pytest.Config) -> str:
    """Say which wall clock this run had, so a failure at one instant can be reproduced."""
    value = os.environ.get(WALL_CLOCK)
    return f"wall clock: moved to {value} ({WALL_CLOCK})" if value else "wall clock: real"


def _pg_admin() -> psycopg.Connection[tuple[object, ...]] | str:
    """An autocommit connection to the PostgreSQL test server, or why there is none."""
    url = make_url(PG_URL)
    try:
        return psycopg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname=url.database,
            autocommit=True,
            connect_timeout=3,
        )
    except psycopg.OperationalError as exc:
        return f"no PostgreSQL at {url.render_as_string()}: {str(exc).strip().splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """The PostgreSQL server, or a visible skip; CI sets REQUIRE_POSTGRES=1 to fail instead."""
    admin = _pg_admin()
    if isinstance(admin, str):
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(admin)
        pytest.skip(admin)
    yield admin
    admin.close()


@pytest.fixture
def pg_empty_url(pg_server: psycopg.Connection[tuple[object, ...]]) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    name = f"ib_test_{uuid.uuid4().hex[:12]}"
    pg_server.execute(f'CREATE DATABASE "{name}"')
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    pg_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    """The URL of a new SQLite file in the test's temporary folder."""
    return f"sqlite:///{tmp_path}/bot.db"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/bot.db"
    url: str = request.getfixturevalue("pg_empty_url")
    return url


@pytest.fixture
async def storage(db_url: str) -> AsyncIterator[Storage]:
    """A migrated storage on each backend."""
    store = await Storage.open(db_url)
    await store.upgrade()
    yield store
    await store.close()
