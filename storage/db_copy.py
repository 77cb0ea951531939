"""Copy one database into another, empty one (SQLite to PostgreSQL when a team moves to replicas):
every table, with its ids, in one transaction on the target; the target's sequences continue
after the copied ids."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from storage.api import Storage
from storage.errors import StorageError
from storage.sequences import app_tables, continue_sequences

BATCH = 1_000


class TargetNotEmpty(StorageError):
    """Raised by `copy_database` when the target holds rows; the CLI prints which tables."""


class CopyFailed(StorageError):
    """Raised by `copy_database` when the target refuses a row (text PostgreSQL cannot hold,
    stored before the edge replaced it, say); the CLI prints the database's reason."""


def _occupied(connection: Connection) -> dict[str, int]:
    counts = {
        t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in app_tables()
    }
    return {name: n for name, n in counts.items() if n}


def _copy_table(source: Connection, target: Connection, table: sa.Table) -> int:
    key = list(table.primary_key.columns)
    rows = source.execute(sa.select(table).order_by(*key)).mappings()
    copied = 0
    while batch := rows.fetchmany(BATCH):
        target.execute(table.insert(), [dict(row) for row in batch])
        copied += len(batch)
    return copied


def _copy(source: Engine, target: Engine) -> dict[str, int]:
    copied: dict[str, int] = {}
    with source.connect() as reading, target.begin() as writing:
        if occupied := _occupied(writing):
            listed = ", ".join(f"{name} ({n} rows)" for name, n in sorted(occupied.items()))
            raise TargetNotEmpty(f"the target database is not empty: {listed}")
        for table in app_tables():
            copied[table.name] = _copy_table(reading, writing, table)
        if writing.dialect.name == "postgresql":
            continue_sequences(writing)
    return copied


async def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    """Copy every row of `source_url` into `target_url` (both migrated first; refused when the
    target holds any row); returns the rows copied per table."""
    source = await Storage.open(source_url)
    try:
        target = await Storage.open(target_url)
        try:
            if source.engine.url == target.engine.url:
                raise TargetNotEmpty("the target is the source database")
            await source.upgrade()
            await target.upgrade()
            try:
                return await asyncio.to_thread(_copy, source.engine, target.engine)
            except sa.exc.DBAPIError as exc:
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                raise CopyFailed(f"the target refused a row: {reason}") from None
        finally:
            await target.close()
    finally:
        await source.close()
