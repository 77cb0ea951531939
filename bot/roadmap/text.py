"""The roadmap as plain text for a terminal: candidates with the formula, the plan, duplicates."""

from __future__ import annotations

from collections.abc import Sequence

from bot.flows.titles import title_of
from bot.roadmap.board import Board, Ranked
from bot.roadmap.plan import QUARTERS_PER_YEAR, YEARS
from storage import SuggestionRow

LINE = 70


def _flat(text: str, most: int = LINE) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"


def candidate_line(ranked: Ranked, board: Board) -> str:
    """`#3 P1  XL  year 1  Leads get lost (2 stakeholders)` and the formula under it."""
    c, s = ranked.candidate, ranked.score
    priority = s.priority.value if s.priority else "--"
    size = c.effort.value if c.effort else "?"
    year = board.plan.year_of(c.id)
    when = f"year {year}" if year else ("later" if c.id in board.plan.beyond else "-")
    people = "stakeholder" if c.reach == 1 else "stakeholders"
    lines = [
        f"#{c.id:<5} {priority:<3} {size:<3} {when:<7} {c.title} ({c.reach} {people})",
        f"       {s.explain()}",
    ]
    if s.rice is not None:
        lines.append(f"       RICE {s.rice:.2f} · ICE {s.ice}")
    if c.priority_override is not None:
        reason = _flat(c.override_reason or "")
        lines.append(f"       override {c.priority_override.value}: {reason}")
    if c.status.value not in ("proposed",):
        lines.append(f"       status: {c.status.label}")
    return "\n".join(lines)


def show_text(board: Board, *, everything: bool = False) -> str:
    """Every open candidate (or every one), best first."""
    shown = board.ranked if everything else tuple(board.open)
    if not shown:
        return "No roadmap candidates yet: finished interviews bring them."
    return "\n".join(candidate_line(r, board) for r in shown)


def plan_text(board: Board) -> str:
    """Years 1-3 with the capacity each uses, and what the big items displace."""
    plan = board.plan
    yearly = plan.capacity * QUARTERS_PER_YEAR
    lines = [f"Capacity: {plan.capacity:g} points a quarter ({yearly:g} a year)"]
    for year in range(1, YEARS + 1):
        over = plan.over_capacity(year)
        pinned = ", ".join(f"#{i}" for i in plan.pinned_in(year))
        note = f", over by {over:g} (pinned there: {pinned})" if over else ""
        lines.append(f"Year {year}: {plan.used[year - 1]:g} of {yearly:g} points{note}")
        for placed in plan.continuing_in(year):
            share = f"{placed.points_in_year(year):g} points"
            lines.append(f"  #{placed.id:<5} continues from year {placed.year} ({share} here)")
        for placed in plan.in_year(year):
            ranked = board.get(placed.id)
            assert ranked is not None
            c = ranked.candidate
            size = c.effort.value if c.effort else "?"
            quarters = f"Q{placed.first_quarter % 4 + 1}"
            if placed.last_quarter != placed.first_quarter:
                quarters += f"-Y{placed.last_quarter // 4 + 1}Q{placed.last_quarter % 4 + 1}"
            lines.append(f"  #{c.id:<5} {size:<3} {quarters:<9} {c.title}")
    if plan.beyond:
        lines.append("Later (no room in three years): " + ", ".join(f"#{i}" for i in plan.beyond))
    if plan.unsized:
        lines.append("Not sized yet: " + ", ".join(f"#{i}" for i in plan.unsized))
    for shift in plan.displacements:
        moved = ", ".join(f"#{i}" for i in shift.moved) or "nothing"
        lines.append(
            f"#{shift.id} ({shift.size.value}, {shift.points:g} points) in year {shift.year} "
            f"keeps {moved} ({shift.moved_points:g} points) from starting earlier"
        )
    return "\n".join(lines)


def duplicates_text(found: Sequence[SuggestionRow]) -> str:
    """Likely duplicates, each with both sides' evidence."""
    if not found:
        return "No likely duplicates waiting."
    lines = []
    for s in found:
        lines.append(f"#{s.candidate.id} looks like #{s.other.id} ({s.score:.0f}% alike)")
        for side in (s.candidate, s.other):
            lines.append(f"  #{side.id} {side.title or title_of(side.problem)}")
            for e in side.evidence[:3]:
                lines.append(f'    {e.stakeholder}: "{_flat(e.quote, 60)}"')
        lines.append(f"  merge with: interview-bot roadmap merge {s.other.id} {s.candidate.id}")
    return "\n".join(lines)
