"""The roadmap sheet: its columns and a candidate as a row (sheet_import.py reads it back)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.roadmap.board import Board, Ranked

Cell = str | int | date | None


@dataclass(frozen=True)
class Column:
    """One column of the sheet: its header, its key in JSON and whether import may change it."""

    header: str
    key: str
    editable: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("ID", "id", editable=False),
    Column("Problem", "problem"),
    Column("Root cause / driver", "root_cause"),
    Column("Potential solution", "potential_solution"),
    Column("Justification", "justification"),
    Column("Stakeholders affected", "stakeholders_affected", editable=False),
    Column("Impact kind", "impact_kind"),
    Column("Impact (1-5)", "impact"),
    Column("Effort", "effort"),
    Column("Metric", "metric"),
    Column("Baseline", "baseline"),
    Column("Target", "target"),
    Column("Deadline", "deadline"),
    Column("Priority", "priority"),
    Column("Horizon", "horizon"),
    Column("Status", "status"),
)
HEADERS = tuple(c.header for c in COLUMNS)
KEYS = tuple(c.key for c in COLUMNS)
LATER = "Later"


def row_of(ranked: Ranked, board: Board) -> dict[str, Cell]:
    """A candidate as a sheet row, keyed by column key, with typed cells."""
    c = ranked.candidate
    stakeholders = "; ".join(
        f"{e.stakeholder} ({e.department})" if e.department else e.stakeholder
        for e in c.stakeholders
    )
    return {
        "id": c.id,
        "problem": c.problem,
        "root_cause": c.root_cause,
        "potential_solution": c.solution,
        "justification": c.justification,
        "stakeholders_affected": stakeholders,
        "impact_kind": c.impact_kind.label if c.impact_kind else "",
        "impact": c.impact,
        "effort": c.effort.value if c.effort else "",
        "metric": c.metric or "",
        "baseline": c.baseline or "",
        "target": c.target or "",
        "deadline": c.deadline,
        "priority": priority_text(ranked),
        "horizon": horizon_text(ranked, board),
        "status": c.status.label,
    }


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
