"""The roadmap as people see it: candidates scored, ranked and laid into a plan (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.roadmap.formula import DEFAULT_POINTS, Inputs, Score, rank_key, score
from bot.roadmap.model import PLANNED_STATUSES, Candidate, Size, Status
from bot.roadmap.plan import Plan, PlanItem, build_plan

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
) -> Board:
    """Score and rank candidates (merged ones left out) and plan the open ones."""
    scored = [(c, score(Inputs.of(c), points)) for c in candidates if c.status is not Status.MERGED]
    scored.sort(key=lambda pair: rank_key(pair[0].id, pair[1]))
    ranked = tuple(Ranked(c, s, rank) for rank, (c, s) in enumerate(scored, start=1))
    items = [
        PlanItem(
            id=r.id,
            size=r.candidate.effort,
            priority=r.score.priority,
            order=r.rank,
            status=r.candidate.status,
            pinned_year=r.candidate.horizon_pin,
        )
        for r in ranked
    ]
    plan = build_plan(items, points=points, capacity=capacity, displacements=displacements)
    return Board(ranked, plan, points)
