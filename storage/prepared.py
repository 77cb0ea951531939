"""The hot statements of a DM answer and of the outbox, compiled once per dialect by SQLAlchemy
and run on the driver's cursor of the session's connection, inside its transaction.

SQLAlchemy executing a cached Core statement still spends about 40 µs of Python on each (the
parameters, the execution context, the result object); an answer runs about ten. Here the SQL
is SQLAlchemy's own, and every value goes through the bind and result conversions of its
column's type for that dialect (JSON, UTC timestamps, booleans), as SQLAlchemy would apply
them: the rows read and written are the same, only the bookkeeping is skipped.
"""

from __future__ import annotations

import copy
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Session

Processor = Callable[[Any], Any] | None
Db = Session | sa.Connection
"""Where statements run: an ORM session's transaction, or a bare connection's (the hot ones)."""


def connection_of(db: Db) -> sa.Connection:
    """The connection of `db`, in its transaction."""
    return db if isinstance(db, sa.Connection) else db.connection()


def one_of(column: Any, values: Sequence[Any]) -> Any:
    """`column IN (values)` with one bound value each: SQLAlchemy would expand a list at each
    execution, which a statement compiled once cannot do."""
    return column.in_([sa.bindparam(None, v, type_=column.type) for v in values])


class Prepared:
    """A Core statement, compiled on first use for each dialect, run on the DBAPI cursor."""

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._forms: dict[str, _Form] = {}

    def _execute(self, session: Db, params: Mapping[str, Any]) -> tuple[_Form, Any]:
        connection = connection_of(session)
        form = self._forms.get(connection.dialect.name)
        if form is None:
            form = self._forms[connection.dialect.name] = _Form(self.statement, connection.dialect)
        driver = connection.connection.dbapi_connection
        assert driver is not None
        cursor = driver.cursor()
        cursor.execute(form.sql, form.values(params))
        return form, cursor

    def run(self, session: Db, params: Mapping[str, Any] = {}) -> int:
        """Run an INSERT, UPDATE or DELETE with `params` (named as its bind parameters);
        returns how many rows it matched."""
        _, cursor = self._execute(session, params)
        count = int(cursor.rowcount)
        cursor.close()
        return count

    def all(self, session: Db, params: Mapping[str, Any] = {}) -> list[Any]:
        """Every row, as named tuples (attributes named as the statement's columns)."""
        form, cursor = self._execute(session, params)
        rows = cursor.fetchall()
        cursor.close()
        return [form.row(r) for r in rows]

    def first(self, session: Db, params: Mapping[str, Any] = {}) -> Any:
        """The first row, or None."""
        form, cursor = self._execute(session, params)
        row = cursor.fetchone()
        cursor.close()
        return None if row is None else form.row(row)


class _Form:
    """One statement's SQL for one dialect, its parameters in order with their conversions,
    and its result columns with theirs."""

    def __init__(self, statement: Any, dialect: Dialect) -> None:
        positional = copy.copy(dialect)  # the same dialect, with positional parameters
        if not dialect.positional:
            positional.paramstyle, positional.positional = "format", True
        compiled = statement.compile(dialect=positional)
        if compiled.post_compile_params:
            raise ValueError(f"an IN list must be written with one_of to be prepared: {compiled}")
        self.sql = compiled.string
        fixed = _scalar_defaults(compiled)
        self.processors: list[tuple[str, Processor]] = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            if not bind.required and name not in fixed:
                fixed[name] = bind.effective_value
            self.processors.append((name, _bind_processor(bind.type, dialect)))
        self.fixed = fixed
        columns = _columns(statement)
        self.results: list[Processor] = [
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns.values()
        ]
        self.convert = [(i, p) for i, p in enumerate(self.results) if p is not None]
        self.make = namedtuple("Row", list(columns.keys()))  # type: ignore[misc]

    def values(self, params: Mapping[str, Any]) -> list[Any]:
        fixed, values = self.fixed, []
        for name, process in self.processors:
            value = fixed[name] if name in fixed else params[name]
            values.append(value if process is None else process(value))
        return values

    def row(self, raw: Sequence[Any]) -> Any:
        if not self.convert:
            return self.make(*raw)
        values = list(raw)
        for index, process in self.convert:  # only the columns that have a conversion
            values[index] = process(values[index])
        return self.make(*values)


def _scalar_defaults(compiled: Any) -> dict[str, Any]:
    """The values of column defaults SQLAlchemy would compute in Python (a constant only)."""
    found = {}
    for column in compiled.insert_prefetch:
        default = column.default
        if default is None or not default.is_scalar:
            raise ValueError(f"{column} has a Python default that is not a constant")
        found[column.key] = default.arg
    if compiled.update_prefetch:
        raise ValueError("an onupdate default would be skipped")
    return found


def _bind_processor(type_: Any, dialect: Dialect) -> Processor:
    return type_.dialect_impl(dialect).bind_processor(dialect)  # type: ignore[no-any-return]


def _columns(statement: Any) -> Any:
    if isinstance(statement, sa.Select | sa.CompoundSelect):
        return statement.selected_columns
    return statement.exported_columns  # RETURNING (empty without)
