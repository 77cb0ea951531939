"""`python -m bench.roundtrips [--postgres-url URL]`: statements and transactions per DM answer,
counted (not timed, so the machine's load does not move them), how often the structure memo
spared a turn a second summary, how often a turn's answers came from storage's cache, and how
many times a turn walked its path of questions.

Runs `bench.turn`'s answers (50 stakeholders at once, no HTTP) with one and with `--answers`
(default 3) answers each and divides the difference by the extra answers (deeper interviews
reach more root causes: `--answers 30` shows the memo's misses after one). SQLite counts what
the driver's trace callback sees; PostgreSQL counts every `Cursor.execute` and every `BEGIN` /
`COMMIT` (each one round trip), on a fresh database that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import turn
from bot import interviews
from bot.flows import path

try:
    from storage import answer_cache
except ImportError:  # a tree from before the cache (2d47525 and older), counted for comparison
    answer_cache = None  # type: ignore[assignment]


@contextlib.contextmanager
def counting_sqlite(counts: Counter[str]) -> Iterator[None]:
    """Count each SQLite statement by kind on every connection opened meanwhile."""
    real = sqlite3.connect

    def trace(sql: str) -> None:
        word = sql.split(maxsplit=1)[0].upper()
        kind = {"BEGIN": "transaction", "COMMIT": "transaction", "SAVEPOINT": "savepoint"}
        counts[kind.get(word, "savepoint" if word == "RELEASE" else "statement")] += 1

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = real(*args, **kwargs)
        connection.set_trace_callback(trace)
        return connection

    sqlite3.connect = connect  # type: ignore[assignment]
    sqlite3.dbapi2.connect = connect  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = sqlite3.dbapi2.connect = real


@contextlib.contextmanager
def counting_postgres(counts: Counter[str]) -> Iterator[None]:
    """Count psycopg's statements and its BEGIN / COMMIT commands (each a round trip)."""
    import psycopg
    from psycopg._connection_base import BaseConnection

    execute, command = psycopg.Cursor.execute, BaseConnection._exec_command

    def counted_execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        counts["statement"] += 1
        return execute(self, *args, **kwargs)

    def counted_command(self: Any, sql: Any, *args: Any, **kwargs: Any) -> Any:
        text = sql.decode() if isinstance(sql, bytes) else str(sql)
        word = text.split(maxsplit=1)[0].upper() if text.strip() else ""
        counts["transaction" if word in ("BEGIN", "COMMIT") else "other command"] += 1
        return command(self, sql, *args, **kwargs)

    psycopg.Cursor.execute = counted_execute  # type: ignore[method-assign]
    BaseConnection._exec_command = counted_command  # type: ignore[method-assign]
    try:
        yield
    finally:
        psycopg.Cursor.execute = execute  # type: ignore[method-assign]
        BaseConnection._exec_command = command  # type: ignore[method-assign]


@contextlib.contextmanager
def counting_memo(counts: Counter[str]) -> Iterator[None]:
    """Count turns whose structure before came from the memo, and those summarised again (the
    memo's own check decides: a summary made inside `_structure` is a miss)."""
    structure, summarise = interviews.Interviews._structure, interviews.Interviews._summarise
    local = threading.local()  # PostgreSQL runs turns on eight storage threads

    def counted_structure(self: Any, record: Any, state: Any) -> Any:
        local.missed = False
        try:
            return structure(self, record, state)
        finally:
            counts["summarised again" if local.missed else "memo hit"] += 1
            del local.missed

    def counted_summarise(self: Any, record: Any, state: Any) -> Any:
        if hasattr(local, "missed"):
            local.missed = True
        return summarise(self, record, state)

    interviews.Interviews._structure = counted_structure  # type: ignore[method-assign]
    interviews.Interviews._summarise = counted_summarise  # type: ignore[method-assign]
    try:
        yield
    finally:
        interviews.Interviews._structure = structure  # type: ignore[method-assign]
        interviews.Interviews._summarise = summarise  # type: ignore[method-assign]


@contextlib.contextmanager
def counting_cache(counts: Counter[str]) -> Iterator[None]:
    """Count the turns and reads whose answers came from storage's answer cache."""
    if answer_cache is None:
        yield
        return
    get = answer_cache.AnswerCache.get

    def counted_get(self: Any, interview_id: int, revision: int) -> Any:
        entry = get(self, interview_id, revision)
        counts["answers cached" if entry is not None else "answers read"] += 1
        return entry

    answer_cache.AnswerCache.get = counted_get  # type: ignore[method-assign]
    try:
        yield
    finally:
        answer_cache.AnswerCache.get = get  # type: ignore[method-assign]


@contextlib.contextmanager
def counting_walks(counts: Counter[str]) -> Iterator[None]:
    """Count the walks of the question path (bot/flows/walk.py), each O(answers)."""
    walk = path.walk

    def counted_walk(*args: Any) -> Any:
        counts["walk"] += 1
        return walk(*args)

    path.walk = counted_walk  # type: ignore[assignment]
    try:
        yield
    finally:
        path.walk = walk


async def counted(each: int, url: str | None) -> Counter[str]:
    """What one `bench.turn` run with `each` answers per stakeholder executed."""
    counts: Counter[str] = Counter()
    with (
        tempfile.TemporaryDirectory() as workdir,
        counting_memo(counts),
        counting_cache(counts),
        counting_walks(counts),
    ):
        if url is None:
            with counting_sqlite(counts):
                await turn.measure(each, dispatch=False, workdir=Path(workdir))
            return counts
        with counting_postgres(counts):
            await turn.measure(each, dispatch=False, workdir=Path(workdir), url=url)
    return counts


async def on_postgres(server: str, each: int) -> Counter[str]:
    """A run on a fresh database of `server`, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"ib_roundtrips_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(server, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        return await counted(each, url)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def main() -> None:
    """Print the counts per answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", help="also count on this PostgreSQL server")
    parser.add_argument("--answers", type=int, default=3, help="answers per stakeholder (> 1)")
    args = parser.parse_args()
    extra = turn.STAKEHOLDERS * (args.answers - 1)
    runs: list[tuple[str, Any]] = [("SQLite", lambda each: counted(each, None))]
    if args.postgres_url:
        runs.append(("PostgreSQL", lambda each: on_postgres(args.postgres_url, each)))
    for label, run in runs:
        one, many = asyncio.run(run(1)), asyncio.run(run(args.answers))
        per = {k: (many[k] - one[k]) / extra for k in sorted(set(one) | set(many))}
        shown = ", ".join(f"{k} {v:.2f}" for k, v in per.items() if v)
        print(f"{label}, per answer: {shown}")


if __name__ == "__main__":
    main()
