"""What a step means for later: the reminder while the stakeholder owes an answer, and at the
end the follow-up questions and the re-check of pain points (pure: decided in the step's own
transaction, from the settings, the script and the clock's `now`)."""

from __future__ import annotations

from datetime import datetime

from bot.flows.script import Script
from bot.jobs.timing import next_working_time
from bot.settings import Settings
from storage import OPEN_STATUSES, InterviewRecord, JobSpec

REMINDER, FOLLOW_UP, STILL_HOLDS = "reminder", "follow_up", "still_holds"
ROADMAP = "roadmap"
"""At a finish: the pain points become candidates now, and people are offered the closest."""
WAITING = OPEN_STATUSES


def reminder_key(interview_id: int) -> str:
    """The one reminder job an interview can have."""
    return f"{REMINDER}:{interview_id}"


def jobs_for_step(
    settings: Settings, script: Script, record: InterviewRecord, status: str, *, now: datetime
) -> tuple[list[JobSpec], list[str]]:
    """After a step: re-arm the reminder while the stakeholder owes an answer; at the end,
    cancel it and plan the follow-ups and the re-check of pain points."""
    finishing = status == "finished" and record.status != "finished"
    roadmap = [JobSpec(ROADMAP, f"{ROADMAP}:{record.id}", now, {}, record.id, rearm=False)]
    if record.mode != "dm":  # in live notes the facilitator is typing: nobody to remind
        return (roadmap if finishing else []), []
    if status in WAITING:
        return [reminder_spec(settings, record, now=now, nudges=0)], []
    if finishing:
        return [*_after_finish(settings, script, record, now), *roadmap], [reminder_key(record.id)]
    return [], [reminder_key(record.id)]


def reminder_spec(
    settings: Settings,
    record: InterviewRecord,
    *,
    now: datetime,
    nudges: int,
    after: datetime | None = None,
) -> JobSpec:
    """The reminder due after the configured delay (or `after`), in the stakeholder's hours."""
    due = next_working_time(
        after or now + settings.reminder_delay,
        record.stakeholder.tz,
        settings.working_hours,
    )
    return JobSpec(
        REMINDER,
        reminder_key(record.id),
        due,
        {"nudges": nudges, "since": now.isoformat()},
        record.id,
    )


def _after_finish(
    settings: Settings, script: Script, record: InterviewRecord, now: datetime
) -> list[JobSpec]:
    tz, hours = record.stakeholder.tz, settings.working_hours
    later = next_working_time(now + settings.follow_up_delay, tz, hours)
    jobs = [
        JobSpec(
            FOLLOW_UP,
            f"{FOLLOW_UP}:{record.id}:{spec.key}",
            later,
            {"key": spec.key, "text": spec.text},
            record.id,
            rearm=False,
        )
        for spec in script.follow_ups
    ]
    check = next_working_time(now + settings.still_holds_after, tz, hours)
    jobs.append(
        JobSpec(STILL_HOLDS, f"{STILL_HOLDS}:{record.id}", check, {}, record.id, rearm=False)
    )
    return jobs


def follow_up_spec(
    settings: Settings, record: InterviewRecord, *, key: str, text: str, now: datetime
) -> JobSpec:
    """A follow-up question the facilitator added, sent in the stakeholder's next working hour."""
    due = next_working_time(now, record.stakeholder.tz, settings.working_hours)
    payload = {"key": key, "text": text}
    key = f"{FOLLOW_UP}:{record.id}:{key}"
    return JobSpec(FOLLOW_UP, key, due, payload, record.id, rearm=False)
