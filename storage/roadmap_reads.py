"""Session reads that build the roadmap's plain records (candidates, evidence, suggestions,
merges, sizing requests), each in the caller's transaction."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.confidential import confidential_counts
from storage.errors import NotFound
from storage.models import (
    DuplicateSuggestion,
    Interview,
    PainPoint,
    Person,
    RoadmapCandidate,
    RoadmapEvidence,
    RoadmapMerge,
    RootCause,
    SizingRequest,
)
from storage.roadmap_records import CandidateRow, EvidenceRow, MergeRow, SizingRow, SuggestionRow

MERGED = "merged"
PENDING = "pending"


def lock_candidates(
    session: Session, team_id: int, ids: Collection[int]
) -> dict[int, RoadmapCandidate]:
    """The candidates, locked in id order (no deadlock); NotFound names the first missing."""
    rows = session.exec(
        select(RoadmapCandidate)
        .where(col(RoadmapCandidate.id).in_(ids), RoadmapCandidate.team_id == team_id)
        .order_by(col(RoadmapCandidate.id))
        .with_for_update()
    ).all()
    found = {int(r.id or 0): r for r in rows}
    for candidate_id in sorted(ids):
        if candidate_id not in found:
            raise NotFound(f"candidate #{candidate_id} does not exist")
    return found


def evidence_of(
    session: Session, *, team_id: int, candidate_ids: Collection[int] | None = None
) -> dict[int, tuple[EvidenceRow, ...]]:
    """The evidence of a team's candidates (or of some), by candidate id, in one query."""
    stakeholder, facilitator = aliased(Person), aliased(Person)
    query = (
        sa.select(
            col(RoadmapEvidence.candidate_id),
            PainPoint,
            col(stakeholder.id),
            col(stakeholder.name),
            col(stakeholder.department),
            col(stakeholder.slack_user_id),
            col(facilitator.slack_user_id),
            col(RootCause.status),
            col(RootCause.evidence),
        )
        .join(PainPoint, col(PainPoint.id) == col(RoadmapEvidence.pain_point_id))
        .join(Interview, col(Interview.id) == col(PainPoint.interview_id))
        .join(stakeholder, col(stakeholder.id) == col(Interview.stakeholder_id))
        .join(facilitator, col(facilitator.id) == col(Interview.facilitator_id))
        .outerjoin(
            RootCause,
            sa.and_(
                col(RootCause.interview_id) == col(PainPoint.interview_id),
                col(RootCause.key) == col(PainPoint.key),
            ),
        )
        .where(col(PainPoint.team_id) == team_id)
        .order_by(col(PainPoint.id))
    )
    if candidate_ids is not None:
        query = query.where(col(RoadmapEvidence.candidate_id).in_(candidate_ids))
    found: dict[int, list[EvidenceRow]] = {}
    for cid, point, sid, name, department, slack_id, fac_id, status, proof in session.execute(
        query
    ).all():
        found.setdefault(int(cid), []).append(
            EvidenceRow(
                pain_point_id=int(point.id),
                interview_id=point.interview_id,
                key=point.key,
                problem=point.problem,
                root_cause=point.root_cause,
                quote=point.evidence,
                stakeholder_id=int(sid),
                stakeholder=name,
                department=department,
                stakeholder_slack_id=slack_id,
                facilitator_slack_id=fac_id,
                verdict=status,
                verdict_evidence=proof,
                still_holds=point.still_holds,
                checked_at=point.checked_at,
            )
        )
    return {k: tuple(v) for k, v in found.items()}


def load_candidate(session: Session, candidate_id: int, team_id: int) -> CandidateRow:
    """One candidate with its evidence; NotFound if absent or in another team."""
    row = session.get(RoadmapCandidate, candidate_id)
    if row is None or row.team_id != team_id:
        raise NotFound(f"candidate #{candidate_id} does not exist")
    evidence = evidence_of(session, team_id=team_id, candidate_ids=[candidate_id])
    counted = confidential_counts(session, team_id).get(candidate_id, 0)
    return candidate_row(row, evidence.get(candidate_id, ()), counted)


def candidate_row(
    row: RoadmapCandidate, evidence: tuple[EvidenceRow, ...], confidential: int = 0
) -> CandidateRow:
    """The plain record of a candidate row, its evidence and its confidential count."""
    assert row.id is not None
    return CandidateRow(**row.model_dump(), evidence=evidence, confidential=confidential)


def suggestion_row(session: Session, row: DuplicateSuggestion) -> SuggestionRow:
    """The plain record of a suggestion, with both candidates loaded."""
    assert row.id is not None
    return SuggestionRow(
        id=row.id,
        team_id=row.team_id,
        candidate=load_candidate(session, row.candidate_id, row.team_id),
        other=load_candidate(session, row.other_id, row.team_id),
        score=row.score,
        status=row.status,
        decided_by=row.decided_by,
    )


def merge_row(row: RoadmapMerge) -> MergeRow:
    """The plain record of a merge row."""
    assert row.id is not None
    return MergeRow(
        id=row.id,
        team_id=row.team_id,
        kept_id=row.kept_id,
        merged_id=row.merged_id,
        pain_point_ids=tuple(row.pain_point_ids),
        merged_by=row.merged_by,
        created_at=row.created_at,
        undone_at=row.undone_at,
        undone_by=row.undone_by,
    )


def sizing_row(row: SizingRequest) -> SizingRow:
    """The plain record of a sizing request row."""
    assert row.id is not None
    return SizingRow(
        id=row.id,
        team_id=row.team_id,
        candidate_id=row.candidate_id,
        engineer=row.engineer,
        requested_by=row.requested_by,
        size=row.size,
        note=row.note,
        status=row.status,
        created_at=row.created_at,
        answered_at=row.answered_at,
        confidence=row.confidence,
        request_note=row.request_note,
    )
