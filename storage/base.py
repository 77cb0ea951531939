"""The base of the storage API: an engine, a worker thread pool and one-transaction runs.

Sessions are ordinary synchronous SQLModel sessions run in a worker thread (DESIGN §6: 4x
faster than aiosqlite). SQLite gets a single worker so writes queue in-process instead of
fighting over the file lock, and every SQLite transaction starts with BEGIN IMMEDIATE so two
processes never deadlock upgrading a read lock to a write lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from storage import db
from storage.errors import StorageUnavailable

T = TypeVar("T")


class StoreBase:
    """One database, sessions run in worker threads; see storage.api.Storage."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        workers = 1 if self.is_sqlite else 8
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storage")

    @classmethod
    async def open(cls, url: str) -> Self:
        """Connect to `url` and check that it answers; StorageUnavailable names the problem."""
        problem = db.check_url(url)
        if problem:
            raise StorageUnavailable(problem)
        engine = db.create_db_engine(url)
        if engine.dialect.name == "sqlite":
            _immediate_transactions(engine)
        store = cls(engine)
        try:
            await store._run(lambda s: s.exec(sa.select(1)).one())  # type: ignore[call-overload]
        except OperationalError as exc:
            await store.close()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StorageUnavailable(
                f"cannot reach the database at {engine.url.render_as_string()}: {reason}"
            ) from None
        return store

    async def close(self) -> None:
        """Release connections and the worker threads."""
        self._pool.shutdown(wait=True)
        self.engine.dispose()

    async def upgrade(self) -> None:
        """Apply every migration not yet applied."""
        await self._call(db.upgrade, self.engine)

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    async def _run(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction in a worker thread; commit if it returns."""

        def in_session() -> T:
            with Session(self.engine, expire_on_commit=False) as session:
                result = work(session)
                session.commit()
                return result

        return await self._call(in_session)


def _immediate_transactions(engine: Engine) -> None:
    """SQLite: take the write lock at BEGIN, so busy_timeout applies instead of a deadlock."""

    @sa.event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
