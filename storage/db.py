"""Engines and migrations: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

MIGRATIONS = Path(__file__).parent / "migrations"
SUPPORTED = ("sqlite", "postgresql")
MIGRATION_LOCK = 0x1B_0E_2016
"""The PostgreSQL advisory lock key the migrations run under (any constant the app owns)."""


def check_url(url: str) -> str | None:
    """Why a database URL cannot be used, or None when it can."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "DATABASE_URL is not a database URL (expected sqlite:///path or postgresql://...)"
    if parsed.get_backend_name() not in SUPPORTED:
        return f"DATABASE_URL uses {parsed.get_backend_name()!r}; supported: sqlite, postgresql"
    return None


def create_db_engine(url: str) -> Engine:
    """An engine for `url`: PostgreSQL through psycopg 3, SQLite in WAL mode with FKs on."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["connect_args"] = {"connect_timeout": 5}
    else:
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Sessions run in worker threads (see storage.api), so the connection crosses threads.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except NoSuchModuleError as exc:  # pragma: no cover - check_url runs first
        raise ValueError(str(exc)) from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        _ping_when_idle(engine)
    return engine


PING_IDLE = 1.0
"""Seconds a pooled PostgreSQL connection may sit unused before it is tested as it is taken."""


def _ping_when_idle(engine: Engine) -> None:
    """A server restart leaves dead connections in the pool: one that has been idle is tested
    (a round trip) before it is handed out, and replaced if it is dead. SQLAlchemy's
    pool_pre_ping would test every checkout, a round trip per transaction under load; a
    connection used in the last second is handed out as it is (if the server went away in that
    second, the transaction fails, SQLAlchemy invalidates the pool, and the next one
    reconnects). A SQLite file cannot go away under an open connection: never pinged."""

    @sa.event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_IDLE:
            return  # new, or used a moment ago
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except Exception as exc:
            # The pool discards this connection and takes (or opens) another.
            raise sa.exc.DisconnectionError(str(exc)) from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL + NORMAL survives a killed process (DESIGN §6); a busy timeout instead of instant
    # "database is locked" when two processes write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of `engine`'s database up to `revision`."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together on an empty database would each create the same tables
            # and all but one die on a unique violation. The lock (held until this transaction
            # commits) makes them take turns; the later ones find nothing left to do. SQLite needs
            # none: storage begins every transaction IMMEDIATE, so this one holds the write lock.
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
