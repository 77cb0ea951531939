"""Trade-offs in the method's own words: each big item in year 1 against the smaller items it
holds back that would fit in its points, and what a person decided (pure).

The alternative to a big item B is chosen among the candidates that come *after* B in the
plan's lane (later in year 1, in years 2-3, or beyond the horizon): those are what B's
points are spent instead of. Only smaller sizes count, with an impact set, neither pinned by
a person nor already in progress. The set is a 0/1 knapsack: the most combined impact within
B's points; ties go to fewer points, then fewer items, then the better-ranked items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.roadmap.model import Size, Status
from bot.roadmap.plan import BIG, QUARTERS_PER_YEAR, Plan, PlanItem

SIZE_ORDER = tuple(Size)
_EPS = 1e-6


class Choice(StrEnum):
    """What a roadmap editor said about a trade-off."""

    KEEP = "keep"  # the big item stays first
    SWAP = "swap"  # the smaller items go before it


@dataclass(frozen=True)
class Decision:
    """A recorded Keep or Swap: which big item, against which items, by whom and when."""

    candidate_id: int
    alternatives: tuple[int, ...]
    choice: Choice
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class Option:
    """A candidate as the knapsack sees it: points, impact, and its place in the lane."""

    id: int
    points: float
    impact: int
    order: int


@dataclass(frozen=True)
class TradeOff:
    """A big year-1 item, the smaller items its points could buy instead, and the decision."""

    id: int
    size: Size
    points: float
    impact: int | None
    months: float
    alternatives: tuple[int, ...]
    alternative_points: float
    alternative_impact: int
    decision: Decision | None = None

    @property
    def open(self) -> bool:
        """Whether it still waits for a Keep or Swap (it has alternatives and no decision)."""
        return self.decision is None and bool(self.alternatives)


def best_alternative(options: Sequence[Option], budget: float) -> tuple[Option, ...]:
    """The options with the most combined impact within `budget` points, in lane order.

    Ties: fewer points, then fewer items, then the earlier items in the lane. A dynamic
    programme over the exact sums reached; items are taken in lane order, so comparing two
    partial sets by their sorted orders stays valid as both grow by the same later items.
    """
    ordered = sorted(options, key=lambda o: (o.order, o.id))
    best: dict[float, tuple[Option, ...]] = {0.0: ()}
    for option in ordered:
        for total, chosen in list(best.items()):
            grown = round(total + option.points, 6)
            if grown > budget + _EPS:
                continue
            candidate = (*chosen, option)
            current = best.get(grown)
            if current is None or _better(candidate, current):
                best[grown] = candidate
    winner: tuple[Option, ...] = ()
    for chosen in best.values():
        if _better(chosen, winner):
            winner = chosen
    return winner


def _key(chosen: tuple[Option, ...]) -> tuple[int, float, int, tuple[int, ...]]:
    """Smaller is better: more impact, fewer points, fewer items, earlier in the lane."""
    return (
        -sum(o.impact for o in chosen),
        round(sum(o.points for o in chosen), 6),
        len(chosen),
        tuple(o.order for o in chosen),
    )


def _better(one: tuple[Option, ...], other: tuple[Option, ...]) -> bool:
    if not one:
        return False
    return not other or _key(one) < _key(other)


def months(points: float, capacity: float) -> float:
    """How long an item takes the whole team, in months (a quarter is three)."""
    return points / capacity * 3


def find_trade_offs(
    items: Sequence[PlanItem],
    plan: Plan,
    *,
    points: Mapping[Size, float],
    impacts: Mapping[int, int | None],
    decisions: Iterable[Decision] = (),
) -> tuple[TradeOff, ...]:
    """Each big item starting in year 1 (not pinned, not in progress), in the order it starts,
    with its alternative: the decided one when a person decided, else the knapsack's."""
    by_id = {i.id: i for i in items}
    decided = {d.candidate_id: d for d in decisions}
    lane = _lane(items, plan)
    found = []
    for placed in sorted(plan.in_year(1), key=lambda p: (p.first_quarter, lane.get(p.id, 0))):
        item = by_id[placed.id]
        if item.size not in BIG or item.pinned_year is not None:
            continue
        if item.status is Status.IN_PROGRESS:
            continue
        assert item.size is not None
        decision = decided.get(item.id)
        if decision is not None:
            chosen = [
                Option(i, points[s], impacts.get(i) or 0, lane.get(i, 0))
                for i in decision.alternatives
                if i in by_id and (s := by_id[i].size) is not None
            ]
        else:
            chosen = list(
                best_alternative(_options(item, items, lane, points, impacts), points[item.size])
            )
        found.append(
            TradeOff(
                id=item.id,
                size=item.size,
                points=placed.points,
                impact=impacts.get(item.id),
                months=months(placed.points, plan.capacity),
                alternatives=tuple(o.id for o in chosen),
                alternative_points=sum(o.points for o in chosen),
                alternative_impact=sum(o.impact for o in chosen),
                decision=decision,
            )
        )
    return tuple(found)


def _lane(items: Sequence[PlanItem], plan: Plan) -> dict[int, int]:
    """Each sized, planned-or-beyond candidate's place in the lane: where it starts, then its
    rank; beyond the horizon comes last, in rank order."""
    last = QUARTERS_PER_YEAR * 3
    by_id = {i.id: i for i in items}
    starts = {cid: (p.first_quarter, by_id[cid].order) for cid, p in plan.placements.items()}
    starts.update({cid: (last, by_id[cid].order) for cid in plan.beyond})
    ordered = sorted(starts, key=lambda cid: (starts[cid], cid))
    return {cid: place for place, cid in enumerate(ordered)}


def _options(
    big: PlanItem,
    items: Sequence[PlanItem],
    lane: Mapping[int, int],
    points: Mapping[Size, float],
    impacts: Mapping[int, int | None],
) -> list[Option]:
    assert big.size is not None
    smaller = set(SIZE_ORDER[: SIZE_ORDER.index(big.size)])
    after = lane[big.id]
    found = []
    for item in items:
        impact = impacts.get(item.id)
        if item.id == big.id or item.size not in smaller or not impact:
            continue
        if item.pinned_year is not None or item.status is Status.IN_PROGRESS:
            continue
        place = lane.get(item.id)
        if place is None or place <= after:
            continue
        assert item.size is not None
        found.append(Option(item.id, points[item.size], impact, place))
    return found
