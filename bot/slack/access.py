"""Who may read, answer, manage or change what, interviews and the roadmap alike: decided here
and nowhere else (storage repeats two of the checks in SQL, where a row is locked)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Literal

from bot.blocks.text import fill
from bot.roadmap.model import Candidate, Evidence
from bot.settings import Settings
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


def can_interview(facilitator: str, stakeholder: str) -> bool:
    """Anyone may interview anyone else, never themselves."""
    return facilitator != stakeholder


def is_roadmap_editor(user_id: str, settings: Settings) -> bool:
    """Admins and ROADMAP_EDITOR_IDS edit the whole roadmap, see all of its evidence and export
    the full sheet. Having run interviews gives nothing here."""
    return user_id in settings.admin_user_ids or user_id in settings.roadmap_editor_ids


def can_decide_trade_off(user_id: str, settings: Settings) -> bool:
    """Keep a big item first or swap in the smaller ones: it reorders the whole plan, so
    roadmap editors only."""
    return is_roadmap_editor(user_id, settings)


def can_edit_candidate(candidate: Candidate, user_id: str, settings: Settings) -> bool:
    """Open a candidate's card, change it, ask for its sizing: roadmap editors, and the
    facilitators of the interviews its evidence came from."""
    if is_roadmap_editor(user_id, settings):
        return True
    return any(e.facilitator_slack_id == user_id for e in candidate.evidence)


def can_open_card(candidate: Candidate, user_id: str, settings: Settings) -> bool:
    """Those who may edit it, and those who may see some of its evidence (a stakeholder sees
    their own words, read-only); everyone else sees its title and score in the list."""
    if can_edit_candidate(candidate, user_id, settings):
        return True
    return any(can_see_evidence(e, user_id, settings) for e in candidate.evidence)


def can_merge(keep: Candidate, merge: Candidate, user_id: str, settings: Settings) -> bool:
    """A merge changes both candidates, so it needs the right to edit both."""
    return can_edit_candidate(keep, user_id, settings) and can_edit_candidate(
        merge, user_id, settings
    )


def can_link_confidential(stakeholder: str | None, user_id: str) -> bool:
    """After a confidential interview, only its stakeholder may say one of their pain points is
    a candidate others raised (it then counts with it, never named)."""
    return bool(user_id) and stakeholder == user_id


def can_say_mine_is(mine: Candidate, user_id: str) -> bool:
    """At the playback a stakeholder may say their pain point is one another candidate already
    holds: only for a candidate that holds nothing but their own words."""
    people = {e.stakeholder_slack_id for e in mine.evidence}
    return bool(user_id) and people == {user_id}


def can_undo_merge(
    kept: Candidate, moved: Collection[int], user_id: str, settings: Settings
) -> bool:
    """Who may merge may undo: the kept candidate holds both sides' evidence until then, the
    pain points `moved` being the merged side's."""
    merged = replace(kept, evidence=tuple(e for e in kept.evidence if e.pain_point_id in moved))
    before = replace(kept, evidence=tuple(e for e in kept.evidence if e.pain_point_id not in moved))
    return can_merge(before, merged, user_id, settings)


def can_see_evidence(item: Evidence, user_id: str, settings: Settings) -> bool:
    """A pain point's words and who said them: those who may read its interview, and roadmap
    editors. (Confidential interviews never reach the roadmap, so the readers are its
    facilitator and stakeholder; admins are roadmap editors.)"""
    if is_roadmap_editor(user_id, settings):
        return True
    return user_id in (item.facilitator_slack_id, item.stakeholder_slack_id)


def visible_to(candidate: Candidate, user_id: str, settings: Settings) -> tuple[Candidate, int]:
    """The candidate with only the evidence `user_id` may see, and how many stakeholders'
    evidence was withheld (so a count is never silently smaller)."""
    shown = tuple(e for e in candidate.evidence if can_see_evidence(e, user_id, settings))
    hidden = {e.stakeholder_id for e in candidate.evidence} - {e.stakeholder_id for e in shown}
    visible = replace(candidate, evidence=shown)
    withheld = [e for e in candidate.evidence if e not in shown]
    # The candidate's own problem and root cause are a stakeholder's words too (the first pain
    # point's, unless an editor rewrote them): from a withheld interview, the reader gets a
    # visible pain point's words instead, or the title alone.
    if any(candidate.problem == e.problem for e in withheld):
        problem = shown[0].problem if shown else candidate.title
        visible = replace(visible, problem=problem)
    if any(candidate.root_cause and candidate.root_cause == e.root_cause for e in withheld):
        visible = replace(visible, root_cause=shown[0].root_cause if shown else "")
    return visible, len(hidden)


def can_size(engineer: str, user_id: str) -> bool:
    """Only the engineer who was asked sizes a candidate (by button or with a note)."""
    return engineer == user_id


def duplicates_decided_by(user_id: str, settings: Settings) -> str | None:
    """Whose likely duplicates a person is sent: their own interviews', or all for a roadmap
    editor."""
    return None if is_roadmap_editor(user_id, settings) else user_id


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


def can_check_in(owner: str, user_id: str, settings: Settings) -> bool:
    """Record a metric's value, skip a check-in or close the metric from its DM: the metric's
    owner, and roadmap editors."""
    return user_id == owner or is_roadmap_editor(user_id, settings)


def can_answer_shipped(stakeholder: str, user_id: str) -> bool:
    """Say whether a shipped candidate fixed a pain point: only the stakeholder who raised it."""
    return stakeholder == user_id
