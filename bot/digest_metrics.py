"""The digest's "Success metrics" part: each committed metric with a text sparkline of its
check-ins, its latest value, its computed status and its owner's confidence, stale and missed
ones first; and their chart (bot/metrics/progress.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import StoppedClock
from bot.metrics.model import MetricState, number_text
from bot.metrics.progress import ProgressChart, progress_chart
from bot.metrics.sparkline import sparkline
from bot.roadmap.metrics import Metrics, worst_first
from storage import Storage

MOST_METRICS = 20
"""Metrics listed in one digest (worst first); the rest are counted."""


@dataclass(frozen=True)
class MetricLine:
    """One metric as the digest prints it (roadmap candidates are never confidential)."""

    name: str
    candidate: str
    sparkline: str
    latest: str
    target: str
    status: str
    confidence: str
    flag: str


async def metric_lines(
    storage: Storage, *, team_id: int, end: datetime
) -> tuple[list[MetricLine], ProgressChart | None]:
    """The team's committed metrics as of `end`, worst first, and the chart of the first six
    of them that have check-ins."""
    metrics = Metrics(storage, StoppedClock(end))
    tracked = worst_first(await metrics.tracked(team_id, states=[MetricState.COMMITTED]))
    lines = []
    for t in tracked:
        m, r = t.metric, t.reading
        lines.append(
            MetricLine(
                name=" ".join(m.name.split()),
                candidate=t.candidate,
                sparkline=sparkline([m.baseline, *(c.value for c in m.checkins)]),
                latest=number_text(r.latest, m.unit),
                target=f"{m.direction.label} {number_text(m.target, m.unit)} by {m.deadline}",
                status=r.status.label,
                confidence=r.confidence.label if r.confidence else "",
                flag=r.disagreement or "",
            )
        )
    return lines, progress_chart([t.metric for t in tracked])
