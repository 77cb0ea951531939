"""The weekly digest as data: what it says, computed from storage's DigestData and the roadmap
board (pure but for the one read in digest_view), and its impact/effort chart."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.digest_chart import ChartPoint, impact_effort_png
from bot.digest_metrics import MOST_METRICS, MetricLine, metric_lines
from bot.flows.titles import title_of
from bot.jobs.timing import Schedule
from bot.roadmap.board import Board
from bot.roadmap.similarity import find_duplicates
from bot.settings import Settings
from storage import DigestData, PainPointRecord, Storage

SIMILAR = 70.0  # similarity (0-100) from which two problems are one theme: above the roadmap's
# suggestion threshold, because a digest states it as fact while a suggestion asks a person
TOP = 5
WEEK = timedelta(days=7)
TOP_CANDIDATES = 5
CHART_CANDIDATES = 15


@dataclass(frozen=True)
class Theme:
    """Pain points that say the same thing, from however many stakeholders."""

    label: str  # a representative problem (themes never hold confidential pain points)
    stakeholders: int
    pain_points: int
    new_this_week: int


@dataclass(frozen=True)
class NewPain:
    """A pain point raised this week (never from a confidential interview)."""

    problem: str
    root_cause: str


@dataclass(frozen=True)
class TopCandidate:
    """A roadmap candidate in the digest's top list (roadmap candidates are never confidential)."""

    rank: int
    problem: str
    priority: str  # P1/P2/P3, or "" until it can be scored
    score: str  # the formula's value, or what it still needs
    reach: int


@dataclass(frozen=True)
class DigestView:
    """Everything the digest templates print."""

    week: str
    completed: int
    completed_confidential: int
    new_pains: tuple[NewPain, ...]
    new_confidential: int
    grown: tuple[Theme, ...]
    top: tuple[Theme, ...]
    stalled: int
    coverage: tuple[tuple[str, int], ...]
    candidates: tuple[TopCandidate, ...] = ()
    metrics: tuple[MetricLine, ...] = ()
    more_metrics: int = 0

    @property
    def is_quiet(self) -> bool:
        """Nothing happened this week."""
        return not (self.completed or self.new_pains or self.new_confidential or self.grown)


def build_digest_view(
    data: DigestData, *, week: str, candidates: Sequence[TopCandidate] = ()
) -> DigestView:
    """Summarise one week; confidential interviews only ever count (interviews and new pain
    points): they are never quoted, and stay out of themes, stakeholder counts and coverage."""
    fresh = [p for p in data.pain_points if data.start <= p.created_at < data.end]
    themes = _themes([p for p in data.pain_points if not p.confidential], data)
    return DigestView(
        week=week,
        completed=len(data.completed),
        completed_confidential=sum(1 for i in data.completed if i.confidential),
        new_pains=tuple(
            NewPain(p.title or title_of(p.problem), p.root_cause)
            for p in fresh
            if not p.confidential
        ),
        new_confidential=sum(1 for p in fresh if p.confidential),
        grown=tuple(t for t in themes if t.new_this_week and t.stakeholders > 1)[:TOP],
        top=tuple(sorted(themes, key=lambda t: (-t.stakeholders, -t.pain_points)))[:TOP],
        stalled=data.stalled,
        coverage=tuple((dept or "unknown", n) for dept, n in data.coverage),
        candidates=tuple(candidates)[:TOP],
    )


async def digest_view(
    storage: Storage, settings: Settings, *, team_id: int, end: datetime, board: Board
) -> DigestView:
    """The digest of the week ending at `end`, from storage and a roadmap board."""
    data = await storage.digest_data(team_id=team_id, start=end - WEEK, end=end)
    top = [
        TopCandidate(
            rank=r.rank,
            problem=r.candidate.title,
            priority=r.score.priority.value if r.score.priority else "",
            score=f"score {r.score.value:.1f}" if r.score.value is not None else "not scored yet",
            reach=r.candidate.reach,
        )
        for r in board.open[:TOP_CANDIDATES]
    ]
    schedule = Schedule.parse(settings.digest_schedule, settings.digest_timezone)
    view = build_digest_view(data, week=schedule.period_key(end), candidates=top)
    lines = await metric_lines(storage, team_id=team_id, end=end)
    shown = tuple(lines[:MOST_METRICS])
    return dataclasses.replace(view, metrics=shown, more_metrics=len(lines) - len(shown))


def digest_chart(board: Board, week: str) -> bytes | None:
    """The impact/effort chart of the top candidates (None when none is scored yet)."""
    sizes = [(size.value, points) for size, points in board.points.items()]
    return impact_effort_png(chart_points(board), title=f"Top candidates, {week}", sizes=sizes)


def chart_points(board: Board) -> list[ChartPoint]:
    """The top open candidates that have both an impact and an effort."""
    points = []
    for ranked in board.open[:CHART_CANDIDATES]:
        impact, effort = ranked.candidate.impact, ranked.candidate.effort
        if impact is None or effort is None:
            continue
        priority = ranked.score.priority.value if ranked.score.priority else ""
        points.append(ChartPoint(ranked.rank, impact, board.points[effort], priority))
    return points


def _themes(points: Sequence[PainPointRecord], data: DigestData) -> list[Theme]:
    """Pain points grouped by what hurts: the roadmap's duplicate detection (rapidfuzz over
    normalised words) on the problem, with pairs chained into groups."""
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = find_duplicates([(i, p.problem) for i, p in enumerate(points)], threshold=SIMILAR)
    for match in pairs:
        parent[root(match.id)] = root(match.other)
    groups: dict[int, list[PainPointRecord]] = {}
    for index, point in enumerate(points):
        groups.setdefault(root(index), []).append(point)
    themes = []
    for group in groups.values():
        themes.append(
            Theme(
                label=group[0].problem,
                stakeholders=len({p.stakeholder_person_id for p in group}),
                pain_points=len(group),
                new_this_week=sum(1 for p in group if data.start <= p.created_at < data.end),
            )
        )
    return themes
