"""Who may read, answer, manage or change what, interviews and the roadmap alike: decided here
and nowhere else (storage repeats two of the checks in SQL, where a row is locked)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from bot.blocks.text import fill
from bot.slack.services import Services
from storage import InboxRecord, InterviewRecord, InterviewRow, NotFound, PersonRecord

May = Literal["read", "answer"]
"""What a person wants to do with an interview, for `interview_for`."""


def respondent(record: InterviewRecord) -> str:
    """Who answers the questions: the stakeholder by DM, the facilitator in live mode."""
    person = _respondent(record)
    assert person.slack_user_id is not None, "a Slack interview has Slack people"
    return person.slack_user_id


def can_answer(record: InterviewRecord, user_id: str) -> bool:
    """Only the respondent answers, clicks the interview's buttons and corrects its answers."""
    return _respondent(record).slack_user_id == user_id


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
    """Cancel, follow up and similar: the facilitator, and admins unless it is confidential."""
    facilitator = _people(interview)[0]
    if user_id == facilitator:
        return True
    return user_id in admins and not interview.confidential


def can_pick(waiting: InboxRecord, user_id: str) -> bool:
    """Only the author of an answer waiting for its interview says which interview it is for."""
    return waiting.payload.get("user") == user_id


async def can_edit_roadmap(svc: Services, team: int, user_id: str) -> bool:
    """Admins and anyone who has run an interview may change the roadmap, open its cards (with
    their evidence) and export it."""
    if user_id in svc.settings.admin_user_ids:
        return True
    return await svc.storage.facilitates(team_id=team, slack_user_id=user_id)


def can_size(engineer: str, user_id: str) -> bool:
    """Only the engineer who was asked sizes a candidate (by button or with a note)."""
    return engineer == user_id


def duplicates_decided_by(user_id: str, admins: Collection[str]) -> str | None:
    """Whose likely duplicates a person is sent: their own interviews', or all for an admin."""
    return None if user_id in admins else user_id


async def interview_for(
    svc: Services, *, team: int, user: str, interview_id: int, may: May
) -> InterviewRecord | str:
    """The interview if `user` may `may` it, else the sentence to show. A reader who may not
    read it hears that it does not exist, so nobody can probe for interview numbers."""
    missing = fill(svc.wording.notice.no_such_interview, id=interview_id)
    try:
        record = await svc.storage.get_interview(interview_id, team_id=team)
    except NotFound:
        return missing
    if may == "read":
        return record if can_read(record, user, svc.settings.admin_user_ids) else missing
    return record if can_answer(record, user) else svc.wording.notice.not_allowed


def _respondent(record: InterviewRecord) -> PersonRecord:
    return record.facilitator if record.mode == "live" else record.stakeholder


def _people(interview: InterviewRecord | InterviewRow) -> tuple[str | None, str | None]:
    if isinstance(interview, InterviewRecord):
        return interview.facilitator.slack_user_id, interview.stakeholder.slack_user_id
    return interview.facilitator, interview.stakeholder
