"""Roadmap merges (undoable) and the duplicate suggestions they settle."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import NotFound, RoadmapConflict
from storage.models import DuplicateSuggestion, RoadmapEvidence, RoadmapMerge
from storage.roadmap_reads import MERGED, PENDING, lock_candidates, merge_row, suggestion_row
from storage.roadmap_records import MergeRow, SuggestionRow


class MergeStore(StoreBase):
    """Merging candidates, undoing it, and the suggestions of likely duplicates."""

    async def merge_candidates(
        self, *, team_id: int, keep_id: int, merge_id: int, by: str
    ) -> MergeRow:
        """Move every pain point of `merge_id` to `keep_id` and mark it merged (undoable)."""

        def work(session: Session) -> MergeRow:
            if keep_id == merge_id:
                raise RoadmapConflict(f"#{keep_id} cannot be merged into itself")
            rows = lock_candidates(session, team_id, [keep_id, merge_id])
            keep, merge = rows[keep_id], rows[merge_id]
            for row in (merge, keep):
                if row.status == MERGED:
                    raise RoadmapConflict(f"#{row.id} was already merged into #{row.merged_into}")
            links = session.exec(
                select(RoadmapEvidence).where(RoadmapEvidence.candidate_id == merge_id)
            ).all()
            moved = sorted(link.pain_point_id for link in links)
            for link in links:
                link.candidate_id = keep_id
                session.add(link)
            now = self.now()
            record = RoadmapMerge(
                team_id=team_id,
                kept_id=keep_id,
                merged_id=merge_id,
                pain_point_ids=moved,
                merged_status=merge.status,
                merged_by=by,
                created_at=now,
            )
            merge.status, merge.merged_into, merge.updated_at = MERGED, keep_id, now
            keep.updated_at = now
            session.add_all([record, merge, keep])
            _decide(session, keep_id, merge_id, "merged", by, now)
            session.flush()
            return merge_row(record)

        return await self._run(work)

    async def undo_merge(self, *, team_id: int, merge_id: int, by: str) -> MergeRow:
        """Give a merged candidate its pain points and its status back."""

        def work(session: Session) -> MergeRow:
            record = session.exec(
                select(RoadmapMerge)
                .where(RoadmapMerge.id == merge_id, RoadmapMerge.team_id == team_id)
                .with_for_update()
            ).first()
            if record is None:
                raise NotFound(f"merge {merge_id} does not exist")
            if record.undone_at is not None:
                raise RoadmapConflict(f"the merge of #{record.merged_id} was undone already")
            rows = lock_candidates(session, team_id, [record.kept_id, record.merged_id])
            keep, merged = rows[record.kept_id], rows[record.merged_id]
            if keep.status == MERGED:
                raise RoadmapConflict(
                    f"#{keep.id} was merged into #{keep.merged_into} since; undo that first"
                )
            links = session.exec(
                select(RoadmapEvidence).where(
                    RoadmapEvidence.candidate_id == keep.id,
                    col(RoadmapEvidence.pain_point_id).in_(record.pain_point_ids),
                )
            ).all()
            for link in links:
                link.candidate_id = record.merged_id
                session.add(link)
            now = self.now()
            merged.status, merged.merged_into, merged.updated_at = record.merged_status, None, now
            keep.updated_at = now
            record.undone_at, record.undone_by = now, by
            session.add_all([record, merged, keep])
            # Undoing says they are not the same: the suggestion is not made again.
            _decide(session, record.kept_id, record.merged_id, "dismissed", by, now)
            session.flush()
            return merge_row(record)

        return await self._run(work)

    async def get_merge(self, *, team_id: int, merge_id: int) -> MergeRow:
        """One merge (undone or not); NotFound if it is not in the team."""

        def work(session: Session) -> MergeRow:
            record = session.get(RoadmapMerge, merge_id)
            if record is None or record.team_id != team_id:
                raise NotFound(f"merge {merge_id} does not exist")
            return merge_row(record)

        return await self._run(work)

    async def merges_of(self, *, team_id: int, candidate_id: int) -> list[MergeRow]:
        """Merges into a candidate that are not undone, newest first."""

        def work(session: Session) -> list[MergeRow]:
            rows = session.exec(
                select(RoadmapMerge)
                .where(
                    RoadmapMerge.team_id == team_id,
                    RoadmapMerge.kept_id == candidate_id,
                    col(RoadmapMerge.undone_at).is_(None),
                )
                .order_by(col(RoadmapMerge.id).desc())
            ).all()
            return [merge_row(r) for r in rows]

        return await self._run(work)

    async def get_suggestion(self, suggestion_id: int, *, team_id: int) -> SuggestionRow:
        """One duplicate suggestion with both candidates; NotFound otherwise."""

        def work(session: Session) -> SuggestionRow:
            row = session.get(DuplicateSuggestion, suggestion_id)
            if row is None or row.team_id != team_id:
                raise NotFound(f"suggestion {suggestion_id} does not exist")
            return suggestion_row(session, row)

        return await self._run(work)

    async def pending_suggestions(
        self, *, team_id: int, facilitator: str | None = None, limit: int = 20
    ) -> list[SuggestionRow]:
        """Undecided suggestions whose candidates are both still there, newest first; with
        `facilitator`, only those about pain points from their interviews."""

        def work(session: Session) -> list[SuggestionRow]:
            rows = session.exec(
                select(DuplicateSuggestion)
                .where(
                    DuplicateSuggestion.team_id == team_id,
                    DuplicateSuggestion.status == PENDING,
                )
                .order_by(col(DuplicateSuggestion.id).desc())
            ).all()
            found: list[SuggestionRow] = []
            for row in rows:
                item = suggestion_row(session, row)
                if MERGED in (item.candidate.status, item.other.status):
                    continue
                people = {e.facilitator_slack_id for e in item.candidate.evidence}
                if facilitator is not None and facilitator not in people:
                    continue
                found.append(item)
                if len(found) >= limit:
                    break
            return found

        return await self._run(work)

    async def dismiss_suggestion(self, *, team_id: int, suggestion_id: int, by: str) -> bool:
        """Mark a suggestion 'not the same'; False if it was decided already."""

        def work(session: Session) -> bool:
            changed = session.execute(
                sa.update(DuplicateSuggestion)
                .where(
                    col(DuplicateSuggestion.id) == suggestion_id,
                    col(DuplicateSuggestion.team_id) == team_id,
                    col(DuplicateSuggestion.status) == PENDING,
                )
                .values(status="dismissed", decided_by=by, decided_at=self.now())
            )
            return bool(changed.rowcount == 1)  # type: ignore[attr-defined]

        return await self._run(work)


def _decide(session: Session, a: int, b: int, status: str, by: str, now: datetime) -> None:
    """Settle the suggestion between two candidates, whichever way round it was made."""
    session.execute(
        sa.update(DuplicateSuggestion)
        .where(
            sa.or_(
                sa.and_(
                    col(DuplicateSuggestion.candidate_id) == a,
                    col(DuplicateSuggestion.other_id) == b,
                ),
                sa.and_(
                    col(DuplicateSuggestion.candidate_id) == b,
                    col(DuplicateSuggestion.other_id) == a,
                ),
            )
        )
        .values(status=status, decided_by=by, decided_at=now)
    )
