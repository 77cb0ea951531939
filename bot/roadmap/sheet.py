"""The roadmap sheet: its columns and a candidate as a row (sheet_import.py reads it back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.roadmap import cells
from bot.roadmap.board import Board, Ranked

Cell = str | int | date | None


@dataclass(frozen=True)
class Column:
    """One column of the sheet, whole: header, key in JSON, width in an XLSX, whether its text
    wraps, what it shows for a candidate, and how an edited cell is read back (None: derived
    from the interviews, never edited; `metric`: one of the SMART parts, checked together)."""

    header: str
    key: str
    width: int
    cell: Callable[[Ranked, Board], Cell]
    parse: cells.Parse | None = None
    wrap: bool = False
    metric: bool = False

    @property
    def editable(self) -> bool:
        """Whether an import may change this column."""
        return self.parse is not None or self.metric


def _stakeholders(ranked: Ranked, board: Board) -> str:
    return "; ".join(
        f"{e.stakeholder} ({e.department})" if e.department else e.stakeholder
        for e in ranked.candidate.stakeholders
    )


COLUMNS: tuple[Column, ...] = (
    Column("ID", "id", 7, lambda r, b: r.candidate.id),
    Column(
        "Title",
        "title",
        30,
        lambda r, b: r.candidate.title,
        cells.title,
        wrap=True,
    ),
    Column(
        "Problem",
        "problem",
        45,
        lambda r, b: r.candidate.problem,
        cells.text("problem", required=True),
        wrap=True,
    ),
    Column(
        "Root cause / driver",
        "root_cause",
        40,
        lambda r, b: r.candidate.root_cause,
        cells.text("root_cause"),
        wrap=True,
    ),
    Column(
        "Potential solution",
        "potential_solution",
        40,
        lambda r, b: r.candidate.solution,
        cells.text("solution"),
        wrap=True,
    ),
    Column(
        "Justification",
        "justification",
        35,
        lambda r, b: r.candidate.justification,
        cells.text("justification"),
        wrap=True,
    ),
    Column("Stakeholders affected", "stakeholders_affected", 30, _stakeholders),
    Column(
        "Teams affected",
        "teams_affected",
        30,
        lambda r, b: r.candidate.teams_affected,
        cells.text("teams_affected"),
        wrap=True,
    ),
    Column(
        "Impact kind",
        "impact_kind",
        20,
        lambda r, b: r.candidate.impact_kind.label if r.candidate.impact_kind else "",
        cells.impact_kind,
    ),
    Column("Impact (1-5)", "impact", 12, lambda r, b: r.candidate.impact, cells.impact),
    Column(
        "Effort",
        "effort",
        9,
        lambda r, b: r.candidate.effort.value if r.candidate.effort else "",
        cells.effort,
    ),
    Column("Metric", "metric", 30, lambda r, b: r.candidate.metric or "", metric=True),
    Column("Baseline", "baseline", 14, lambda r, b: r.candidate.baseline or "", metric=True),
    Column("Target", "target", 14, lambda r, b: r.candidate.target or "", metric=True),
    Column("Deadline", "deadline", 12, lambda r, b: r.candidate.deadline, metric=True),
    Column("Priority", "priority", 18, lambda r, b: priority_text(r), cells.priority),
    Column("Horizon", "horizon", 16, lambda r, b: horizon_text(r, b), cells.horizon),
    Column("Status", "status", 13, lambda r, b: r.candidate.status.label, cells.status),
)
HEADERS = tuple(c.header for c in COLUMNS)
KEYS = tuple(c.key for c in COLUMNS)
LATER = "Later"


def row_of(ranked: Ranked, board: Board) -> dict[str, Cell]:
    """A candidate as a sheet row, keyed by column key, with typed cells."""
    return {column.key: column.cell(ranked, board) for column in COLUMNS}


def rows_of(board: Board) -> list[dict[str, Cell]]:
    """Every candidate on the board as a row, by id (so an edit moves no row)."""
    return [row_of(r, board) for r in sorted(board.ranked, key=lambda r: r.id)]


def priority_text(ranked: Ranked) -> str:
    """`P2` from the formula, `P1: reason` when a person overrode it, empty when unscored."""
    c = ranked.candidate
    if c.priority_override is not None:
        return f"{c.priority_override.value}: {' '.join((c.override_reason or '').split())}"
    priority = ranked.score.formula_priority
    return priority.value if priority is not None else ""


def horizon_text(ranked: Ranked, board: Board) -> str:
    """`Year 2`, `Year 2 (pinned)`, `Later` (no room in three years) or empty (not planned)."""
    c = ranked.candidate
    year = board.plan.year_of(c.id)
    if year is not None:
        return f"Year {year} (pinned)" if c.horizon_pin is not None else f"Year {year}"
    return LATER if c.id in board.plan.beyond else ""


def text_of(cell: Cell) -> str:
    """The text of a cell, as CSV writes it and as import compares it."""
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)
