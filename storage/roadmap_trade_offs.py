"""Trade-off decisions in storage: a roadmap editor's Keep or Swap on a big candidate, with the
smaller candidates it was weighed against; mixed into storage.api.Storage."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import RoadmapConflict
from storage.models import TradeOffDecision
from storage.roadmap_reads import MERGED, lock_candidates
from storage.roadmap_records import TradeOffRow

CHOICES = ("keep", "swap")


class TradeOffStore(StoreBase):
    """Record and read Keep / Swap decisions; the latest per candidate stands."""

    async def decide_trade_off(
        self,
        *,
        team_id: int,
        candidate_id: int,
        alternatives: Sequence[int],
        choice: str,
        by: str,
    ) -> TradeOffRow:
        """Record a decision (the same decision again, a double click, records nothing new);
        NotFound for a candidate outside the team, RoadmapConflict for a merged one or a
        choice that is neither keep nor swap."""
        if choice not in CHOICES:
            raise RoadmapConflict(f"a trade-off is kept or swapped, not {choice!r}")
        others = tuple(dict.fromkeys(i for i in alternatives if i != candidate_id))

        def work(session: Session) -> TradeOffRow:
            rows = lock_candidates(session, team_id, [candidate_id, *others])
            for row in rows.values():
                if row.status == MERGED:
                    raise RoadmapConflict(f"#{row.id} was merged into #{row.merged_into}")
            latest = _latest(session, team_id).get(candidate_id)
            if latest is not None and (latest.choice, latest.alternatives) == (choice, others):
                return latest
            stored = TradeOffDecision(
                team_id=team_id,
                candidate_id=candidate_id,
                alternatives=list(others),
                choice=choice,
                decided_by=by[:200],
                decided_at=self.now(),
            )
            session.add(stored)
            session.flush()
            return _row(stored)

        return await self._run(work)

    async def trade_off_decisions(self, *, team_id: int) -> list[TradeOffRow]:
        """The standing decision of each candidate that has one, oldest first."""

        def work(session: Session) -> list[TradeOffRow]:
            found = _latest(session, team_id).values()
            return sorted(found, key=lambda r: (r.decided_at, r.id))

        return await self._run(work)


def _latest(session: Session, team_id: int) -> dict[int, TradeOffRow]:
    rows = session.exec(
        select(TradeOffDecision)
        .where(TradeOffDecision.team_id == team_id)
        .order_by(col(TradeOffDecision.id))
    ).all()
    return {r.candidate_id: _row(r) for r in rows}


def _row(row: TradeOffDecision) -> TradeOffRow:
    assert row.id is not None
    return TradeOffRow(
        id=row.id,
        team_id=row.team_id,
        candidate_id=row.candidate_id,
        alternatives=tuple(row.alternatives),
        choice=row.choice,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )
