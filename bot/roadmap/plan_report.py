"""The plan for people and programs: its trade-off sentences, and the plan as JSON (pure)."""

from __future__ import annotations

from typing import Any

from bot.roadmap.board import Board
from bot.roadmap.plan import QUARTERS_PER_YEAR, YEARS, Placement
from bot.roadmap.trade_offs import Choice, TradeOff


def about_months(months: float) -> str:
    """`about 6 months`, `about 1.5 months`, `under a month`."""
    if months < 0.75:
        return "under a month"
    rounded = round(months * 2) / 2
    return f"about {rounded:g} month" + ("" if rounded == 1 else "s")


def quarters_of(placed: Placement) -> str:
    """`Y1Q3` or `Y1Q3-Y2Q1`: the quarters a candidate runs in."""

    def name(quarter: int) -> str:
        return f"Y{quarter // QUARTERS_PER_YEAR + 1}Q{quarter % QUARTERS_PER_YEAR + 1}"

    first, last = name(placed.first_quarter), name(placed.last_quarter)
    return first if first == last else f"{first}-{last}"


def big_part(trade: TradeOff) -> str:
    """`#5 (XL, 24 points, impact 4, about 6 months)`."""
    impact = f"impact {trade.impact}" if trade.impact is not None else "impact not set"
    return (
        f"#{trade.id} ({trade.size.value}, {trade.points:g} points, {impact}, "
        f"{about_months(trade.months)})"
    )


def alternative_part(trade: TradeOff) -> str:
    """`#3 + #4 + #6 (23 points, impact 11 together)`."""
    ids = " + ".join(f"#{i}" for i in trade.alternatives)
    together = " together" if len(trade.alternatives) > 1 else ""
    return (
        f"{ids} ({trade.alternative_points:g} points, impact {trade.alternative_impact}{together})"
    )


def comparison(trade: TradeOff) -> str:
    """The method's sentence: what the big item costs, in smaller items."""
    if not trade.alternatives:
        return f"{big_part(trade)}: nothing smaller waits behind it, so it displaces nothing."
    return f"{big_part(trade)} costs the same as {alternative_part(trade)}."


def decided_text(trade: TradeOff) -> str | None:
    """`Kept first by U123 on 2026-12-02.`, or None while undecided."""
    decision = trade.decision
    if decision is None:
        return None
    when = decision.decided_at.date().isoformat()
    if decision.choice is Choice.KEEP:
        return f"Kept #{trade.id} first ({decision.decided_by}, {when})."
    return f"Swapped: the smaller items go before #{trade.id} ({decision.decided_by}, {when})."


def plan_json(board: Board) -> dict[str, Any]:
    """The plan as data: years with their items, what is beyond or unsized, and trade-offs."""
    plan = board.plan
    yearly = plan.capacity * QUARTERS_PER_YEAR

    def label(candidate_id: int) -> dict[str, Any]:
        ranked = board.get(candidate_id)
        assert ranked is not None
        c = ranked.candidate
        return {
            "id": c.id,
            "title": c.title,
            "size": c.effort.value if c.effort else None,
            "impact": c.impact,
            "priority": ranked.score.priority.value if ranked.score.priority else None,
        }

    years = []
    for year in range(1, YEARS + 1):
        years.append(
            {
                "year": year,
                "used": plan.used[year - 1],
                "capacity": yearly,
                "over_by": plan.over_capacity(year),
                "pinned": plan.pinned_in(year),
                "continuing": [
                    {**label(p.id), "points_here": p.points_in_year(year)}
                    for p in plan.continuing_in(year)
                ],
                "items": [
                    {
                        **label(p.id),
                        "points": p.points,
                        "points_here": p.points_in_year(year),
                        "quarters": quarters_of(p),
                        "pinned": p.pinned,
                    }
                    for p in plan.in_year(year)
                ],
            }
        )
    return {
        "capacity_per_quarter": plan.capacity,
        "capacity_per_year": yearly,
        "years": years,
        "beyond": [label(i) for i in plan.beyond],
        "unsized": [label(i) for i in plan.unsized],
        "trade_offs": [_trade_json(t, label) for t in board.trade_offs],
    }


def _trade_json(trade: TradeOff, label: Any) -> dict[str, Any]:
    decision = trade.decision
    return {
        **label(trade.id),
        "points": trade.points,
        "months": round(trade.months, 2),
        "alternatives": [label(i) for i in trade.alternatives],
        "alternative_points": trade.alternative_points,
        "alternative_impact": trade.alternative_impact,
        "sentence": comparison(trade),
        "decision": None
        if decision is None
        else {
            "choice": decision.choice.value,
            "by": decision.decided_by,
            "at": decision.decided_at.isoformat(),
            "alternatives": list(decision.alternatives),
        },
    }
