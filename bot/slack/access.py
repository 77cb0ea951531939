"""Who may see or change an interview: decided here and nowhere else."""

from __future__ import annotations

from collections.abc import Collection

from storage import InterviewRecord, InterviewRow


def can_read(
    interview: InterviewRecord | InterviewRow, user_id: str, admins: Collection[str]
) -> bool:
    """The facilitator, the stakeholder, and admins unless the interview is confidential."""
    if user_id in _people(interview):
        return True
    return user_id in admins and not interview.confidential


def can_manage(
    interview: InterviewRecord | InterviewRow, user_id: str, admins: Collection[str]
) -> bool:
    """Cancel and similar: the facilitator, and admins unless the interview is confidential."""
    facilitator = _people(interview)[0]
    if user_id == facilitator:
        return True
    return user_id in admins and not interview.confidential


def _people(interview: InterviewRecord | InterviewRow) -> tuple[str | None, str | None]:
    if isinstance(interview, InterviewRecord):
        return interview.facilitator.slack_user_id, interview.stakeholder.slack_user_id
    return interview.facilitator, interview.stakeholder
