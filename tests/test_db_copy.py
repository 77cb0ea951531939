"""`interview-bot db copy --to postgresql://…`: the demo data moves from SQLite to PostgreSQL
with its ids, the sequences go on after them, and `export interviews` reads the same from both;
a target that holds anything is refused and left as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import Storage
from tests.test_cli import cli

pytestmark = pytest.mark.postgres


def ids(url: str) -> dict[str, list[int]]:
    """The ids of every table, in order (the exports compare the content)."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            names = [t for t in sa.inspect(engine).get_table_names() if t != "alembic_version"]
            return {
                t: list(connection.execute(sa.text(f'SELECT id FROM "{t}" ORDER BY id')).scalars())
                for t in names
            }
    finally:
        engine.dispose()


def test_db_copy_moves_the_demo_data_to_postgres_and_both_export_the_same_json(
    tmp_path: Path, pg_empty_url: str
) -> None:
    sqlite = f"sqlite:///{tmp_path}/bot.db"
    assert cli("demo-data", cwd=tmp_path, db=sqlite).returncode == 0

    copied = cli("db", "copy", "--to", pg_empty_url, cwd=tmp_path, db=sqlite)
    assert copied.returncode == 0, copied.stderr
    assert "copied" in copied.stdout

    export = ("export", "interviews", "--format", "json", "--include-confidential")
    from_sqlite = cli(*export, cwd=tmp_path, db=sqlite)
    from_postgres = cli(*export, cwd=tmp_path, db=pg_empty_url)
    assert from_sqlite.returncode == 0 and from_postgres.returncode == 0, from_postgres.stderr
    assert '"interviews": [\n    {' in from_sqlite.stdout, "the demo data has interviews"
    assert from_postgres.stdout == from_sqlite.stdout
    roadmap = ("export", "roadmap", "--format", "csv")
    assert cli(*roadmap, cwd=tmp_path, db=pg_empty_url).stdout == (
        cli(*roadmap, cwd=tmp_path, db=sqlite).stdout
    )
    assert ids(pg_empty_url) == ids(sqlite), "every table, every id"


async def test_after_a_copy_new_rows_get_ids_after_the_copied_ones(
    tmp_path: Path, pg_empty_url: str
) -> None:
    sqlite = f"sqlite:///{tmp_path}/bot.db"
    assert cli("demo-data", cwd=tmp_path, db=sqlite).returncode == 0
    assert cli("db", "copy", "--to", pg_empty_url, cwd=tmp_path, db=sqlite).returncode == 0
    highest = max(ids(pg_empty_url)["team"])

    store = await Storage.open(pg_empty_url)
    try:
        new_team = await store.ensure_team(slack_team_id="T0AFTERCOPY")
    finally:
        await store.close()
    assert new_team == highest + 1


def test_db_copy_into_a_database_that_holds_rows_is_refused_and_changes_nothing(
    tmp_path: Path, pg_empty_url: str
) -> None:
    sqlite = f"sqlite:///{tmp_path}/bot.db"
    assert cli("demo-data", cwd=tmp_path, db=sqlite).returncode == 0
    assert cli("db", "copy", "--to", pg_empty_url, cwd=tmp_path, db=sqlite).returncode == 0
    before = ids(pg_empty_url)

    again = cli("db", "copy", "--to", pg_empty_url, cwd=tmp_path, db=sqlite)
    assert again.returncode == 1
    assert "not empty" in again.stderr and "interview (" in again.stderr
    assert "Traceback" not in again.stderr
    assert ids(pg_empty_url) == before


def test_db_copy_to_an_unreachable_database_says_so(tmp_path: Path) -> None:
    sqlite = f"sqlite:///{tmp_path}/bot.db"
    unreachable = "postgresql://nobody@127.0.0.1:1/none"
    run = cli("db", "copy", "--to", unreachable, cwd=tmp_path, db=sqlite)
    assert run.returncode == 3
    assert "cannot reach the database" in run.stderr and "Traceback" not in run.stderr


def test_a_row_postgres_cannot_hold_fails_the_whole_copy_with_one_message(
    tmp_path: Path, pg_empty_url: str
) -> None:
    sqlite = f"sqlite:///{tmp_path}/bot.db"
    assert cli("demo-data", cwd=tmp_path, db=sqlite).returncode == 0
    with sqlite3.connect(tmp_path / "bot.db") as raw:  # stored before the edge replaced NUL
        raw.execute("UPDATE answer SET text = ? WHERE id = 1", ("NUL \x00 inside",))

    run = cli("db", "copy", "--to", pg_empty_url, cwd=tmp_path, db=sqlite)
    assert run.returncode == 1
    assert "refused a row" in run.stderr and "nothing was copied" in run.stderr
    assert "Traceback" not in run.stderr
    assert all(not rows for rows in ids(pg_empty_url).values()), "one transaction: nothing kept"
