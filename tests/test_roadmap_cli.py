"""`interview-bot export roadmap`, `import roadmap` and `roadmap ...`, as separate processes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from bot.roadmap.sheet import HEADERS
from storage import Storage
from tests.test_cli import cli, pain_points_session
from tests.test_roadmap_factories import finished_interview, team_of

LEADS = ("Leads get lost between marketing and sales", "The CRM is updated by hand", "10 a week")
SAME = ("Sales loses leads handed over from marketing", "CRM updated manually", "leads!")
CLOSE = ("=cmd|' /C calc'!A0", "Spreadsheets reconciled by hand", "two weeks")


async def _seed(db: str) -> None:
    store = await Storage.open(db)
    await store.upgrade()
    team = await team_of(store)
    await finished_interview(store, team=team, stakeholder="Ann", pains=[LEADS, CLOSE])
    await finished_interview(store, team=team, stakeholder="Bob", pains=[SAME])
    await store.close()


def _table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, table: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


async def test_export_edit_import_round_trip_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    await _seed(db)
    sheet = tmp_path / "roadmap.csv"
    done = cli("export", "roadmap", "--format", "csv", "--output", str(sheet), cwd=tmp_path, db=db)
    assert done.returncode == 0, done.stderr
    assert "wrote 3 roadmap candidates" in done.stderr
    table = _table(sheet)
    assert tuple(table[0]) == HEADERS and len(table) == 4
    assert table[2][HEADERS.index("Problem")] == "'=cmd|' /C calc'!A0"  # never a live formula
    untouched = cli("import", "roadmap", str(sheet), cwd=tmp_path, db=db)
    assert untouched.returncode == 0 and "3 rows read, 0 changes" in untouched.stdout

    table[1][HEADERS.index("Effort")] = "L"
    table[1][HEADERS.index("Potential solution")] = "Two-way CRM sync"
    _write(sheet, table)
    dry = cli("import", "roadmap", str(sheet), "--dry-run", cwd=tmp_path, db=db)
    assert dry.returncode == 0 and "dry run: nothing was stored" in dry.stdout
    applied = cli("import", "roadmap", str(sheet), cwd=tmp_path, db=db)
    assert applied.returncode == 0, applied.stderr
    assert "#1 Effort: (blank) → L" in applied.stdout
    assert "#1 Potential solution: (blank) → Two-way CRM sync" in applied.stdout
    again = tmp_path / "again.csv"
    cli("export", "roadmap", "--format", "csv", "--output", str(again), cwd=tmp_path, db=db)
    after = _table(again)
    diff = {
        (r, HEADERS[c])
        for r in range(1, 4)
        for c in range(len(HEADERS))
        if table[r][c] != after[r][c]
    }
    assert diff == {(1, "Horizon")}  # as edited, and now sized, the plan gives it a year


async def test_a_bad_sheet_is_rejected_whole_with_every_problem(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    await _seed(db)
    sheet = tmp_path / "roadmap.csv"
    cli("export", "roadmap", "--format", "csv", "--output", str(sheet), cwd=tmp_path, db=db)
    table = _table(sheet)
    table[1][HEADERS.index("Potential solution")] = "fine on its own"
    table[2][HEADERS.index("Effort")] = "XXL"
    table[3][HEADERS.index("Deadline")] = "next week"
    table.append(["404", *table[1][1:]])
    _write(sheet, table)
    result = cli("import", "roadmap", str(sheet), cwd=tmp_path, db=db)
    assert result.returncode == 1
    assert "nothing was imported; 3 problems" in result.stderr
    assert "row 3, #2, Effort: invalid size 'XXL'" in result.stderr
    assert "row 4, #3, Deadline: malformed date 'next week'" in result.stderr
    assert "row 5, #404: unknown candidate id" in result.stderr
    check = tmp_path / "check.csv"
    cli("export", "roadmap", "--format", "csv", "--output", str(check), cwd=tmp_path, db=db)
    assert _table(check)[1][HEADERS.index("Potential solution")] == ""  # all or nothing

    _write(sheet, [[h for h in HEADERS if h != "Status"]])
    columns = cli("import", "roadmap", str(sheet), cwd=tmp_path, db=db)
    assert columns.returncode == 1 and "missing columns: Status" in columns.stderr


async def test_xlsx_export_and_import(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    await _seed(db)
    book = tmp_path / "roadmap.xlsx"
    no_file = cli("export", "roadmap", "--format", "xlsx", cwd=tmp_path, db=db)
    assert no_file.returncode == 2 and "--output" in no_file.stderr
    cli("export", "roadmap", "--format", "xlsx", "--output", str(book), cwd=tmp_path, db=db)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.active
    assert sheet is not None and sheet.freeze_panes == "A2"
    sheet.cell(row=2, column=HEADERS.index("Effort") + 1).value = "s"
    workbook.save(book)
    result = cli("import", "roadmap", str(book), cwd=tmp_path, db=db)
    assert result.returncode == 0 and "#1 Effort: (blank) → S" in result.stdout


async def test_show_plan_duplicates_merge_and_undo_in_the_terminal(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    await _seed(db)
    dupes = cli("roadmap", "duplicates", cwd=tmp_path, db=db)
    assert "#3 looks like #1" in dupes.stdout and "Ann:" in dupes.stdout and "Bob:" in dupes.stdout
    merged = cli("roadmap", "merge", "1", "3", cwd=tmp_path, db=db)
    assert merged.returncode == 0 and "merged #3 into #1 (merge 1" in merged.stdout
    shown = cli("roadmap", "show", cwd=tmp_path, db=db)
    assert "(2 stakeholders)" in shown.stdout and "needs impact and effort" in shown.stdout
    assert "#3" not in shown.stdout.split("\n")[0]
    again = cli("roadmap", "merge", "1", "3", cwd=tmp_path, db=db)
    assert again.returncode == 1 and "already merged" in again.stderr
    undone = cli("roadmap", "undo-merge", "1", cwd=tmp_path, db=db)
    assert undone.returncode == 0 and "#3 is its own candidate again" in undone.stdout
    plan = cli("roadmap", "plan", cwd=tmp_path, db=db)
    assert "Capacity: 12 points a quarter" in plan.stdout and "Not sized yet: #1" in plan.stdout


def test_a_terminal_interview_feeds_the_roadmap(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    stdin = "\n".join(pain_points_session()) + "\n"
    done = cli(
        "interview",
        "--purpose",
        "pain_points",
        "--stakeholder",
        "CFO",
        stdin=stdin,
        cwd=tmp_path,
        db=db,
    )
    assert done.returncode == 0, done.stderr
    exported = cli("export", "roadmap", "--format", "json", cwd=tmp_path, db=db)
    assert exported.returncode == 0, exported.stderr
    assert (
        "Nobody owns the CRM" in exported.stdout
        and '"stakeholders_affected": "CFO"' in exported.stdout
    )
    markdown = cli("export", "roadmap", "--format", "md", cwd=tmp_path, db=db)
    assert markdown.stdout.startswith("| ID | Title | Problem |")
    wrong = cli("export", "interviews", "--format", "csv", cwd=tmp_path, db=db)
    assert wrong.returncode == 2
