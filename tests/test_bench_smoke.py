"""The benchmark code still runs: quick mode, tiny counts, no doc written, no timing asserted."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from bench.report import BEGIN, END, Results, render, verdicts, write_doc
from bench.run import measure
from bench.scenarios import QUICK_PLAN
from tests.conftest import PG_URL


def _check_dm(results: Results, databases: list[str]) -> None:
    assert [dm.database for dm in results.dms] == databases
    for dm in results.dms:
        assert dm.failures == 0, dm.first_failure
        assert len(dm.latencies) == dm.sent > 0
        assert dm.rate > 0 and dm.p(99) > 0 and dm.ack_p(99) > 0
        assert dm.stored == dm.expected_stored > 0
        assert dm.bare.done > 0 and dm.bare.rate > 0


async def test_quick_run_produces_every_number(tmp_path: Path) -> None:
    results = await measure(QUICK_PLAN, postgres_url=None, workdir=tmp_path, progress=False)

    assert results.ceiling is not None and results.ceiling.rate > 0
    assert {(r.request, r.concurrency) for r in results.acks} == {
        (request, level) for request in ("help", "start") for level in QUICK_PLAN.levels
    }
    for row in results.acks:
        assert row.errors == 0
        for value in ("p50", "p99", "rps"):
            assert row.bare_value(value) > 0 and row.bot_value(value) > 0
        if row.request == "start":
            assert row.work_rate is not None and row.work_rate > 0
    _check_dm(results, ["SQLite"])

    section = render(results)
    # One line per ack row (two requests at each level), two for the DM run on SQLite.
    assert len(verdicts(results)) == 2 * len(QUICK_PLAN.levels) + 2
    assert all(line.startswith(("PASS", "FAIL")) for line in verdicts(results))
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nIntro.\n\n{BEGIN}\nold numbers\n{END}\n\nAfter.\n")
    write_doc(doc, section)
    text = doc.read_text()
    assert "old numbers" not in text and "Intro." in text and "After." in text
    assert section in text


@pytest.mark.postgres
async def test_quick_dm_run_on_postgres(
    tmp_path: Path, pg_server: psycopg.Connection[tuple[object, ...]]
) -> None:
    results = await measure(
        QUICK_PLAN, postgres_url=PG_URL, workdir=tmp_path, progress=False, only="dm"
    )
    assert not results.skipped
    _check_dm(results, ["SQLite", "PostgreSQL"])
