"""Storage's duplicate suggestions, merges and sizing requests in the roadmap's own types (the
candidate's conversion, candidate_of, sits with the use cases in service.py)."""

from __future__ import annotations

from bot.roadmap.model import Merge, Size, SizingRequest, Suggestion
from bot.roadmap.service import candidate_of
from storage import MergeRow, SizingRow, SuggestionRow


def suggestion_of(row: SuggestionRow) -> Suggestion:
    """A stored likely duplicate in the roadmap's own types."""
    return Suggestion(row.id, candidate_of(row.candidate), candidate_of(row.other), row.score)


def merge_of(row: MergeRow) -> Merge:
    """A stored merge in the roadmap's own types."""
    return Merge(row.id, row.kept_id, row.merged_id, row.merged_by)


def sizing_of(row: SizingRow) -> SizingRequest:
    """A stored sizing request in the roadmap's own types."""
    size = Size(row.size) if row.size else None
    return SizingRequest(
        row.id,
        row.candidate_id,
        row.engineer,
        row.requested_by,
        size,
        row.note,
        confidence=row.confidence,
        request_note=row.request_note,
        status=row.status,
    )
