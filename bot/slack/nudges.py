"""Use cases behind the reminder buttons and the months-later re-check of pain points."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks import ids
from bot.blocks.messages import build_notice
from bot.blocks.text import fill, mention
from bot.slack.access import interview_for
from bot.slack.present import post
from bot.slack.schedule import WAITING, reminder_key, reminder_spec
from bot.slack.services import Services
from storage import InterviewRecord, NotFound

SNOOZES = {ids.SNOOZE_DAY: timedelta(days=1), ids.SNOOZE_WEEK: timedelta(days=7)}


async def snooze(svc: Services, *, team: int, user: str, interview_id: int, action_id: str) -> str:
    """Move the next reminder a day or a week out (in the stakeholder's working hours)."""
    record = await _waiting(svc, team, user, interview_id)
    if isinstance(record, str):
        return record
    now = svc.clock.now()
    current = await svc.storage.get_job(reminder_key(record.id))
    nudges = int((current.payload if current else {}).get("nudges", 0))
    after = now + SNOOZES[action_id]
    spec = reminder_spec(svc.settings, record, now=now, nudges=nudges, after=after)
    await svc.storage.schedule_jobs(team_id=team, jobs=[spec])
    w = svc.wording.reminder
    return w.snoozed_day if action_id == ids.SNOOZE_DAY else w.snoozed_week


async def decline(svc: Services, *, team: int, user: str, interview_id: int) -> str:
    """'I'd rather not': no more reminders, and the facilitator is told privately."""
    record = await _waiting(svc, team, user, interview_id)
    if isinstance(record, str):
        return record
    facilitator = record.facilitator.slack_user_id or ""
    text = fill(svc.wording.reminder.facilitator_declined, id=record.id, person=mention(user))
    await svc.storage.set_interview_status(
        record.id,
        status="declined",
        only_from=WAITING,
        outbox=(post(facilitator, build_notice(text)),) if facilitator != user else (),
        cancel_jobs=(reminder_key(record.id),),
    )
    svc.sender.wake()
    return svc.wording.reminder.declined


async def check(svc: Services, *, user: str, pain_point_id: int, holds: bool) -> str:
    """Record whether a pain point still holds (only its stakeholder can say)."""
    try:
        await svc.storage.check_pain_point(
            pain_point_id=pain_point_id, stakeholder=user, holds=holds
        )
    except NotFound:
        return svc.wording.notice.not_allowed
    return svc.wording.reminder.checked


async def _waiting(svc: Services, team: int, user: str, interview_id: int) -> InterviewRecord | str:
    record = await interview_for(svc, team=team, user=user, interview_id=interview_id, may="answer")
    if isinstance(record, str):
        return record
    if record.status not in WAITING:
        return svc.wording.notice.stale_button
    return record
