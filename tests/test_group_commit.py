"""SQLite's group commit: work queued while the worker was busy shares one transaction, each
piece under its own savepoint (storage/base.py `_Group`)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage.base import StoreBase, _Group

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[StoreBase]:
    store = await StoreBase.open(f"sqlite:///{tmp_path / 'group.db'}")

    def schema() -> None:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            connection.exec_driver_sql(
                "CREATE TABLE item (id INTEGER PRIMARY KEY, parent_id INTEGER"
                " REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
            )
            connection.exec_driver_sql("INSERT INTO parent (id) VALUES (1)")

    await store._call(schema)
    yield store
    await store.close()


def insert(item: int, *, parent: int = 1, fail: bool = False) -> Callable[[sa.Connection], int]:
    def work(connection: sa.Connection) -> int:
        connection.exec_driver_sql("INSERT INTO item (id, parent_id) VALUES (?, ?)", (item, parent))
        if fail:
            raise ValueError(f"piece {item} failed after its insert")
        return item

    return work


async def stored(store: StoreBase) -> list[int]:
    def read() -> list[int]:
        with store.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT id FROM item ORDER BY id").all()
            return [int(r[0]) for r in rows]

    return await store._call(read)


async def queued_behind_a_busy_worker(
    store: StoreBase, works: list[Callable[[sa.Connection], int]]
) -> list[int | BaseException]:
    """Hold the single worker, queue every piece, then let it go: they arrive as one group."""
    release = threading.Event()
    busy = asyncio.ensure_future(store._call(release.wait, 10))
    pieces = [asyncio.ensure_future(store._run_core(work)) for work in works]
    await asyncio.sleep(0.05)
    release.set()
    await busy
    return await asyncio.gather(*pieces, return_exceptions=True)


async def test_queued_pieces_commit_together_and_a_failing_one_is_undone_alone(
    store: StoreBase,
) -> None:
    commits = []
    sa.event.listen(store.engine, "commit", lambda _connection: commits.append(1))
    works = [insert(i, fail=(i == 3)) for i in range(1, 7)]

    results = await queued_behind_a_busy_worker(store, works)

    assert results[:2] == [1, 2] and results[3:] == [4, 5, 6]
    assert isinstance(results[2], ValueError)
    assert await stored(store) == [1, 2, 4, 5, 6]  # piece 3's insert was rolled back
    assert len(commits) == 1


async def test_a_failed_commit_fails_every_piece_of_its_group(store: StoreBase) -> None:
    # A deferred foreign key is checked at COMMIT: the group's transaction cannot commit.
    works = [insert(1), insert(2, parent=99), insert(3)]

    results = await queued_behind_a_busy_worker(store, works)

    assert all(isinstance(r, sa.exc.IntegrityError) for r in results), results
    assert await stored(store) == []
    # The connection is usable afterwards, and a piece alone commits as before.
    assert await store._run_core(insert(4)) == 4
    assert await stored(store) == [4]


async def test_more_than_a_group_holds_runs_in_several_groups_in_order(store: StoreBase) -> None:
    commits = []
    sa.event.listen(store.engine, "commit", lambda _connection: commits.append(1))
    works = [insert(i) for i in range(1, 2 * _Group.LIMIT + 2)]

    results = await queued_behind_a_busy_worker(store, works)

    assert results == list(range(1, 2 * _Group.LIMIT + 2))
    assert await stored(store) == results
    assert len(commits) == 3
