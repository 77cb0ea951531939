"""The quarterly review: once a quarter (REVIEW_SCHEDULE, one job per quarter, so exactly once
however many replicas run) each roadmap editor gets one DM: metrics missed or off track,
candidates whose pain points no longer hold, and shipped items someone says did not fix."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.elements import message, section
from bot.blocks.limits import SECTION_TEXT, truncate
from bot.blocks.text import inline
from bot.clock import StoppedClock
from bot.jobs.runner import JobResult
from bot.jobs.timing import Schedule, zone
from bot.metrics.model import MetricState
from bot.metrics.quarters import next_review, quarter_key
from bot.metrics.status import Status
from bot.roadmap.metrics import Metrics, worst_first
from bot.roadmap.model import Status as CandidateStatus
from bot.slack.present import post
from bot.slack.services import Services
from storage import JobRecord, JobSpec

REVIEW = "quarterly_review"
_BAD = (Status.MISSED, Status.OFF_TRACK, Status.UNHEALTHY)


def _schedule(svc: Services) -> Schedule | None:
    text = svc.settings.review_schedule
    return Schedule.parse(text, svc.settings.digest_timezone) if text else None


def review_spec(svc: Services, team: int, moment: datetime) -> JobSpec:
    """The review job of the quarter `moment` falls in (its key names team and quarter)."""
    local = moment.astimezone(zone(svc.settings.digest_timezone)).date()
    key = f"{REVIEW}:{team}:{quarter_key(local)}"
    return JobSpec(REVIEW, key, moment, rearm=False)


async def ensure_review(svc: Services, *, slack_team_id: str) -> JobSpec | None:
    """At start-up: make sure the next review is scheduled (a missed one stays due)."""
    schedule = _schedule(svc)
    if schedule is None:
        return None
    team = await svc.team_id(slack_team_id)
    spec = review_spec(svc, team, next_review(schedule, svc.clock.now()))
    await svc.storage.ensure_job(team_id=team, job=spec)
    return spec


async def run_review(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """One DM per roadmap editor, then next quarter's review."""
    schedule = _schedule(svc)
    then = (
        []
        if schedule is None
        else [review_spec(svc, job.team_id, next_review(schedule, job.due_at))]
    )
    editors = sorted(svc.settings.roadmap_editor_ids | svc.settings.admin_user_ids)
    if not editors:
        return JobResult(then=then, note="no_editors")
    local = job.due_at.astimezone(zone(svc.settings.digest_timezone)).date()
    text = await review_text(svc, job.team_id, quarter_key(local), job.due_at)
    review = message(text, [section(truncate(text, SECTION_TEXT))])
    return JobResult(outbox=[post(e, review) for e in editors], then=then, note="sent")


async def review_text(svc: Services, team: int, quarter: str, at: datetime) -> str:
    """What the review says (mrkdwn, user text escaped)."""
    metrics = await Metrics(svc.storage, StoppedClock(at)).tracked(
        team, states=[MetricState.COMMITTED]
    )
    bad = [t for t in worst_first(metrics) if t.reading.measured in _BAD]
    board = await svc.roadmap.board(team, displacements=False)
    gone = [
        r
        for r in board.ranked
        if r.candidate.evidence and all(e.still_holds is False for e in r.candidate.evidence)
    ]
    answers = await svc.storage.ship_answers(team_id=team)
    unfixed = [
        (r, answers[r.id])
        for r in board.ranked
        if r.candidate.status is CandidateStatus.SHIPPED and "no" in answers.get(r.id, [])
    ]
    lines = [f"*Quarterly review · {quarter}*", "", "*Metrics missed or off track*"]
    lines += [
        f"• {inline(t.metric.name)} (#{t.metric.candidate_id} {inline(t.candidate)}): "
        f"{t.reading.measured.label}"
        for t in bad
    ] or ["• None."]
    lines += ["", "*Candidates whose pain points no longer hold*"]
    lines += [f"• #{r.id} {inline(r.candidate.title)}" for r in gone] or ["• None."]
    lines += ["", "*Shipped, and not fixed for everyone*"]
    lines += [
        f"• #{r.id} {inline(r.candidate.title)}: {said.count('no')} of "
        f"{sum(1 for a in said if a)} say it did not fix their pain point"
        for r, said in unfixed
    ] or ["• None."]
    return "\n".join(lines)
