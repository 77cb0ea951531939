"""Plain records of the roadmap out of storage, and the reads that build them in a session."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.errors import NotFound, StorageError
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

MERGED = "merged"
PENDING = "pending"


class RoadmapConflict(StorageError):
    """Raised when a roadmap change no longer applies (already merged, an undo that a later
    merge blocks, a candidate changed since it was read); users see the sentence."""


@dataclass(frozen=True)
class EvidenceRow:
    """A pain point behind a candidate, with who said it and the check of its root cause."""

    pain_point_id: int
    interview_id: int
    key: str
    problem: str
    root_cause: str
    quote: str
    stakeholder_id: int
    stakeholder: str
    department: str | None
    stakeholder_slack_id: str | None
    facilitator_slack_id: str | None
    verdict: str | None  # hypothesis / validated / refuted; None when there is no root cause
    verdict_evidence: str | None
    still_holds: bool | None


@dataclass(frozen=True)
class CandidateRow:
    """A roadmap candidate as stored, with its evidence."""

    id: int
    team_id: int
    problem: str
    root_cause: str
    solution: str
    justification: str
    impact_kind: str | None
    impact: int | None
    effort: str | None
    effort_note: str | None
    sized_by: str | None
    metric: str | None
    baseline: str | None
    target: str | None
    deadline: date | None
    priority_override: str | None
    override_reason: str | None
    horizon_pin: int | None
    status: str
    merged_into: int | None
    created_at: datetime
    updated_at: datetime
    evidence: tuple[EvidenceRow, ...] = ()


@dataclass(frozen=True)
class SuggestionRow:
    """A likely duplicate: `candidate` (newer) looks like `other` (older)."""

    id: int
    team_id: int
    candidate: CandidateRow
    other: CandidateRow
    score: float
    status: str
    decided_by: str | None


@dataclass(frozen=True)
class MergeRow:
    """One merge: which candidate was kept, which was merged in, the pain points moved."""

    id: int
    team_id: int
    kept_id: int
    merged_id: int
    pain_point_ids: tuple[int, ...]
    merged_by: str
    created_at: datetime
    undone_at: datetime | None
    undone_by: str | None


@dataclass(frozen=True)
class SizingRow:
    """A request to an engineer to size a candidate, and their answer once given."""

    id: int
    team_id: int
    candidate_id: int
    engineer: str
    requested_by: str
    size: str | None
    note: str | None
    status: str
    created_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class SyncResult:
    """What a sync found: new candidates and new duplicate suggestions."""

    created: tuple[int, ...] = ()
    suggestions: tuple[SuggestionRow, ...] = ()


Matcher = Callable[[list[tuple[int, str]], list[tuple[int, str]]], list[tuple[int, int, float]]]
"""(existing, new) pain points as (id, text) -> (new id, existing-or-earlier id, score)."""


# --- reads, each in the caller's transaction -----------------------------------------------


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
            )
        )
    return {k: tuple(v) for k, v in found.items()}


def load_candidate(session: Session, candidate_id: int, team_id: int) -> CandidateRow:
    row = session.get(RoadmapCandidate, candidate_id)
    if row is None or row.team_id != team_id:
        raise NotFound(f"candidate #{candidate_id} does not exist")
    evidence = evidence_of(session, team_id=team_id, candidate_ids=[candidate_id])
    return candidate_row(row, evidence.get(candidate_id, ()))


def candidate_row(row: RoadmapCandidate, evidence: tuple[EvidenceRow, ...]) -> CandidateRow:
    assert row.id is not None
    return CandidateRow(
        id=row.id,
        team_id=row.team_id,
        problem=row.problem,
        root_cause=row.root_cause,
        solution=row.solution,
        justification=row.justification,
        impact_kind=row.impact_kind,
        impact=row.impact,
        effort=row.effort,
        effort_note=row.effort_note,
        sized_by=row.sized_by,
        metric=row.metric,
        baseline=row.baseline,
        target=row.target,
        deadline=row.deadline,
        priority_override=row.priority_override,
        override_reason=row.override_reason,
        horizon_pin=row.horizon_pin,
        status=row.status,
        merged_into=row.merged_into,
        created_at=row.created_at,
        updated_at=row.updated_at,
        evidence=evidence,
    )


def suggestion_row(session: Session, row: DuplicateSuggestion) -> SuggestionRow:
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
    )
