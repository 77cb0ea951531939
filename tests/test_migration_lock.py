"""Replicas started together on an empty database all migrate it: PostgreSQL takes an advisory
lock around the migrations, SQLite its own write lock."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

REPLICAS = 5

# Each replica imports everything first, then waits for the same instant to upgrade, so the
# upgrades really overlap (imports take longer than the upgrade on a busy machine).
REPLICA = """
import asyncio, sys, time
from pathlib import Path
from storage import Storage

async def main(url: str, go: Path) -> None:
    store = await Storage.open(url)
    while not go.exists():
        time.sleep(0.005)
    try:
        await store.upgrade()
    finally:
        await store.close()

asyncio.run(main(sys.argv[1], Path(sys.argv[2])))
"""


def start_together(url: str, tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run REPLICAS processes that upgrade `url` at the same instant; their results."""
    go = tmp_path / "go"
    replicas = [
        subprocess.Popen(
            [sys.executable, "-c", REPLICA, url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(REPLICAS)
    ]
    time.sleep(3)  # every replica has imported and connected (they only wait after that)
    go.touch()
    results = []
    for replica in replicas:
        out, err = replica.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(replica.args, replica.returncode, out, err))
    return results


def assert_migrated_once(url: str, results: list[subprocess.CompletedProcess[str]]) -> None:
    failures = [_error(r.stderr) for r in results if r.returncode != 0]
    assert not failures, failures
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert len(versions.all()) == 1
    finally:
        engine.dispose()


def _error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if "Error" in line or "error" in line]
    return lines[0] if lines else stderr[-500:]


@pytest.mark.postgres
def test_replicas_started_together_on_an_empty_postgres_database_all_start(
    pg_empty_url: str, tmp_path: Path
) -> None:
    assert_migrated_once(pg_empty_url, start_together(pg_empty_url, tmp_path))


def test_replicas_started_together_on_a_new_sqlite_file_all_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/bot.db"
    assert_migrated_once(url, start_together(url, tmp_path))
