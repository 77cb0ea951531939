"""The quarterly review: once a quarter (REVIEW_SCHEDULE, one job per quarter, so exactly once
however many replicas run) each roadmap editor gets one DM: metrics missed or off track,
candidates whose pain points no longer hold, shipped items someone says did not fix, new themes
and what the plan moved since the last review (the text is bot/review.py's)."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.elements import message, section
from bot.blocks.limits import SECTION_TEXT, truncate
from bot.jobs.runner import JobResult
from bot.metrics.quarters import next_review
from bot.review import QuarterlyReview, quarter_of, review_schedule
from bot.slack.present import post
from bot.slack.services import Services
from storage import JobRecord, JobSpec

REVIEW = "quarterly_review"
MOST_BLOCKS = 50  # Slack's limit for one message


def review_spec(svc: Services, team: int, moment: datetime) -> JobSpec:
    """The review job of the quarter `moment` falls in (its key names team and quarter)."""
    key = f"{REVIEW}:{team}:{quarter_of(svc.settings, moment)}"
    return JobSpec(REVIEW, key, moment, rearm=False)


async def ensure_review(svc: Services, *, slack_team_id: str) -> JobSpec | None:
    """At start-up: make sure the next review is scheduled (a missed one stays due)."""
    schedule = review_schedule(svc.settings)
    if schedule is None:
        return None
    team = await svc.team_id(slack_team_id)
    spec = review_spec(svc, team, next_review(schedule, svc.clock.now()))
    await svc.storage.ensure_job(team_id=team, job=spec)
    return spec


async def run_review(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """One DM per roadmap editor, then next quarter's review."""
    schedule = review_schedule(svc.settings)
    then = (
        []
        if schedule is None
        else [review_spec(svc, job.team_id, next_review(schedule, job.due_at))]
    )
    editors = sorted(svc.settings.roadmap_editor_ids | svc.settings.admin_user_ids)
    if not editors:
        return JobResult(then=then, note="no_editors")
    review_of = QuarterlyReview(svc.storage, svc.settings, svc.roadmap)
    text = await review_of.text(
        job.team_id, quarter_of(svc.settings, job.due_at), job.due_at, schedule
    )
    # One section per part, so a long review is not cut at one section's limit.
    parts = [section(truncate(part, SECTION_TEXT)) for part in text.split("\n\n")]
    review = message(text, parts[:MOST_BLOCKS])
    return JobResult(outbox=[post(e, review) for e in editors], then=then, note="sent")
