"""The base of the storage API: an engine, a worker thread pool and one-transaction runs.

Sessions are ordinary synchronous SQLModel sessions run in a worker thread (DESIGN §6: 4x
faster than aiosqlite). SQLite gets a single worker so writes queue in-process instead of
fighting over the file lock, and every SQLite transaction starts with BEGIN IMMEDIATE so two
processes never deadlock upgrading a read lock to a write lock.

On SQLite the hot transactions (a DM answer, the outbox's claim) are committed in groups: what
queued while the worker was busy runs in one transaction, each piece of work under its own
savepoint, so a failure undoes only its own work, and every caller hears back after the one
commit (see `_Group`).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from storage.answer_cache import AnswerCache
from storage.db import check_url, create_db_engine
from storage.db import upgrade as upgrade_schema
from storage.errors import StorageUnavailable
from storage.models import utcnow

T = TypeVar("T")
Clock = Callable[[], datetime]
"""What storage reads the time from: the real UTC clock unless the caller injects one."""


def B(name: str, **kw: Any) -> sa.BindParameter[Any]:
    """A bind parameter; the prefix keeps its name apart from column names (SQLAlchemy reserves
    those in INSERT and UPDATE)."""
    return sa.bindparam(f"p_{name}", **kw)


def bound(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters named for `B`: each key gets the prefix."""
    return {f"p_{k}": v for k, v in params.items()}


class StoreBase:
    """One database, sessions run in worker threads; see storage.api.Storage."""

    def __init__(self, engine: Engine, *, now: Clock | None = None) -> None:
        self.engine = engine
        self.now: Clock = now or utcnow
        self.is_sqlite = engine.dialect.name == "sqlite"
        workers = 1 if self.is_sqlite else 8
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storage")
        self._group = _Group(engine, self._pool) if self.is_sqlite else None
        self.answer_cache = AnswerCache()  # see storage/answer_cache.py

    @classmethod
    async def open(cls, url: str, *, now: Clock | None = None) -> Self:
        """Connect to `url` and check that it answers; StorageUnavailable names the problem.
        Every stamp storage writes reads `now` (default: the real UTC clock)."""
        problem = check_url(url)
        if problem:
            raise StorageUnavailable(problem)
        engine = create_db_engine(url)
        if engine.dialect.name == "sqlite":
            _immediate_transactions(engine)
        store = cls(engine, now=now)
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
        await self._call(upgrade_schema, self.engine)

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

    async def _run_core(self, work: Callable[[sa.Connection], T]) -> T:
        """Like `_run`, on a bare connection (no ORM session to set up and commit): for the
        hot transactions, whose statements are all prepared or Core. On SQLite, committed with
        whatever else queued meanwhile (`_Group`); `work` must touch nothing but the database."""
        if self._group is not None:
            return await self._group.submit(work)

        def in_transaction() -> T:
            with self.engine.begin() as connection:
                return work(connection)

        return await self._call(in_transaction)


class _Group:
    """Group commit for SQLite's single worker thread.

    Work submitted while the worker is busy waits in `_pending`; the worker then takes all of
    it (up to `LIMIT`) into one transaction, each piece under a savepoint: a piece that raises
    is rolled back alone and its caller gets the exception; the others commit together, and
    every caller is answered after that commit (an answer is acked only once it is durable).
    If the transaction itself fails (the commit), every piece in it fails with that error.
    Under load this saves a BEGIN and a COMMIT (a WAL write) per answer and wakes the event
    loop once per group instead of once per piece.
    """

    LIMIT = 64

    def __init__(self, engine: Engine, pool: ThreadPoolExecutor) -> None:
        self._engine = engine
        self._pool = pool
        self._lock = threading.Lock()
        self._pending: list[tuple[Callable[[sa.Connection], Any], asyncio.Future[Any]]] = []
        self._scheduled = False

    def submit(self, work: Callable[[sa.Connection], T]) -> asyncio.Future[T]:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        with self._lock:
            self._pending.append((work, future))
            start, self._scheduled = not self._scheduled, True
        if start:
            try:
                self._pool.submit(self._drain)
            except RuntimeError:  # the store is closed: nothing will run this work
                with self._lock:
                    self._pending.remove((work, future))
                    self._scheduled = False
                raise
        return future

    def _drain(self) -> None:
        with self._lock:
            batch, self._pending = self._pending[: self.LIMIT], self._pending[self.LIMIT :]
            if self._pending:
                self._pool.submit(self._drain)  # the rest, next (the pool keeps the order)
            else:
                self._scheduled = False
        try:
            settled = self._commit(batch)
        except BaseException as exc:  # never leave a caller waiting for an answer
            settled = [(False, exc)] * len(batch)
        loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], bool, Any]]] = {}
        for (_, future), (ok, value) in zip(batch, settled, strict=True):
            loops.setdefault(future.get_loop(), []).append((future, ok, value))
        for loop, outcomes in loops.items():
            # RuntimeError: the caller's loop has closed, nobody is waiting.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, outcomes)

    def _commit(
        self, batch: list[tuple[Callable[[sa.Connection], Any], asyncio.Future[Any]]]
    ) -> list[tuple[bool, Any]]:
        settled: list[tuple[bool, Any]] = []
        try:
            with self._engine.begin() as connection:
                if len(batch) == 1:
                    settled.append((True, batch[0][0](connection)))
                    return settled
                driver = connection.connection.dbapi_connection
                assert driver is not None
                for work, _ in batch:
                    driver.execute("SAVEPOINT grouped")
                    try:
                        value = work(connection)
                    except Exception as exc:
                        driver.execute("ROLLBACK TO grouped")
                        driver.execute("RELEASE grouped")
                        settled.append((False, exc))
                    else:
                        driver.execute("RELEASE grouped")
                        settled.append((True, value))
        except Exception as exc:  # the transaction as a whole: nothing in it was committed
            return [(False, exc)] * len(batch)
        return settled


def _settle(outcomes: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in outcomes:
        if future.cancelled():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


def _immediate_transactions(engine: Engine) -> None:
    """SQLite: take the write lock at BEGIN, so busy_timeout applies instead of a deadlock."""

    @sa.event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # On the driver's connection: once per transaction, SQLAlchemy's execution is overhead.
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.execute("BEGIN IMMEDIATE")
