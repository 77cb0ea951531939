"""Plain data of the roadmap that goes in and out of storage: candidates with their evidence,
suggestions, merges, sizing, trade-offs, and what a sync is given and gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel._compat import SQLModelConfig  # SQLModel names its config type only here

from storage.models import CandidateFields


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
    checked_at: datetime | None = None  # when the stakeholder last said whether it holds


class CandidateRow(CandidateFields):
    """A roadmap candidate as stored, with its evidence (its own fields: `CandidateFields`)."""

    model_config = SQLModelConfig(frozen=True)

    id: int
    team_id: int
    merged_into: int | None = None
    created_at: datetime
    updated_at: datetime
    evidence: tuple[EvidenceRow, ...] = ()
    confidential: int = 0  # confidential pain points linked to it: a count, never a name


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
    confidence: str | None = None
    request_note: str | None = None


@dataclass(frozen=True)
class SyncResult:
    """What a sync found: new candidates and new duplicate suggestions."""

    created: tuple[int, ...] = ()
    suggestions: tuple[SuggestionRow, ...] = ()


@dataclass(frozen=True)
class MatchItem:
    """A pain point as the duplicate finder sees it: its problem (never its root cause), and
    where it was said, so two causes of one obstacle are never paired."""

    id: int
    problem: str
    interview_id: int
    key: str
    title: str = ""


Matcher = Callable[[list[MatchItem], list[MatchItem]], list[tuple[int, int, float]]]
"""(existing, new) pain points -> (new id, existing-or-earlier id, score)."""


@dataclass(frozen=True)
class TradeOffRow:
    """A Keep or Swap on a big candidate against the smaller ones, as stored."""

    id: int
    team_id: int
    candidate_id: int
    alternatives: tuple[int, ...]
    choice: str
    decided_by: str
    decided_at: datetime
