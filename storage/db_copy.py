"""Copy one database into another, empty one (SQLite to PostgreSQL when a team moves to replicas):
every table, with its ids, in one transaction on the target; the target's sequences continue
after the copied ids."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.errors import StorageError

BATCH = 1_000
SCHEMA_TABLE = "alembic_version"


class TargetNotEmpty(StorageError):
    """Raised by `copy_database` when the target holds rows; the CLI prints which tables."""


def _tables() -> list[sa.Table]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name != SCHEMA_TABLE]


def _occupied(connection: Connection) -> dict[str, int]:
    counts = {
        t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in _tables()
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


def continue_sequences(target: Connection) -> None:
    """PostgreSQL: every id sequence goes on after the highest id its table holds."""
    for table in _tables():
        _continue_sequence(target, table)


def _continue_sequence(target: Connection, table: sa.Table) -> None:
    for column in table.primary_key.columns:
        if not isinstance(column.type, sa.Integer) or column.autoincrement not in (True, "auto"):
            continue
        target.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:table, :column),"
                f' coalesce(max("{column.name}"), 1), max("{column.name}") IS NOT NULL)'
                f' FROM "{table.name}"'
            ),
            {"table": table.name, "column": column.name},
        )


def _copy(source: Engine, target: Engine) -> dict[str, int]:
    copied: dict[str, int] = {}
    with source.connect() as reading, target.begin() as writing:
        if occupied := _occupied(writing):
            listed = ", ".join(f"{name} ({n} rows)" for name, n in sorted(occupied.items()))
            raise TargetNotEmpty(f"the target database is not empty: {listed}")
        for table in _tables():
            copied[table.name] = _copy_table(reading, writing, table)
        if writing.dialect.name == "postgresql":
            continue_sequences(writing)
    return copied


async def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    from storage.api import Storage  # api mixes in restore, which uses this module

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
            return await asyncio.to_thread(_copy, source.engine, target.engine)
        finally:
            await target.close()
    finally:
        await source.close()
