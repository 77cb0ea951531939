"""Use cases behind `/interview list | status | cancel | summary` (start is in starting.py)."""

from __future__ import annotations

from bot.blocks.commands import (
    Cancel,
    Command,
    DigestPreview,
    FollowUp,
    ListInterviews,
    ReviewPreview,
    StartNow,
    Status,
    Summary,
)
from bot.blocks.messages import build_notice
from bot.blocks.text import fill, mention
from bot.flows.path import answered_count, current_question
from bot.interviews import state_of
from bot.review import QuarterlyReview
from bot.slack.access import can_manage, interview_for, respondent
from bot.slack.digest import preview_text, view_for
from bot.slack.present import post, summary_messages
from bot.slack.roadmap import synced_board
from bot.slack.schedule import follow_up_spec
from bot.slack.services import Services
from bot.slack.starting import start_interview
from storage import OPEN_STATUSES, InterviewRecord, InterviewRow

LIST_LIMIT = 20


async def run(svc: Services, command: Command, *, slack_team_id: str, user: str) -> str:
    """Run one `/interview` sub-command (after the ack) and return the ephemeral reply."""
    team = slack_team_id
    match command:
        case StartNow(user_id=stakeholder, purpose=purpose):
            return await start_interview(
                svc, slack_team_id=team, facilitator=user, stakeholder=stakeholder, purpose=purpose
            )
        case ListInterviews():
            return await list_interviews(svc, slack_team_id=team, user=user)
        case Status(interview_id=iid):
            return await status(svc, slack_team_id=team, user=user, interview_id=iid)
        case Summary(interview_id=iid):
            return await summary(svc, slack_team_id=team, user=user, interview_id=iid)
        case Cancel(interview_id=iid):
            return await cancel(svc, slack_team_id=team, user=user, interview_id=iid)
        case FollowUp(interview_id=iid, question=question):
            return await follow_up(
                svc, slack_team_id=team, user=user, interview_id=iid, question=question
            )
        case DigestPreview():
            return await digest_preview(svc, slack_team_id=team)
        case ReviewPreview():
            return await review_preview(svc, slack_team_id=team)
    raise ValueError(f"not a sub-command to run after the ack: {command!r}")


async def list_interviews(svc: Services, *, slack_team_id: str, user: str) -> str:
    """The user's interviews, newest first, as mrkdwn lines."""
    team = await svc.team_id(slack_team_id)
    rows = await svc.storage.interview_rows(team_id=team, slack_user_id=user, limit=LIST_LIMIT)
    if not rows:
        return svc.wording.notice.list_empty
    return "\n".join(_line(svc, row, user) for row in rows)


async def status(svc: Services, *, slack_team_id: str, user: str, interview_id: int) -> str:
    """Where one interview stands, for someone allowed to read it."""
    record = await _readable(svc, slack_team_id, user, interview_id)
    if isinstance(record, str):
        return record
    state = state_of(record)
    question = current_question(svc.interviews.script(record.purpose), state)
    phase = svc.wording.phase.label(state.phase) if question is not None else ""
    return fill(
        svc.wording.notice.status_line,
        id=record.id,
        title=svc.interviews.script(record.purpose).title,
        person=mention(record.stakeholder.slack_user_id or ""),
        status=svc.wording.status.label(record.status) or record.status,
        answered=answered_count(svc.interviews.script(record.purpose), state),
        phase=phase,
    )


async def summary(svc: Services, *, slack_team_id: str, user: str, interview_id: int) -> str:
    """DM the summary to the requester (it can be long); the reply says where it went."""
    record = await _readable(svc, slack_team_id, user, interview_id)
    if isinstance(record, str):
        return record
    found = await svc.interviews.summary(record.id)
    outbox = summary_messages(record, found, svc.wording, to=user)
    await svc.storage.enqueue(team_id=record.team_id, interview_id=record.id, messages=outbox)
    svc.sender.wake()
    return fill(svc.wording.notice.summary_sent, id=record.id)


async def cancel(svc: Services, *, slack_team_id: str, user: str, interview_id: int) -> str:
    """Cancel an open interview; the respondent is told if it had reached them."""
    record = await _readable(svc, slack_team_id, user, interview_id)
    if isinstance(record, str):
        return record
    team = record.team_id
    if not can_manage(record, user, svc.settings.admin_user_ids):
        return svc.wording.notice.not_allowed
    if record.status not in OPEN_STATUSES:
        return fill(svc.wording.notice.not_open, id=interview_id)
    to = respondent(record)
    outbox = []
    if to != user:
        notice = fill(svc.wording.notice.cancelled_for_respondent, id=record.id)
        outbox.append(post(to, build_notice(notice)))
    if not await svc.storage.cancel_interview(record.id, team_id=team, outbox=outbox):
        return fill(svc.wording.notice.not_open, id=interview_id)
    svc.sender.wake()
    return fill(svc.wording.notice.cancelled, id=record.id)


async def _readable(
    svc: Services, slack_team_id: str, user: str, interview_id: int
) -> InterviewRecord | str:
    """The interview if it exists in this team and the user may read it, else the sentence."""
    team = await svc.team_id(slack_team_id)
    return await interview_for(svc, team=team, user=user, interview_id=interview_id, may="read")


def _line(svc: Services, row: InterviewRow, user: str) -> str:
    other = row.stakeholder if row.facilitator == user else row.facilitator
    return fill(
        svc.wording.home.row,
        id=row.id,
        title=svc.interviews.script(row.purpose).title,
        person=mention(other or ""),
        status=svc.wording.status.label(row.status) or row.status,
        updated=row.updated_at.strftime("%Y-%m-%d"),
    )


async def follow_up(
    svc: Services, *, slack_team_id: str, user: str, interview_id: int, question: str
) -> str:
    """Queue a follow-up question for a finished interview (the facilitator's, or an admin's)."""
    record = await _readable(svc, slack_team_id, user, interview_id)
    if isinstance(record, str):
        return record
    team = record.team_id
    if not can_manage(record, user, svc.settings.admin_user_ids) or record.mode != "dm":
        return svc.wording.notice.not_allowed
    if record.status not in ("finished", "following_up"):
        return fill(svc.wording.notice.not_finished, id=interview_id)
    now = svc.clock.now()
    key = f"asked_{now:%Y%m%d%H%M%S%f}"  # names the answer too (followup.asked_…): unique
    spec = follow_up_spec(svc.settings, record, key=key, text=question, now=now)
    await svc.storage.schedule_jobs(team_id=team, jobs=[spec])
    return fill(
        svc.wording.notice.follow_up_planned,
        id=record.id,
        person=mention(record.stakeholder.slack_user_id or ""),
    )


async def review_preview(svc: Services, *, slack_team_id: str) -> str:
    """The quarterly review as it would be sent now (it keeps no plan snapshot)."""
    team = await svc.team_id(slack_team_id)
    await synced_board(svc, team)
    review = QuarterlyReview(svc.storage, svc.settings, svc.roadmap)
    return await review.preview(team, svc.clock.now())


async def digest_preview(svc: Services, *, slack_team_id: str) -> str:
    """This week's digest so far, as one text."""
    team = await svc.team_id(slack_team_id)
    view = await view_for(svc, team_id=team, end=svc.clock.now())
    return preview_text(svc, view)
