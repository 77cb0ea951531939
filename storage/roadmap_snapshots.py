"""Dated plan snapshots in storage: one per team per day (a later run that day replaces it),
and the one at or before a day; mixed into storage.api.Storage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.models import PlanSnapshot, RoadmapMerge
from storage.roadmap_reads import merge_row
from storage.roadmap_records import MergeRow


@dataclass(frozen=True)
class PlanSnapshotRow:
    """The plan of one day: capacity, and one item per candidate (as the roadmap wrote it)."""

    id: int
    team_id: int
    taken_on: date
    taken_at: datetime
    capacity: float
    items: tuple[dict[str, Any], ...]


class SnapshotStore(StoreBase):
    """Keep the plan of each day and find the one at or before a day."""

    async def save_plan_snapshot(
        self, *, team_id: int, capacity: float, items: Sequence[dict[str, Any]]
    ) -> PlanSnapshotRow:
        """Store today's plan (today by storage's clock, UTC); the day's earlier one gives way,
        so a day keeps the plan as it last stood."""

        def work(session: Session) -> PlanSnapshotRow:
            now = self.now()
            row = session.exec(
                select(PlanSnapshot)
                .where(PlanSnapshot.team_id == team_id, PlanSnapshot.taken_on == now.date())
                .with_for_update()
            ).first()
            if row is None:
                row = PlanSnapshot(team_id=team_id, taken_on=now.date(), capacity=capacity)
            row.taken_at, row.capacity, row.items = now, capacity, [dict(i) for i in items]
            session.add(row)
            session.flush()
            return _row(row)

        return await self._run(work)

    async def plan_snapshot_at(self, *, team_id: int, on: date) -> PlanSnapshotRow | None:
        """The latest snapshot taken on or before `on`, None when there is none."""

        def work(session: Session) -> PlanSnapshotRow | None:
            row = session.exec(
                select(PlanSnapshot)
                .where(PlanSnapshot.team_id == team_id, col(PlanSnapshot.taken_on) <= on)
                .order_by(col(PlanSnapshot.taken_on).desc())
            ).first()
            return None if row is None else _row(row)

        return await self._run(work)

    async def first_plan_snapshot(self, *, team_id: int) -> PlanSnapshotRow | None:
        """The oldest snapshot there is (None when the plan never ran)."""

        def work(session: Session) -> PlanSnapshotRow | None:
            row = session.exec(
                select(PlanSnapshot)
                .where(PlanSnapshot.team_id == team_id)
                .order_by(col(PlanSnapshot.taken_on))
            ).first()
            return None if row is None else _row(row)

        return await self._run(work)

    async def merges_since(self, *, team_id: int, since: datetime) -> list[MergeRow]:
        """Merges made after `since` that still stand, oldest first."""

        def work(session: Session) -> list[MergeRow]:
            rows = session.exec(
                select(RoadmapMerge)
                .where(
                    RoadmapMerge.team_id == team_id,
                    col(RoadmapMerge.created_at) > since,
                    col(RoadmapMerge.undone_at).is_(None),
                )
                .order_by(col(RoadmapMerge.id))
            ).all()
            return [merge_row(r) for r in rows]

        return await self._run(work)


def _row(row: PlanSnapshot) -> PlanSnapshotRow:
    assert row.id is not None
    return PlanSnapshotRow(
        id=row.id,
        team_id=row.team_id,
        taken_on=row.taken_on,
        taken_at=row.taken_at,
        capacity=row.capacity,
        items=tuple(row.items),
    )
