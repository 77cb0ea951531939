"""Time-based use cases: nudges, stall notices, follow-up questions, the pain-point re-check.

What a step means for later is decided in the step's own transaction (bot/slack/schedule.py);
these handlers run when a job comes due, claimed by exactly one bot process (bot/jobs/runner.py).
"""

from __future__ import annotations

from datetime import datetime

from bot.blocks.messages import build_notice
from bot.blocks.reminders import build_nudge, build_still_holds
from bot.blocks.text import fill, mention
from bot.flows.inputs import Ask
from bot.jobs.runner import JobResult
from bot.jobs.timing import in_working_hours, next_working_time
from bot.slack.access import respondent
from bot.slack.present import post
from bot.slack.schedule import WAITING, reminder_spec
from bot.slack.services import Services
from bot.slack.turns import apply_turn
from storage import InterviewRecord, JobRecord, JobSpec, NotFound


async def run_reminder(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """Nudge the stakeholder, or tell the facilitator the interview stalled."""
    record = await _interview(svc, job)
    if record is None or record.status not in WAITING or record.mode != "dm":
        return JobResult(note="moot")
    hours, tz = svc.settings.working_hours, record.stakeholder.tz
    if not in_working_hours(now, tz, hours):
        # Claimed late (the bot was down): never nudge at night or at the weekend.
        spec = reminder_spec(svc.settings, record, now=now, nudges=_nudges(job), after=now)
        return JobResult(reschedule=spec, note="quiet_hours")
    nudges = _nudges(job)
    facilitator = record.facilitator.slack_user_id or ""
    if nudges >= svc.settings.reminder_max:
        text = fill(
            svc.wording.reminder.stalled,
            id=record.id,
            person=mention(record.stakeholder.slack_user_id or ""),
            since=record.updated_at.astimezone(now.tzinfo).strftime("%Y-%m-%d"),
            nudges=nudges,
        )
        return JobResult(outbox=[post(facilitator, build_notice(text))], note="stalled")
    nudge = build_nudge(
        interview_id=record.id,
        facilitator_id=facilitator,
        purpose_title=svc.interviews.script(record.purpose).title,
        wording=svc.wording,
    )
    again = reminder_spec(svc.settings, record, now=now, nudges=nudges + 1)
    return JobResult(outbox=[post(respondent(record), nudge)], reschedule=again, note="nudged")


async def run_follow_up(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """Ask a follow-up question after the interview (one at a time)."""
    record = await _interview(svc, job)
    if record is None or record.status not in ("finished", "following_up"):
        return JobResult(note="moot")
    if record.status == "following_up":
        # Another follow-up is waiting for its answer: ask this one a working day later.
        later = next_working_time(
            now + svc.settings.reminder_delay, record.stakeholder.tz, svc.settings.working_hours
        )
        return JobResult(
            reschedule=JobSpec(job.kind, job.key, later, job.payload, job.interview_id),
            note="waiting",
        )
    await apply_turn(svc, record.id, Ask(str(job.payload["key"]), str(job.payload["text"])))
    return JobResult(note="asked")


async def run_still_holds(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """Months later: ask the stakeholder whether each of their pain points still holds."""
    record = await _interview(svc, job)
    if record is None or record.status not in ("finished", "following_up"):
        return JobResult(note="moot")
    points = await svc.storage.pain_points(team_id=record.team_id, interview_id=record.id)
    if not points:
        return JobResult(note="nothing_to_check")
    messages = build_still_holds(
        interview_id=record.id,
        purpose_title=svc.interviews.script(record.purpose).title,
        items=[(p.id, p.problem, p.root_cause) for p in points],
        wording=svc.wording,
    )
    to = record.stakeholder.slack_user_id or ""
    return JobResult(outbox=[post(to, m) for m in messages], note="asked")


async def _interview(svc: Services, job: JobRecord) -> InterviewRecord | None:
    if job.interview_id is None:
        return None
    try:
        return await svc.storage.get_interview(job.interview_id)
    except NotFound:
        return None


def _nudges(job: JobRecord) -> int:
    value = job.payload.get("nudges", 0)
    return int(value) if isinstance(value, int | float | str) and str(value).isdigit() else 0
