"""Success metrics and their dated check-ins: one check-in per metric per date (a repeat
updates it), so a nightly warehouse job and a DM answer for the same day leave one value."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import NotFound, RoadmapConflict
from storage.metric_records import CheckinResult, CheckinRow, MetricRow, MetricSpec
from storage.models import Metric, MetricCheckin, RoadmapCandidate

CLOSED = "closed"


class MetricStore(StoreBase):
    """Metrics and check-ins; mixed into storage.api.Storage."""

    async def save_first_metric(
        self,
        *,
        team_id: int,
        candidate_id: int,
        spec: MetricSpec,
        candidate_fields: Mapping[str, Any],
    ) -> MetricRow:
        """Create a candidate's first metric, or put `spec` in place of it, and set the
        candidate's SMART text fields, in one transaction."""

        def work(session: Session) -> MetricRow:
            candidate = session.exec(
                select(RoadmapCandidate)
                .where(RoadmapCandidate.id == candidate_id, RoadmapCandidate.team_id == team_id)
                .with_for_update()
            ).first()
            if candidate is None:
                raise NotFound(f"candidate #{candidate_id} does not exist")
            now = self.now()
            first = session.exec(
                select(Metric)
                .where(Metric.candidate_id == candidate_id)
                .order_by(col(Metric.id))
                .limit(1)
            ).first()
            if first is None:
                first = Metric(
                    team_id=team_id, candidate_id=candidate_id, created_at=now, **_of(spec)
                )
            else:
                for name, value in _of(spec).items():
                    setattr(first, name, value)
                if spec.state != CLOSED:
                    first.closed_reason = None
            first.updated_at = now
            session.add(first)
            for name, value in candidate_fields.items():
                setattr(candidate, name, value)
            candidate.updated_at = now
            session.add(candidate)
            session.flush()
            return _row(session, first)

        return await self._run(work)

    async def create_metric(
        self, *, team_id: int, candidate_id: int, spec: MetricSpec
    ) -> MetricRow:
        """Add a metric to a candidate; NotFound if the candidate is not the team's."""

        def work(session: Session) -> MetricRow:
            found = session.exec(
                select(RoadmapCandidate.id).where(
                    RoadmapCandidate.id == candidate_id, RoadmapCandidate.team_id == team_id
                )
            ).first()
            if found is None:
                raise NotFound(f"candidate #{candidate_id} does not exist")
            now = self.now()
            row = Metric(
                team_id=team_id,
                candidate_id=candidate_id,
                created_at=now,
                updated_at=now,
                **_of(spec),
            )
            session.add(row)
            session.flush()
            return _row(session, row)

        return await self._run(work)

    async def get_metric(self, metric_id: int, *, team_id: int | None = None) -> MetricRow:
        """One metric with its check-ins; NotFound if absent (or in another team)."""
        return await self._run(lambda s: _row(s, _metric(s, metric_id, team_id, lock=False)))

    async def list_metrics(
        self,
        *,
        team_id: int,
        candidate_ids: Collection[int] | None = None,
        states: Collection[str] | None = None,
    ) -> list[MetricRow]:
        """A team's metrics (of some candidates, in some states), oldest first."""

        def work(session: Session) -> list[MetricRow]:
            query = select(Metric).where(Metric.team_id == team_id)
            if candidate_ids is not None:
                query = query.where(col(Metric.candidate_id).in_(candidate_ids))
            if states is not None:
                query = query.where(col(Metric.state).in_(states))
            rows = session.exec(query.order_by(col(Metric.id))).all()
            return _rows(session, rows)

        return await self._run(work)

    async def record_checkin(
        self,
        metric_id: int,
        *,
        on: date,
        value: float,
        source: str,
        confidence: str | None = None,
        note: str | None = None,
        team_id: int | None = None,
    ) -> CheckinResult:
        """Store the metric's value on `on` (a repeat for that date replaces it); a closed
        metric takes no more values (RoadmapConflict)."""

        def work(session: Session) -> CheckinResult:
            metric = _metric(session, metric_id, team_id, lock=True)  # serialises one metric
            if metric.state == CLOSED:
                raise RoadmapConflict(f"metric #{metric_id} is closed")
            now = self.now()
            row = session.exec(
                select(MetricCheckin).where(
                    MetricCheckin.metric_id == metric_id, MetricCheckin.on == on
                )
            ).first()
            created = row is None
            if row is None:
                row = MetricCheckin(
                    metric_id=metric_id, on=on, value=value, source=source, created_at=now
                )
            row.value, row.source = value, source
            row.confidence, row.note = confidence, note
            row.updated_at = now
            session.add(row)
            session.flush()
            return CheckinResult(_row(session, metric), created)

        return await self._run(work)

    async def skip_checkin(
        self, metric_id: int, *, due: date, team_id: int | None = None
    ) -> MetricRow:
        """The owner skipped the check-in due on `due`: the next one is a period later (a
        repeat, or an older due date, changes nothing)."""

        def work(session: Session) -> MetricRow:
            metric = _metric(session, metric_id, team_id, lock=True)
            if metric.state == CLOSED:
                raise RoadmapConflict(f"metric #{metric_id} is closed")
            if metric.skipped_through is None or metric.skipped_through < due:
                metric.skipped_through = due
                metric.updated_at = self.now()
                session.add(metric)
                session.flush()
            return _row(session, metric)

        return await self._run(work)

    async def set_metric_state(
        self, metric_id: int, *, state: str, reason: str | None = None, team_id: int | None = None
    ) -> MetricRow:
        """Commit, close (with a reason) or reopen a metric."""

        def work(session: Session) -> MetricRow:
            metric = _metric(session, metric_id, team_id, lock=True)
            metric.state = state
            metric.closed_reason = reason if state == CLOSED else None
            metric.updated_at = self.now()
            session.add(metric)
            session.flush()
            return _row(session, metric)

        return await self._run(work)


def _of(spec: MetricSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "unit": spec.unit,
        "direction": spec.direction,
        "baseline": spec.baseline,
        "baseline_date": spec.baseline_date,
        "target": spec.target,
        "deadline": spec.deadline,
        "owner": spec.owner,
        "cadence": spec.cadence,
        "state": spec.state,
    }


def _metric(session: Session, metric_id: int, team_id: int | None, *, lock: bool) -> Metric:
    query = select(Metric).where(Metric.id == metric_id)
    if team_id is not None:
        query = query.where(Metric.team_id == team_id)
    found = session.exec(query.with_for_update() if lock else query).first()
    if found is None:
        raise NotFound(f"metric #{metric_id} does not exist")
    return found


def _row(session: Session, metric: Metric) -> MetricRow:
    return _rows(session, [metric])[0]


def _rows(session: Session, metrics: Collection[Metric]) -> list[MetricRow]:
    ids = [int(m.id or 0) for m in metrics]
    checkins: dict[int, list[CheckinRow]] = {i: [] for i in ids}
    if ids:
        found = session.exec(
            select(MetricCheckin)
            .where(col(MetricCheckin.metric_id).in_(ids))
            .order_by(col(MetricCheckin.on))
        ).all()
        for c in found:
            checkins[c.metric_id].append(
                CheckinRow(
                    id=int(c.id or 0),
                    metric_id=c.metric_id,
                    on=c.on,
                    value=c.value,
                    confidence=c.confidence,
                    note=c.note,
                    source=c.source,
                    updated_at=c.updated_at,
                )
            )
    return [
        MetricRow(
            id=int(m.id or 0),
            team_id=m.team_id,
            candidate_id=m.candidate_id,
            created_at=m.created_at,
            updated_at=m.updated_at,
            closed_reason=m.closed_reason,
            skipped_through=m.skipped_through,
            checkins=tuple(checkins[int(m.id or 0)]),
            **_of(MetricSpec(**{k: getattr(m, k) for k in _SPEC})),
        )
        for m in metrics
    ]


_SPEC = tuple(MetricSpec.__dataclass_fields__)
