"""The roadmap side of storage: candidates and the pain points behind them, merges (undoable),
duplicate suggestions and sizing requests. Plain records out, never ORM objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage import messaging
from storage.errors import NotFound
from storage.models import (
    DuplicateSuggestion,
    Interview,
    PainPoint,
    Person,
    RoadmapCandidate,
    RoadmapEvidence,
    RoadmapMerge,
    Team,
    utcnow,
)
from storage.records import Outgoing
from storage.roadmap_rows import (
    MERGED,
    PENDING,
    CandidateRow,
    EvidenceRow,
    Matcher,
    MergeRow,
    RoadmapConflict,
    SizingRow,
    SuggestionRow,
    SyncResult,
    candidate_row,
    evidence_of,
    load_candidate,
    lock_candidates,
    merge_row,
    suggestion_row,
)
from storage.roadmap_sizing import SizingStore

__all__ = [
    "CandidateRow",
    "EvidenceRow",
    "Matcher",
    "MergeRow",
    "RoadmapConflict",
    "RoadmapStore",
    "SizingRow",
    "SuggestionRow",
    "SyncResult",
]

EDITABLE = frozenset(
    {
        "problem",
        "root_cause",
        "solution",
        "justification",
        "impact_kind",
        "impact",
        "effort",
        "effort_note",
        "sized_by",
        "sized_at",
        "metric",
        "baseline",
        "target",
        "deadline",
        "priority_override",
        "override_reason",
        "override_by",
        "horizon_pin",
        "status",
    }
)


class RoadmapStore(SizingStore):
    """Roadmap candidates and what changes them; mixed into storage.api.Storage."""

    async def sync_roadmap(
        self,
        *,
        team_id: int,
        match: Matcher,
        outbox: Callable[[Sequence[SuggestionRow]], Sequence[Outgoing]] | None = None,
    ) -> SyncResult:
        """Turn new pain points (of finished, non-confidential interviews) into candidates and
        suggest likely duplicates, all in one transaction; a no-op when nothing is new."""

        def work(session: Session) -> SyncResult:
            if not _unlinked(session, team_id):
                return SyncResult()
            _lock_team(session, team_id)
            fresh = _unlinked(session, team_id)  # again, under the lock: another may have won
            if not fresh:
                return SyncResult()
            existing = session.execute(
                sa.select(
                    col(PainPoint.id),
                    col(PainPoint.problem),
                    col(PainPoint.root_cause),
                    col(RoadmapEvidence.candidate_id),
                )
                .join(RoadmapEvidence, col(RoadmapEvidence.pain_point_id) == col(PainPoint.id))
                .where(col(PainPoint.team_id) == team_id)
                .order_by(col(PainPoint.id))
            ).all()
            owner = {int(pid): int(cid) for pid, _, _, cid in existing}
            now = utcnow()
            created: list[int] = []
            for point in fresh:
                candidate = RoadmapCandidate(
                    team_id=team_id,
                    problem=point.problem,
                    root_cause=point.root_cause,
                    created_at=now,
                    updated_at=now,
                )
                session.add(candidate)
                session.flush()
                assert candidate.id is not None and point.id is not None
                session.add(RoadmapEvidence(candidate_id=candidate.id, pain_point_id=point.id))
                owner[point.id] = candidate.id
                created.append(candidate.id)
            session.flush()
            found = match(
                [(int(pid), _text(p, r)) for pid, p, r, _ in existing],
                [(int(p.id or 0), _text(p.problem, p.root_cause)) for p in fresh],
            )
            suggestions = _suggest(session, team_id, found, owner, now)
            if outbox is not None and suggestions:
                messaging.enqueue(
                    session, team_id=team_id, interview_id=None, messages=outbox(suggestions)
                )
            return SyncResult(tuple(created), tuple(suggestions))

        return await self._run(work)

    async def list_candidates(
        self, *, team_id: int, include_merged: bool = False
    ) -> list[CandidateRow]:
        """Every candidate of a team with its evidence, oldest first."""

        def work(session: Session) -> list[CandidateRow]:
            query = select(RoadmapCandidate).where(RoadmapCandidate.team_id == team_id)
            if not include_merged:
                query = query.where(col(RoadmapCandidate.status) != MERGED)
            rows = session.exec(query.order_by(col(RoadmapCandidate.id))).all()
            evidence = evidence_of(session, team_id=team_id)
            return [candidate_row(r, evidence.get(r.id or 0, ())) for r in rows]

        return await self._run(work)

    async def get_candidate(self, candidate_id: int, *, team_id: int) -> CandidateRow:
        """One candidate with its evidence; NotFound if absent or in another team."""
        return await self._run(lambda s: load_candidate(s, candidate_id, team_id))

    async def merged_into(self, *, team_id: int) -> dict[int, int]:
        """Merged candidates and the one each was merged into."""

        def work(session: Session) -> dict[int, int]:
            rows = session.execute(
                sa.select(col(RoadmapCandidate.id), col(RoadmapCandidate.merged_into)).where(
                    col(RoadmapCandidate.team_id) == team_id,
                    col(RoadmapCandidate.status) == MERGED,
                )
            ).all()
            return {int(i): int(m) for i, m in rows if m is not None}

        return await self._run(work)

    async def update_candidates(
        self,
        *,
        team_id: int,
        updates: Mapping[int, Mapping[str, Any]],
        expect: Mapping[int, datetime] | None = None,
        outbox: Sequence[Outgoing] = (),
        reload: bool = True,
    ) -> list[CandidateRow]:
        """Change candidates, all or nothing, and return them (unless `reload` is False, for a
        big import). `expect` holds the `updated_at` each was read with: a candidate changed
        since then is a RoadmapConflict and nothing is stored."""

        def work(session: Session) -> list[CandidateRow]:
            ids = sorted(updates)
            rows = lock_candidates(session, team_id, ids)
            now = utcnow()
            for candidate_id in ids:
                row = rows[candidate_id]
                if row.status == MERGED:
                    raise RoadmapConflict(
                        f"candidate #{candidate_id} was merged into #{row.merged_into}"
                    )
                read_at = (expect or {}).get(candidate_id)
                if read_at is not None and row.updated_at != read_at:
                    raise RoadmapConflict(
                        f"candidate #{candidate_id} changed since it was read; try again"
                    )
                for name, value in updates[candidate_id].items():
                    if name not in EDITABLE:
                        raise ValueError(f"{name} is not an editable candidate field")
                    setattr(row, name, value)
                row.updated_at = now
                session.add(row)
            session.flush()
            if outbox:
                messaging.enqueue(session, team_id=team_id, interview_id=None, messages=outbox)
            return [load_candidate(session, i, team_id) for i in ids] if reload else []

        return await self._run(work)

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
            now = utcnow()
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
            now = utcnow()
            merged.status, merged.merged_into, merged.updated_at = record.merged_status, None, now
            keep.updated_at = now
            record.undone_at, record.undone_by = now, by
            session.add_all([record, merged, keep])
            # Undoing says they are not the same: the suggestion is not made again.
            _decide(session, record.kept_id, record.merged_id, "dismissed", by, now)
            session.flush()
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
                .values(status="dismissed", decided_by=by, decided_at=utcnow())
            )
            return bool(changed.rowcount == 1)  # type: ignore[attr-defined]

        return await self._run(work)

    async def roadmap_teams(self) -> list[tuple[int, str, str]]:
        """(id, Slack team id, name) of every team, oldest first."""

        def work(session: Session) -> list[tuple[int, str, str]]:
            rows = session.exec(select(Team).order_by(col(Team.id))).all()
            return [(int(t.id or 0), t.slack_team_id, t.name) for t in rows]

        return await self._run(work)

    async def facilitates(self, *, team_id: int, slack_user_id: str) -> bool:
        """Whether someone has run at least one interview in the team."""

        def work(session: Session) -> bool:
            found = session.execute(
                sa.select(col(Interview.id))
                .join(Person, col(Person.id) == col(Interview.facilitator_id))
                .where(
                    col(Interview.team_id) == team_id,
                    col(Person.slack_user_id) == slack_user_id,
                )
                .limit(1)
            ).first()
            return found is not None

        return await self._run(work)


# --- helpers, each in the caller's transaction ----------------------------------------------


def _text(problem: str, root_cause: str) -> str:
    return f"{problem}\n{root_cause}" if root_cause else problem


def _unlinked(session: Session, team_id: int) -> list[PainPoint]:
    """Pain points of finished, non-confidential interviews that back no candidate yet."""
    linked = sa.select(col(RoadmapEvidence.pain_point_id))
    return list(
        session.exec(
            select(PainPoint)
            .join(Interview, col(Interview.id) == col(PainPoint.interview_id))
            .where(
                col(PainPoint.team_id) == team_id,
                col(Interview.status) == "finished",
                col(Interview.confidential).is_(False),
                col(PainPoint.id).not_in(linked),
            )
            .order_by(col(PainPoint.id))
        ).all()
    )


def _lock_team(session: Session, team_id: int) -> None:
    """Serialise syncs of one team (SQLite's BEGIN IMMEDIATE already serialises writers)."""
    session.exec(select(Team).where(Team.id == team_id).with_for_update()).first()


def _suggest(
    session: Session,
    team_id: int,
    found: list[tuple[int, int, float]],
    owner: Mapping[int, int],
    now: datetime,
) -> list[SuggestionRow]:
    """Store one suggestion per new pair of candidates (best score), never one decided before."""
    best: dict[tuple[int, int], float] = {}
    for new_point, old_point, score in found:
        mine, other = owner.get(new_point), owner.get(old_point)
        if mine is None or other is None or mine == other:
            continue
        pair = (max(mine, other), min(mine, other))
        best[pair] = max(score, best.get(pair, 0.0))
    if not best:
        return []
    known = {
        (a, b)
        for a, b in session.execute(
            sa.select(col(DuplicateSuggestion.candidate_id), col(DuplicateSuggestion.other_id))
            .where(col(DuplicateSuggestion.team_id) == team_id)
            .where(
                sa.or_(
                    col(DuplicateSuggestion.candidate_id).in_([a for a, _ in best]),
                    col(DuplicateSuggestion.other_id).in_([a for a, _ in best]),
                )
            )
        ).all()
    }
    rows = []
    for (mine, other), score in sorted(best.items()):
        if (mine, other) in known or (other, mine) in known:
            continue
        row = DuplicateSuggestion(
            team_id=team_id, candidate_id=mine, other_id=other, score=score, created_at=now
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return [suggestion_row(session, r) for r in rows]


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
