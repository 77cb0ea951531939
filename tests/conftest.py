"""Shared fixtures: a migrated database on SQLite and, where a server answers, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from storage.api import Storage

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


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
