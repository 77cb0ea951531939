"""`interview-bot metric record|show|export` and `demo-data`'s metrics, as separate processes."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import Storage
from tests.slack.test_metric_checkins import metric_record_cli
from tests.test_cli import cli
from tests.test_metrics_store import PIPELINES, spec
from tests.test_roadmap_factories import finished_interview, team_of

# Dates far from any day these tests run on, so the statuses below hold whenever they run.
BASELINE = date(2020, 1, 6)
DEADLINE = date(2099, 12, 31)
PINNED = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # the child's clock in the "future date" case
FIELDS = {
    "id", "candidate_id", "candidate", "name", "unit", "direction", "baseline", "baseline_date",
    "target", "deadline", "owner", "cadence", "state", "closed_reason", "status",
    "measured_status", "expected_now", "latest_value", "confidence", "disagreement", "next_due",
    "skipped_through", "checkins",
}  # fmt: skip


async def _seed(db: str) -> int:
    store = await Storage.open(db)
    await store.upgrade()
    team = await team_of(store)
    await finished_interview(store, team=team, stakeholder="Ann", pains=[PIPELINES])
    await Roadmap(store, Settings(database_url="sqlite://")).sync(team)
    (row,) = await store.list_candidates(team_id=team)
    metric = await store.create_metric(
        team_id=team,
        candidate_id=row.id,
        spec=spec(baseline_date=BASELINE, deadline=DEADLINE, baseline=60.0, target=98.0),
    )
    await store.close()
    return metric.id


async def _checkins(db: str, metric_id: int) -> list[tuple[date, float, str | None, str | None]]:
    store = await Storage.open(db)
    try:
        row = await store.get_metric(metric_id)
    finally:
        await store.close()
    return [(c.on, c.value, c.confidence, c.note) for c in row.checkins]


async def test_record_twice_for_one_date_leaves_one_check_in_and_show_json_holds_every_field(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    metric = await _seed(db)
    args = ("metric", "record", str(metric))
    first = cli(*args, "72", "--date", "2024-03-01", cwd=tmp_path, db=db)
    assert first.returncode == 0, first.stderr
    assert f"metric #{metric}: recorded 72 for 2024-03-01" in first.stdout
    note = "<!channel> {{ 7*7 }} 🚀 warehouse job"
    again = cli(
        *args, "98.5 %", "--date", "2024-03-01", "--confidence", "On track", "--note", note,
        cwd=tmp_path, db=db,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "updated 98.5 for 2024-03-01; now achieved" in again.stdout
    assert await _checkins(db, metric) == [(date(2024, 3, 1), 98.5, "on_track", note)]

    shown = cli("metric", "show", "--format", "json", cwd=tmp_path, db=db)
    assert shown.returncode == 0, shown.stderr
    (item,) = json.loads(shown.stdout)
    assert set(item) == FIELDS
    assert (item["id"], item["status"], item["state"], item["owner"]) == (
        metric, "achieved", "committed", "UOWNER",
    )  # fmt: skip
    assert item["candidate"] == "Pipelines fail and nobody notices"
    assert (item["baseline"], item["target"], item["unit"], item["direction"]) == (
        60.0, 98.0, "%", "increase",
    )  # fmt: skip
    assert (item["baseline_date"], item["deadline"]) == ("2020-01-06", "2099-12-31")
    assert item["checkins"] == [
        {
            "date": "2024-03-01",
            "value": 98.5,
            "confidence": "on_track",
            "note": note,
            "source": "cli",
        }
    ]
    text = cli("metric", "show", "--candidate", str(item["candidate_id"]), cwd=tmp_path, db=db)
    assert "▁█ 98.5%" in text.stdout and "achieved" in text.stdout and note in text.stdout
    none = cli("metric", "show", "--candidate", "999", "--format", "json", cwd=tmp_path, db=db)
    assert json.loads(none.stdout) == []


async def test_bad_input_is_refused_with_one_sentence_and_nothing_is_stored(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    metric = await _seed(db)
    cases = [
        (["abc"], "not a number: 'abc'"),
        ([""], "not a number: ''"),
        (["<!channel>"], "not a number"),
        (["{{ 7*7 }}"], "not a number"),
        (["1e999"], "not a number"),
        (["9" * 5000], "not a number"),
        (["5", "--date", "2024-02-30"], "not a date (YYYY-MM-DD)"),
        (["5", "--confidence", "meh"], "confidence is one of: on track, at risk, off track"),
        (["5", "--note", "x" * 2001], "a note takes at most 2000 characters"),
    ]
    for extra, said in cases:
        done = cli("metric", "record", str(metric), *extra, cwd=tmp_path, db=db)
        assert done.returncode == 2, (extra, done.stdout)
        assert said in done.stderr and "nothing was stored" in done.stderr, (extra, done.stderr)
        assert "Traceback" not in done.stderr
    # "In the future" by the child's own clock, pinned to a named instant (not the real date).
    future = metric_record_cli(db, PINNED, str(metric), "5", "--date", "2026-06-17")
    assert future.returncode == 2 and "is in the future" in future.stderr, future.stderr
    assert "nothing was stored" in future.stderr
    missing = cli("metric", "record", "999", "5", cwd=tmp_path, db=db)
    assert missing.returncode == 1 and "metric #999 does not exist" in missing.stderr
    assert await _checkins(db, metric) == []


async def test_export_csv_has_one_row_per_check_in_and_no_live_formulas(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    metric = await _seed(db)
    for day, value, note in (("2024-01-01", "61", "=cmd|' /C calc'!A0"), ("2024-02-01", "65", "")):
        args = ("metric", "record", str(metric), value, "--date", day, "--note", note)
        assert cli(*args, cwd=tmp_path, db=db).returncode == 0
    out = tmp_path / "metrics.csv"
    done = cli("metric", "export", "--format", "csv", "--output", str(out), cwd=tmp_path, db=db)
    assert done.returncode == 0 and "wrote 1 metrics" in done.stderr
    header, *rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert header[:4] == ["metric_id", "candidate_id", "candidate", "name"]
    assert [(r[header.index("date")], r[header.index("value")]) for r in rows] == [
        ("2024-01-01", "61.0"),
        ("2024-02-01", "65.0"),
    ]
    assert rows[0][header.index("note")] == "'=cmd|' /C calc'!A0"


async def test_demo_data_seeds_committed_metrics_in_different_states(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    seeded = cli("demo-data", cwd=tmp_path, db=db)
    assert seeded.returncode == 0, seeded.stderr
    assert "5 success metrics with check-ins" in seeded.stdout
    shown = json.loads(cli("metric", "show", "--format", "json", cwd=tmp_path, db=db).stdout)
    assert {m["state"] for m in shown} == {"committed"}
    assert {m["status"] for m in shown} == {"on_track", "at_risk", "stale", "achieved", "missed"}
    assert all(m["checkins"] for m in shown)
    assert any(m["disagreement"] for m in shown)
