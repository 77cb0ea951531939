"""Roadmap candidates: made from new pain points (with duplicate suggestions), listed, read and
edited all or nothing. Plain records out, never ORM objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.confidential import confidential_counts
from storage.errors import RoadmapConflict
from storage.models import (
    CandidateFields,
    DuplicateSuggestion,
    Interview,
    PainPoint,
    RoadmapCandidate,
    RoadmapEvidence,
    Team,
)
from storage.outbox import enqueue
from storage.records import InterviewStatus, Outgoing
from storage.roadmap_reads import (
    MERGED,
    candidate_row,
    evidence_of,
    load_candidate,
    lock_candidates,
    suggestion_row,
)
from storage.roadmap_records import CandidateRow, Matcher, MatchItem, SuggestionRow, SyncResult

EDITABLE = frozenset(CandidateFields.model_fields)
"""The fields an update may set: the candidate's own, never its id, team or merge link."""


class RoadmapStore(StoreBase):
    """Roadmap candidates and what changes them; mixed into storage.api.Storage."""

    async def sync_roadmap(
        self,
        *,
        team_id: int,
        match: Matcher,
        outbox: Callable[[Sequence[SuggestionRow]], Sequence[Outgoing]] | None = None,
        name: Callable[[str, str], str] | None = None,
    ) -> SyncResult:
        """Turn new pain points (of finished, non-confidential interviews) into candidates and
        suggest likely duplicates, all in one transaction; a no-op when nothing is new.
        `name(title, root cause)` titles the candidates of an obstacle whose causes share one
        title, so they read apart."""

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
                    col(PainPoint.interview_id),
                    col(PainPoint.key),
                    col(RoadmapEvidence.candidate_id),
                    col(PainPoint.title),
                )
                .join(RoadmapEvidence, col(RoadmapEvidence.pain_point_id) == col(PainPoint.id))
                .where(col(PainPoint.team_id) == team_id)
                .order_by(col(PainPoint.id))
            ).all()
            owner = {int(pid): int(cid) for pid, _, _, _, cid, _ in existing}
            now = self.now()
            created: list[int] = []
            titles = _titles(fresh, name)
            for point in fresh:
                drafted = _drafted(point.drafts)
                candidate = RoadmapCandidate(
                    team_id=team_id,
                    problem=point.problem,
                    root_cause=point.root_cause,
                    title=titles.get(point.id or 0, point.title),
                    drafts=sorted(drafted),
                    created_at=now,
                    updated_at=now,
                )
                for field, text in drafted.items():
                    setattr(candidate, field, text)
                session.add(candidate)
                session.flush()
                assert candidate.id is not None and point.id is not None
                link = RoadmapEvidence(
                    candidate_id=candidate.id, pain_point_id=point.id, created_at=now
                )
                session.add(link)
                owner[point.id] = candidate.id
                created.append(candidate.id)
            session.flush()
            found = match(
                [MatchItem(int(pid), p, int(i), k, t) for pid, p, i, k, _, t in existing],
                [
                    MatchItem(int(p.id or 0), p.problem, p.interview_id, p.key, p.title)
                    for p in fresh
                ],
            )
            suggestions = _suggest(session, team_id, found, owner, now)
            if outbox is not None and suggestions:
                messages = outbox(suggestions)
                enqueue(session, team_id=team_id, interview_id=None, messages=messages, now=now)
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
            counted = confidential_counts(session, team_id)
            return [
                candidate_row(r, evidence.get(r.id or 0, ()), counted.get(r.id or 0, 0))
                for r in rows
            ]

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
            now = self.now()
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
                if "drafts" not in updates[candidate_id]:
                    # A person who writes a drafted field has confirmed it: no longer a draft.
                    row.drafts = [d for d in row.drafts if d not in updates[candidate_id]]
                row.updated_at = now
                session.add(row)
            session.flush()
            if outbox:
                enqueue(session, team_id=team_id, interview_id=None, messages=outbox, now=now)
            return [load_candidate(session, i, team_id) for i in ids] if reload else []

        return await self._run(work)


# --- helpers, each in the caller's transaction ----------------------------------------------


DRAFTABLE = {"solution": None, "justification": None, "teams_affected": None, "metric": 500}
"""Candidate fields an interview's answers may draft, with the longest text each column keeps."""


def _drafted(drafts: Mapping[str, str]) -> dict[str, str]:
    """The candidate fields a pain point's drafts fill (unknown or blank ones are ignored)."""
    out: dict[str, str] = {}
    for name, most in DRAFTABLE.items():
        text = str(drafts.get(name) or "").strip()
        if text:
            out[name] = text if most is None or len(text) <= most else text[: most - 1] + "…"
    return out


def _unlinked(session: Session, team_id: int) -> list[PainPoint]:
    """Pain points of finished, non-confidential interviews that back no candidate yet."""
    linked = sa.select(col(RoadmapEvidence.pain_point_id))
    return list(
        session.exec(
            select(PainPoint)
            .join(Interview, col(Interview.id) == col(PainPoint.interview_id))
            .where(
                col(PainPoint.team_id) == team_id,
                col(Interview.status) == InterviewStatus.FINISHED,
                col(Interview.confidential).is_(False),
                col(PainPoint.id).not_in(linked),
            )
            .order_by(col(PainPoint.id))
        ).all()
    )


def _titles(fresh: Sequence[PainPoint], name: Callable[[str, str], str] | None) -> dict[int, str]:
    """Titles for the pain points of one obstacle with several causes under one title."""
    if name is None:
        return {}
    groups: dict[tuple[int, int], list[PainPoint]] = {}
    for point in fresh:
        groups.setdefault((point.interview_id, point.obstacle_id), []).append(point)
    return {
        p.id or 0: name(p.title, p.root_cause)
        for points in groups.values()
        if len(points) > 1 and len({p.title for p in points}) == 1 and points[0].title
        for p in points
    }


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
