"""The app's tables in dependency order, and PostgreSQL's id sequences moved past the ids that
were written with their values (a copy, a restored backup)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

SCHEMA_TABLE = "alembic_version"


def app_tables() -> list[sa.Table]:
    """Every table of the models, parents before children (alembic's own table left out)."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name != SCHEMA_TABLE]


def continue_sequences(target: Connection) -> None:
    """PostgreSQL: every id sequence goes on after the highest id its table holds."""
    for table in app_tables():
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
