"""The roadmap sheet: exact columns, exports, and edited sheets read back all or nothing."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
from collections.abc import Mapping
from datetime import date
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from bot.flows.summary import RootCauseStatus as V
from bot.roadmap import files
from bot.roadmap.board import Board, build_board
from bot.roadmap.model import Candidate, Evidence, ImpactKind, Priority, Size, Status
from bot.roadmap.sheet import HEADERS, KEYS, rows_of
from bot.roadmap.sheet_import import read_changes

TODAY = date(2026, 11, 26)
FORMULA = "=cmd|' /C calc'!A0"


def ev(pid: int, who: str, dept: str | None = None) -> Evidence:
    return Evidence(
        pid, pid, f"why.{pid}.1", "p", "r", "q", hash(who) % 1000, who, dept, verdict=V.VALIDATED
    )


def candidates() -> list[Candidate]:
    return [
        Candidate(
            id=1,
            team_id=1,
            problem="Leads get lost",
            root_cause="CRM updated by hand",
            solution="Sync the CRM",
            justification="10 deals a week",
            impact_kind=ImpactKind.REVENUE,
            impact=5,
            effort=Size.M,
            metric="Leads lost per week",
            baseline="10",
            target="2",
            deadline=date(2027, 6, 30),
            evidence=(ev(1, "Ann", "Sales"), ev(2, "Bob")),
        ),
        Candidate(id=2, team_id=1, problem=FORMULA, root_cause="+SUM(A1)", evidence=(ev(3, "Cy"),)),
        Candidate(
            id=3,
            team_id=1,
            problem="Month-end close is slow",
            root_cause="",
            impact_kind=ImpactKind.COST,
            impact=2,
            effort=Size.XL,
            priority_override=Priority.P1,
            override_reason="audit | deadline",
            horizon_pin=2,
            status=Status.ACCEPTED,
            evidence=(ev(4, "Dee", "Finance"),),
        ),
    ]


def board_of(items: list[Candidate]) -> Board:
    return build_board(items)


def apply(items: list[Candidate], updates: Mapping[int, Mapping[str, Any]]) -> list[Candidate]:
    """What storage does with an import's updates, on the pure candidates."""
    kinds = {
        "impact_kind": ImpactKind,
        "effort": Size,
        "priority_override": Priority,
        "status": Status,
    }
    out = []
    for c in items:
        fields = {
            k: (kinds[k](v) if k in kinds and v is not None else v)
            for k, v in updates.get(c.id, {}).items()
        }
        out.append(dataclasses.replace(c, **fields))
    return out


def csv_table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_sheet_has_exactly_the_roadmap_columns_one_row_per_candidate() -> None:
    assert HEADERS == (
        "ID",
        "Title",
        "Problem",
        "Root cause / driver",
        "Potential solution",
        "Justification",
        "Stakeholders affected",
        "Teams affected",
        "Impact kind",
        "Impact (1-5)",
        "Effort",
        "Metric",
        "Baseline",
        "Target",
        "Deadline",
        "Priority",
        "Horizon",
        "Status",
    )
    rows = rows_of(board_of(candidates()))
    assert [r["id"] for r in rows] == [1, 2, 3]
    first, _, third = rows
    assert first["stakeholders_affected"] == "Ann (Sales); Bob"
    assert first["impact_kind"] == "revenue" and first["priority"] == "P1"
    assert first["deadline"] == date(2027, 6, 30) and first["horizon"] == "Year 1"
    assert third["priority"] == "P1: audit | deadline" and third["horizon"] == "Year 2 (pinned)"
    assert third["status"] == "accepted"


def test_csv_export_neutralises_formulas_and_import_restores_them() -> None:
    data = files.write(rows_of(board_of(candidates())), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = csv_table(data)
    assert tuple(table[0]) == HEADERS
    problem, cause = HEADERS.index("Problem"), HEADERS.index("Root cause / driver")
    assert table[2][problem] == "'" + FORMULA and table[2][cause] == "'+SUM(A1)"
    _, rows = files.read_csv(data)
    assert rows[1][problem] == FORMULA and rows[1][cause] == "+SUM(A1)"
    for text in ("'=x", "'hello", "-5 %", "@here", "\t=1", "plain"):
        assert files.restore(files.neutralise(text)) == text
    assert not files.neutralise("'=x").startswith("'=")


def test_xlsx_has_header_filters_frozen_header_widths_and_priority_colours() -> None:
    data = files.write(rows_of(board_of(candidates())), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert tuple(c.value for c in sheet[1]) == HEADERS and sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    col = {h: get_column_letter(i) for i, h in enumerate(HEADERS, start=1)}
    assert sheet.auto_filter.ref == f"A1:{col['Status']}4"
    assert sheet.column_dimensions[col["Problem"]].width == 45
    assert sheet.column_dimensions["A"].width == 7
    problem = sheet[f"{col['Problem']}3"]
    assert problem.value == FORMULA and problem.data_type == "s" and problem.quotePrefix
    priority = {r: sheet[f"{col['Priority']}{r}"] for r in (2, 4)}
    assert priority[2].value == "P1" and priority[2].fill.fgColor.rgb.endswith("F8CBAD")
    assert sheet[f"{col['Deadline']}2"].value.date() == date(2027, 6, 30)
    assert sheet[f"{col['Impact (1-5)']}2"].value == 5


def test_markdown_and_json_carry_the_same_columns_escaped() -> None:
    rows = rows_of(board_of(candidates()))
    md = files.write(rows, "md").decode()
    assert md.splitlines()[0] == "| " + " | ".join(HEADERS) + " |"
    assert "audit \\| deadline" in md and md.count("\n") == 2 + len(rows)
    items = json.loads(files.write(rows, "json"))
    assert [list(i) for i in items] == [list(KEYS)] * 3
    assert items[0]["deadline"] == "2027-06-30" and items[1]["problem"] == FORMULA
    assert "_No roadmap candidates yet._" in files.write([], "md").decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_untouched_changes_nothing(fmt: files.Format) -> None:
    board = board_of(candidates())
    data = files.write(rows_of(board), fmt)
    header, rows = files.read_csv(data) if fmt == "csv" else files.read_xlsx(data)
    result = read_changes(header, rows, board, merged_into={}, today=TODAY)
    assert result.ok and result.changes == () and result.rows == 3


def _edit(fmt: files.Format, data: bytes, edits: dict[tuple[int, str], str]) -> bytes:
    """Change cells as a person would in a spreadsheet: (candidate id, header) -> new text."""
    if fmt == "csv":
        table = csv_table(data)
        for (cid, column), text in edits.items():
            row = next(r for r in table if r[0] == str(cid))
            row[HEADERS.index(column)] = text
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(table)
        return out.getvalue().encode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    for (cid, column), text in edits.items():
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == cid)
        cell = row[HEADERS.index(column)]
        cell.value = text
        cell.data_type = "s"  # typed as text ('=... in Excel); a live formula is refused
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(fmt: files.Format, data: bytes) -> list[list[str]]:
    header, rows = files.read_csv(data) if fmt == "csv" else files.read_xlsx(data)
    return [header, *rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_edit_import_export_is_identical_except_the_edits(fmt: files.Format) -> None:
    items = candidates()
    before = files.write(rows_of(board_of(items)), fmt)
    edits = {
        (1, "Potential solution"): "Two-way CRM sync",
        (2, "Justification"): '=HYPERLINK("x")',
        (1, "Target"): "1",
        (3, "Status"): "in progress",
        (2, "Impact kind"): "Customer experience",
    }
    header, rows = (
        _cells(fmt, _edit(fmt, before, edits))[0],
        _cells(fmt, _edit(fmt, before, edits))[1:],
    )
    result = read_changes(header, rows, board_of(items), merged_into={}, today=TODAY)
    assert result.ok, result.problems
    assert {(c.candidate_id, c.column) for c in result.changes} == set(edits)
    after = files.write(rows_of(board_of(apply(items, result.updates))), fmt)
    old, new = _cells(fmt, before), _cells(fmt, after)
    differing = {
        (int(old[r][0]), HEADERS[c])
        for r in range(1, len(old))
        for c in range(len(HEADERS))
        if old[r][c] != new[r][c]
    }
    assert differing == set(edits)
    assert new[2][HEADERS.index("Justification")] == '=HYPERLINK("x")'


def test_editing_effort_changes_only_that_cell_and_what_the_formula_derives_from_it() -> None:
    items = candidates()
    before = files.write(rows_of(board_of(items)), "csv")
    header, *rows = _cells("csv", _edit("csv", before, {(1, "Effort"): "xl"}))
    result = read_changes(header, rows, board_of(items), merged_into={}, today=TODAY)
    assert result.ok and result.updates == {1: {"effort": "XL"}}
    after = _cells("csv", files.write(rows_of(board_of(apply(items, result.updates))), "csv"))
    old = _cells("csv", before)
    changed = {
        HEADERS[c] for r in range(1, 4) for c in range(len(HEADERS)) if old[r][c] != after[r][c]
    }
    assert changed <= {"Effort", "Priority", "Horizon"} and "Effort" in changed


def _import(
    edits: dict[tuple[int, str], str], *, merged: Mapping[int, int] | None = None
) -> list[str]:
    items = candidates()
    header, *rows = _cells("csv", _edit("csv", files.write(rows_of(board_of(items)), "csv"), edits))
    result = read_changes(header, rows, board_of(items), merged_into=merged or {}, today=TODAY)
    assert not result.changes and not result.updates  # all or nothing
    return [str(p) for p in result.problems]


def test_bad_cells_are_all_reported_and_nothing_is_applied() -> None:
    problems = _import(
        {
            (1, "Effort"): "XXL",
            (1, "Deadline"): "30/06/2027",
            (2, "Impact (1-5)"): "9",
            (2, "Stakeholders affected"): "Everyone",
            (3, "Priority"): "P2",
            (1, "Solution" if False else "Problem"): "",
            (3, "Status"): "merged",
            (3, "Horizon"): "Year 5",
            (3, "Impact kind"): "vibes",
        }
    )
    assert "row 2, #1, Effort: invalid size 'XXL': use XS, S, M, L or XL" in problems
    assert "row 2, #1, Deadline: malformed date '30/06/2027': use YYYY-MM-DD" in problems
    assert "row 2, #1, Problem: cannot be blank" in problems
    assert "row 3, #2, Impact (1-5): '9' is not a number from 1 to 5" in problems
    assert any("Stakeholders affected: is derived" in p for p in problems)
    assert any("#3, Priority: overriding to P2 needs a reason" in p for p in problems)
    assert any("#3, Status: 'merged' is not one of" in p for p in problems)
    assert any("#3, Horizon: 'Year 5'" in p for p in problems)
    assert any("#3, Impact kind: 'vibes'" in p for p in problems)


def test_blank_or_contradictory_metrics_are_refused() -> None:
    assert _import({(1, "Target"): "10.0"}) == [
        "row 2, #1, Target: the target is the same as the baseline"
    ]
    assert _import({(1, "Baseline"): ""}) == [
        "row 2, #1, Baseline: a SMART metric needs all four parts: the baseline is missing"
    ]
    assert _import({(1, "Deadline"): "2026-11-26"}) == [
        "row 2, #1, Deadline: the deadline must be in the future"
    ]


def test_clearing_the_whole_metric_and_the_override_is_allowed() -> None:
    items = candidates()
    data = files.write(rows_of(board_of(items)), "csv")
    blank = dict.fromkeys([(1, "Metric"), (1, "Baseline"), (1, "Target"), (1, "Deadline")], "")
    header, *rows = _cells(
        "csv", _edit("csv", data, {**blank, (3, "Priority"): "", (3, "Horizon"): ""})
    )
    result = read_changes(header, rows, board_of(items), merged_into={}, today=TODAY)
    assert result.ok
    assert result.updates[1] == {"metric": None, "baseline": None, "target": None, "deadline": None}
    assert result.updates[3] == {
        "priority_override": None,
        "override_reason": None,
        "horizon_pin": None,
    }


def test_an_override_with_a_reason_and_a_pinned_year_are_read_back() -> None:
    items = candidates()
    data = files.write(rows_of(board_of(items)), "csv")
    header, *rows = _cells(
        "csv", _edit("csv", data, {(2, "Priority"): "p1 — legal", (2, "Horizon"): "Y3"})
    )
    result = read_changes(header, rows, board_of(items), merged_into={}, today=TODAY)
    assert result.updates[2] == {
        "priority_override": "P1",
        "override_reason": "legal",
        "horizon_pin": 3,
    }


def test_unknown_merged_repeated_and_malformed_ids_are_named() -> None:
    items = candidates()
    header, *rows = _cells("csv", files.write(rows_of(board_of(items)), "csv"))
    extra = [
        ["999", *rows[0][1:]],
        ["7", *rows[0][1:]],
        ["1", *rows[0][1:]],
        ["abc", *rows[0][1:]],
        ["2", "too", "short"],
    ]
    result = read_changes(header, [*rows, *extra], board_of(items), merged_into={7: 1}, today=TODAY)
    text = [str(p) for p in result.problems]
    assert text == [
        "row 5, #999: unknown candidate id",
        "row 6, #7: was merged into #1; edit #1 instead",
        "row 7, #1: given twice (also on row 2)",
        "row 8: ID 'abc' is not a candidate number",
        "row 9: has 3 cells, expected 18",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ([h for h in HEADERS if h != "Effort"], "missing columns: Effort"),
        ([*HEADERS, "Owner"], "unexpected columns: Owner"),
        ([HEADERS[1], HEADERS[0], *HEADERS[2:]], "columns are out of order"),
        ([*HEADERS, "Effort"], "columns given twice: Effort"),
    ],
)
def test_missing_extra_reordered_or_repeated_columns_stop_the_import(
    header: list[str], message: str
) -> None:
    result = read_changes(header, [], board_of(candidates()), merged_into={}, today=TODAY)
    assert not result.ok and message in str(result.problems[0])


def test_header_case_and_spaces_do_not_matter() -> None:
    header = [f"  {h.upper()} " for h in HEADERS]
    assert read_changes(header, [], board_of(candidates()), merged_into={}, today=TODAY).ok


def test_ten_thousand_rows_are_checked_quickly_and_one_bad_row_stops_them_all() -> None:
    items = [
        Candidate(
            id=i, team_id=1, problem=f"Problem {i}", root_cause="r", evidence=(ev(i, f"P{i}"),)
        )
        for i in range(1, 10_001)
    ]
    board = build_board(items, displacements=False)
    data = files.write(rows_of(board), "csv")
    header, rows = files.read_csv(data)
    for row in rows:
        row[HEADERS.index("Potential solution")] = f"Fix {row[0]}"
    rows[9_999][HEADERS.index("Effort")] = "huge"
    started = time.perf_counter()
    result = read_changes(header, rows, board, merged_into={}, today=TODAY)
    assert time.perf_counter() - started < 5
    assert result.rows == 10_000 and not result.updates
    assert [str(p) for p in result.problems] == [
        "row 10001, #10000, Effort: invalid size 'huge': use XS, S, M, L or XL"
    ]
    rows[9_999][HEADERS.index("Effort")] = ""
    assert len(read_changes(header, rows, board, merged_into={}, today=TODAY).updates) == 10_000


def test_unreadable_files_are_refused_with_a_reason(tmp_path: Any) -> None:
    with pytest.raises(files.SheetError, match=r"\.csv or \.xlsx"):
        files.read(tmp_path / "roadmap.ods")
    with pytest.raises(files.SheetError, match=r"not an \.xlsx"):
        files.read_xlsx(b"PK not really")
    with pytest.raises(files.SheetError, match="UTF-8"):
        files.read_csv(b"\xff\xfe\x00")
    with pytest.raises(files.SheetError, match="empty"):
        files.read_csv(b"")


def test_a_formula_typed_into_a_workbook_is_refused() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    sheet.append([1, "=1+1"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(files.SheetError, match="formula"):
        files.read_xlsx(out.getvalue())


def test_the_title_and_teams_columns_are_read_back_and_a_title_is_checked() -> None:
    items = candidates()
    data = files.write(rows_of(board_of(items)), "csv")
    edits = {(1, "Title"): "  Leads   go cold ", (2, "Teams affected"): "Finance; <!channel>"}
    header, *rows = _cells("csv", _edit("csv", data, edits))
    result = read_changes(header, rows, board_of(items), merged_into={}, today=TODAY)
    assert result.ok
    assert result.updates[1] == {"title": "Leads go cold"}
    assert result.updates[2] == {"teams_affected": "Finance; <!channel>"}
    for bad, problem in (("", "cannot be blank"), ("x" * 81, "is longer than 80 characters")):
        header, *rows = _cells("csv", _edit("csv", data, {(1, "Title"): bad}))
        refused = read_changes(header, rows, board_of(items), merged_into={}, today=TODAY)
        assert [str(p) for p in refused.problems] == [f"row 2, #1, Title: {problem}"]
