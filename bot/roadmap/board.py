"""The roadmap as people see it: candidates scored, ranked and laid into a plan (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.roadmap.formula import DEFAULT_POINTS, Inputs, Score, rank_key, score
from bot.roadmap.model import PLANNED_STATUSES, Candidate, Size, Status
from bot.roadmap.plan import Plan, PlanItem, build_plan
from bot.roadmap.trade_offs import Choice, Decision, TradeOff, find_trade_offs

DEFAULT_CAPACITY = 12.0
"""Effort points a team delivers in a quarter (with the default points, about 12 team-weeks)."""


@dataclass(frozen=True)
class Ranked:
    """One candidate with its score and its place."""

    candidate: Candidate
    score: Score
    rank: int

    @property
    def id(self) -> int:
        """The candidate's id."""
        return self.candidate.id


@dataclass(frozen=True)
class Board:
    """Every candidate that is not merged away, best first, and the plan of the open ones."""

    ranked: tuple[Ranked, ...]
    plan: Plan
    points: Mapping[Size, float]
    trade_offs: tuple[TradeOff, ...] = ()
    decisions: tuple[Decision, ...] = ()

    @property
    def decided_elsewhere(self) -> list[Decision]:
        """Swaps of big items no longer in year 1's trade-offs (a swap can push one out)."""
        shown = {t.id for t in self.trade_offs}
        planned = {r.id for r in self.open}
        return [
            d
            for d in self.decisions
            if d.choice is Choice.SWAP and d.candidate_id not in shown and d.candidate_id in planned
        ]

    @property
    def open(self) -> list[Ranked]:
        """Candidates still to do (proposed, accepted, in progress), best first."""
        return [r for r in self.ranked if r.candidate.status in PLANNED_STATUSES]

    def get(self, candidate_id: int) -> Ranked | None:
        """One ranked candidate by id."""
        for ranked in self.ranked:
            if ranked.id == candidate_id:
                return ranked
        return None


def build_board(
    candidates: Iterable[Candidate],
    *,
    points: Mapping[Size, float] = DEFAULT_POINTS,
    capacity: float = DEFAULT_CAPACITY,
    displacements: bool = True,
    decisions: Sequence[Decision] = (),
) -> Board:
    """Score and rank candidates (merged ones left out) and plan the open ones; a Swap puts
    its smaller items just before the big one, and `displacements` adds the trade-offs."""
    scored = [(c, score(Inputs.of(c), points)) for c in candidates if c.status is not Status.MERGED]
    scored.sort(key=lambda pair: rank_key(pair[0].id, pair[1]))
    ranked = tuple(Ranked(c, s, rank) for rank, (c, s) in enumerate(scored, start=1))
    order = _lane_order([r.id for r in ranked], decisions)
    items = [
        PlanItem(
            id=r.id,
            size=r.candidate.effort,
            priority=r.score.priority,
            order=order[r.id],
            status=r.candidate.status,
            pinned_year=r.candidate.horizon_pin,
        )
        for r in ranked
    ]
    plan = build_plan(items, points=points, capacity=capacity, displacements=False)
    if not displacements:
        return Board(ranked, plan, points, decisions=tuple(decisions))
    impacts = {r.id: r.candidate.impact for r in ranked}
    found = find_trade_offs(items, plan, points=points, impacts=impacts, decisions=decisions)
    return Board(ranked, plan, points, found, tuple(decisions))


def _lane_order(ids: list[int], decisions: Sequence[Decision]) -> dict[int, int]:
    """Rank order, with each swap's smaller items moved just before its big item (oldest
    decision first, so a later swap has the last word)."""
    lane = list(ids)
    for decision in sorted(decisions, key=lambda d: (d.decided_at, d.candidate_id)):
        if decision.choice is not Choice.SWAP or decision.candidate_id not in lane:
            continue
        moved = [i for i in decision.alternatives if i in lane and i != decision.candidate_id]
        lane = [i for i in lane if i not in moved]
        at = lane.index(decision.candidate_id)
        lane[at:at] = moved
    return {cid: place for place, cid in enumerate(lane, start=1)}
