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
from bot.metrics.progress import ProgressChart
from bot.roadmap.board import Board
from bot.roadmap.model import Candidate
from bot.settings import Settings
from storage import DigestData, Storage

TOP = 5
PENDING_READ = 500
WEEK = timedelta(days=7)
TOP_CANDIDATES = 5
CHART_CANDIDATES = 15


@dataclass(frozen=True)
class Theme:
    """Pain points that say the same thing, from however many stakeholders."""

    label: str  # the candidate's title (candidates never hold confidential pain points)
    stakeholders: int  # the roadmap's own count: its candidate's reach
    pain_points: int
    new_this_week: int
    candidate_id: int = 0
    maybe_same: tuple[int, ...] = ()  # candidates a pending suggestion says may be the same


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
    progress: ProgressChart | None = None  # the success metrics' chart

    @property
    def is_quiet(self) -> bool:
        """Nothing happened this week."""
        return not (self.completed or self.new_pains or self.new_confidential or self.grown)


def build_digest_view(
    data: DigestData,
    *,
    week: str,
    candidates: Sequence[TopCandidate] = (),
    themes: Sequence[Theme] = (),
) -> DigestView:
    """Summarise one week; confidential interviews only ever count (interviews and new pain
    points): they are never quoted, and stay out of themes, stakeholder counts and coverage.
    `themes` come from the roadmap (see roadmap_themes)."""
    fresh = [p for p in data.pain_points if data.start <= p.created_at < data.end]
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
    pending = await storage.pending_suggestions(team_id=team_id, limit=PENDING_READ)
    themes = roadmap_themes(
        [r.candidate for r in board.ranked],
        [(s.candidate.id, s.other.id) for s in pending],
        data,
    )
    schedule = Schedule.parse(settings.digest_schedule, settings.digest_timezone)
    view = build_digest_view(data, week=schedule.period_key(end), candidates=top, themes=themes)
    lines, progress = await metric_lines(storage, team_id=team_id, end=end)
    shown = tuple(lines[:MOST_METRICS])
    return dataclasses.replace(
        view, metrics=shown, more_metrics=len(lines) - len(shown), progress=progress
    )


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
        title = ranked.candidate.title
        points.append(ChartPoint(ranked.rank, impact, board.points[effort], priority, title))
    return points


def roadmap_themes(
    candidates: Sequence[Candidate], pending: Sequence[tuple[int, int]], data: DigestData
) -> list[Theme]:
    """The recurring themes are the roadmap's candidates: what people merged is one theme, and
    its stakeholders are the candidate's reach, so the digest and the roadmap say the same
    number. A pending suggestion is not a merge: it is named beside the theme, never counted."""
    fresh = {p.id for p in data.pain_points if data.start <= p.created_at < data.end}
    maybe: dict[int, set[int]] = {}
    for newer, older in pending:
        maybe.setdefault(newer, set()).add(older)
        maybe.setdefault(older, set()).add(newer)
    return [
        Theme(
            label=c.title,
            stakeholders=c.reach,
            pain_points=len(c.evidence),
            new_this_week=sum(1 for e in c.evidence if e.pain_point_id in fresh),
            candidate_id=c.id,
            maybe_same=tuple(sorted(maybe.get(c.id, ()))),
        )
        for c in candidates
    ]
