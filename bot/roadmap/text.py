"""The roadmap as plain text for a terminal: candidates with the formula, the plan, duplicates."""

from __future__ import annotations

from collections.abc import Sequence

from bot.flows.titles import title_of
from bot.roadmap.board import Board, Ranked
from bot.roadmap.plan import QUARTERS_PER_YEAR, YEARS
from bot.roadmap.plan_report import comparison, decided_text, quarters_of
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


def _named(board: Board, candidate_id: int) -> str:
    ranked = board.get(candidate_id)
    return f"#{candidate_id}" + (f" {_flat(ranked.candidate.title, 40)}" if ranked else "")


def plan_text(board: Board) -> str:
    """Years 1-3 with the capacity each uses, and each big year-1 item's trade-off."""
    plan = board.plan
    yearly = plan.capacity * QUARTERS_PER_YEAR
    lines = [f"Capacity: {plan.capacity:g} points a quarter ({yearly:g} a year)"]
    for year in range(1, YEARS + 1):
        over = plan.over_capacity(year)
        pinned = ", ".join(_named(board, i) for i in plan.pinned_in(year))
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
            quarters = quarters_of(placed)
            lines.append(f"  #{c.id:<5} {size:<3} {quarters:<10} {_flat(c.title, 50)}")
    if plan.beyond:
        lines.append("Later (no room in three years): " + ", ".join(f"#{i}" for i in plan.beyond))
    if plan.unsized:
        lines.append("Not sized yet: " + ", ".join(f"#{i}" for i in plan.unsized))
    if board.trade_offs:
        lines.append("Trade-offs in year 1:")
    for trade in board.trade_offs:
        lines.append("  " + comparison(trade))
        for cid in (trade.id, *trade.alternatives):
            ranked = board.get(cid)
            if ranked is not None:
                lines.append(f"    #{cid:<5} {_flat(ranked.candidate.title, 60)}")
        decided = decided_text(trade)
        if decided is not None:
            lines.append(f"    {decided}")
        elif trade.open:
            lines.append(
                f"    Keep #{trade.id} first? interview-bot roadmap keep {trade.id}"
                f" | interview-bot roadmap swap {trade.id}"
            )
    for decision in board.decided_elsewhere:
        ids = " + ".join(f"#{i}" for i in decision.alternatives)
        when = decision.decided_at.date().isoformat()
        lines.append(
            f"Swapped: {ids} go before #{decision.candidate_id} ({decision.decided_by}, {when})"
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
