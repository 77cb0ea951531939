"""PostgreSQL's pool: a connection that sat idle is tested before it is handed out, one used a
moment ago is not (no round trip per transaction under load; storage/db.py `_ping_when_idle`)."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

from storage import db
from storage.db import create_db_engine

pytestmark = pytest.mark.postgres


def backend_pid(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def test_a_dead_idle_connection_is_replaced_before_it_is_used(
    pg_empty_url: str,
    pg_server: psycopg.Connection[tuple[object, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = create_db_engine(pg_empty_url)
    first = backend_pid(engine)
    pg_server.execute("SELECT pg_terminate_backend(%s)", (first,))  # as a server restart would
    monkeypatch.setattr(db, "PING_IDLE", 0.0)  # every pooled connection counts as idle

    second = backend_pid(engine)

    assert second != first
    engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(
    pg_empty_url: str, pg_server: psycopg.Connection[tuple[object, ...]]
) -> None:
    # The other side of the test above, at the default PING_IDLE: no round trip for a connection
    # just used, and what that risks if the server went away meanwhile (one failed transaction,
    # then the pool reconnects).
    engine = create_db_engine(pg_empty_url)
    first = backend_pid(engine)
    pg_server.execute("SELECT pg_terminate_backend(%s)", (first,))

    with pytest.raises(sa.exc.OperationalError):
        backend_pid(engine)
    assert backend_pid(engine) != first
    engine.dispose()
