"""Success-metric use cases without Slack: read a value, record it for a date, and show or
export every metric with its check-ins and computed status. The CLI, the check-in DMs and the
digest call these."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.clock import Clock
from bot.metrics.model import Cadence, Checkin, Confidence, Direction, Metric, MetricState
from bot.metrics.status import WORST_FIRST, Reading, read
from bot.metrics.values import MetricInputError, check_note, parse_confidence, parse_value
from bot.roadmap.files import neutralise
from bot.roadmap.service import candidate_of
from storage import CheckinRow, MetricRow, Storage

__all__ = [
    "MetricInputError",
    "Metrics",
    "Tracked",
    "check_note",
    "export_csv",
    "metric_of",
    "parse_confidence",
    "parse_value",
    "worst_first",
]


def metric_of(row: MetricRow) -> Metric:
    """The domain metric of a stored one."""
    return Metric(
        id=row.id,
        candidate_id=row.candidate_id,
        name=row.name,
        unit=row.unit,
        direction=Direction(row.direction),
        baseline=row.baseline,
        baseline_date=row.baseline_date,
        target=row.target,
        deadline=row.deadline,
        owner=row.owner,
        cadence=Cadence(row.cadence),
        state=MetricState(row.state),
        closed_reason=row.closed_reason,
        skipped_through=row.skipped_through,
        checkins=tuple(_checkin(c) for c in row.checkins),
    )


def _checkin(row: CheckinRow) -> Checkin:
    confidence = Confidence(row.confidence) if row.confidence else None
    return Checkin(on=row.on, value=row.value, confidence=confidence, note=row.note)


@dataclass(frozen=True)
class Tracked:
    """A metric, the candidate it measures, and what its numbers say today."""

    metric: Metric
    candidate: str
    reading: Reading
    sources: tuple[str, ...] = ()  # per check-in: dm, cli, no_change

    def as_json(self) -> dict[str, Any]:
        """Every field, with its check-ins and computed status."""
        m, r = self.metric, self.reading
        return {
            "id": m.id,
            "candidate_id": m.candidate_id,
            "candidate": self.candidate,
            "name": m.name,
            "unit": m.unit,
            "direction": m.direction.value,
            "baseline": m.baseline,
            "baseline_date": m.baseline_date.isoformat(),
            "target": m.target,
            "deadline": m.deadline.isoformat(),
            "owner": m.owner,
            "cadence": m.cadence.value,
            "state": m.state.value,
            "closed_reason": m.closed_reason,
            "status": r.status.value,
            "measured_status": r.measured.value,
            "expected_now": r.expected,
            "latest_value": r.latest,
            "confidence": r.confidence.value if r.confidence else None,
            "disagreement": r.disagreement,
            "next_due": m.next_due.isoformat(),
            "skipped_through": m.skipped_through.isoformat() if m.skipped_through else None,
            "checkins": [
                {
                    "date": c.on.isoformat(),
                    "value": c.value,
                    "confidence": c.confidence.value if c.confidence else None,
                    "note": c.note,
                    "source": source,
                }
                for c, source in zip(m.checkins, self.sources, strict=True)
            ],
        }


CSV_HEADERS = (
    "metric_id",
    "candidate_id",
    "candidate",
    "name",
    "unit",
    "direction",
    "baseline",
    "baseline_date",
    "target",
    "deadline",
    "owner",
    "cadence",
    "state",
    "status",
    "date",
    "value",
    "confidence",
    "note",
    "source",
)


def export_csv(tracked: Sequence[Tracked]) -> bytes:
    """One row per check-in (a metric without any gets one row with no date), UTF-8 with a BOM,
    formula-looking text neutralised as in the roadmap sheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for t in tracked:
        item = t.as_json()
        head = [item[k] for k in ("id", "candidate_id", "candidate", "name", "unit", "direction")]
        head += [item[k] for k in ("baseline", "baseline_date", "target", "deadline", "owner")]
        head += [item["cadence"], item["state"], item["status"]]
        rows = item["checkins"] or [{"date": "", "value": "", "confidence": "", "note": ""}]
        for c in rows:
            tail = [c["date"], c["value"], c["confidence"] or "", c["note"] or "", c.get("source")]
            writer.writerow([_cell(v) for v in (*head, *tail)])
    return out.getvalue().encode("utf-8-sig")


def _cell(value: object) -> str:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else str(value)


class Metrics:
    """The metric use cases over one storage and clock."""

    def __init__(self, storage: Storage, clock: Clock) -> None:
        self.storage = storage
        self.clock = clock

    def today(self) -> date:
        """Today, UTC (a metric's dates are calendar days)."""
        return self.clock.now().date()

    async def record(
        self,
        metric_id: int,
        value: float,
        *,
        source: str,
        on: date | None = None,
        confidence: Confidence | None = None,
        note: str | None = None,
        team_id: int | None = None,
    ) -> tuple[Tracked, bool]:
        """Store the value for `on` (default today; a repeat replaces it) and what it says now;
        True when the date was new."""
        when = on or self.today()
        if when > self.today():
            raise MetricInputError(f"{when.isoformat()} is in the future")
        done = await self.storage.record_checkin(
            metric_id,
            on=when,
            value=value,
            source=source,
            confidence=confidence.value if confidence else None,
            note=check_note(note),
            team_id=team_id,
        )
        (tracked,) = await self._tracked(done.metric.team_id, [done.metric])
        return tracked, done.created

    async def get(self, metric_id: int, *, team_id: int | None = None) -> Tracked:
        """One metric with what it says now; NotFound if absent."""
        row = await self.storage.get_metric(metric_id, team_id=team_id)
        (tracked,) = await self._tracked(row.team_id, [row])
        return tracked

    async def tracked(
        self,
        team_id: int,
        *,
        candidate_id: int | None = None,
        states: Collection[MetricState] | None = None,
    ) -> list[Tracked]:
        """A team's metrics (of one candidate, in some states), oldest first."""
        rows = await self.storage.list_metrics(
            team_id=team_id,
            candidate_ids=None if candidate_id is None else [candidate_id],
            states=None if states is None else [s.value for s in states],
        )
        return await self._tracked(team_id, rows)

    async def _tracked(self, team_id: int, rows: Sequence[MetricRow]) -> list[Tracked]:
        if not rows:
            return []
        ids = {r.candidate_id for r in rows}
        titles = {
            c.id: candidate_of(c).title
            for c in await self.storage.list_candidates(team_id=team_id, include_merged=True)
            if c.id in ids
        }
        today = self.today()
        out = []
        for row in rows:
            metric = metric_of(row)
            sources = tuple(c.source for c in row.checkins)
            out.append(
                Tracked(metric, titles.get(row.candidate_id, ""), read(metric, today), sources)
            )
        return out


def worst_first(tracked: Sequence[Tracked]) -> list[Tracked]:
    """Missed and stale first, achieved last; by id within a status."""
    rank = {s: i for i, s in enumerate(WORST_FIRST)}
    return sorted(tracked, key=lambda t: (rank[t.reading.status], t.metric.id))
