"""The quarterly review: once a quarter (REVIEW_SCHEDULE, one job per quarter, so exactly once
however many replicas run) each roadmap editor gets one DM: metrics missed or off track,
candidates whose pain points no longer hold, shipped items someone says did not fix, and what
the plan moved since the last review (each review keeps the plan it saw, for the next one)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.blocks.elements import message, section
from bot.blocks.limits import SECTION_TEXT, truncate
from bot.blocks.text import inline, plural
from bot.clock import StoppedClock
from bot.digest import PENDING_READ, roadmap_themes
from bot.jobs.runner import JobResult
from bot.jobs.timing import Schedule, zone
from bot.metrics.model import MetricState
from bot.metrics.quarters import next_review, previous_review_day, quarter_key
from bot.metrics.status import Status
from bot.roadmap.board import Board
from bot.roadmap.metrics import Metrics, worst_first
from bot.roadmap.model import Status as CandidateStatus
from bot.slack.present import post
from bot.slack.services import Services
from storage import JobRecord, JobSpec

REVIEW = "quarterly_review"
MOST_BLOCKS = 50  # Slack's limit for one message
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
    text = await review_text(svc, job.team_id, quarter_key(local), job.due_at, schedule)
    # One section per part, so a long review is not cut at one section's limit.
    parts = [section(truncate(part, SECTION_TEXT)) for part in text.split("\n\n")]
    review = message(text, parts[:MOST_BLOCKS])
    return JobResult(outbox=[post(e, review) for e in editors], then=then, note="sent")


async def review_text(
    svc: Services, team: int, quarter: str, at: datetime, schedule: Schedule | None = None
) -> str:
    """What the review says (mrkdwn, user text escaped); keeps the plan it saw as a snapshot."""
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
    day = at.astimezone(zone(svc.settings.digest_timezone)).date()
    last = previous_review_day(schedule, at) if schedule else day - timedelta(days=91)
    lines += ["", f"*New themes since {last.isoformat()}*"]
    lines += await _new_themes(svc, team, last, at, board)
    lines += ["", "*What the plan moved since the last review*"]
    lines += await _moved(svc, team, day, last, board)
    return "\n".join(lines)


async def _new_themes(
    svc: Services, team: int, last: date, at: datetime, board: Board
) -> list[str]:
    """Themes with pain points raised since the last review, counted the way the digest and the
    roadmap count them (a theme is a candidate; confidential pain points never make one)."""
    tz = zone(svc.settings.digest_timezone)
    start = datetime.combine(last, time(), tzinfo=tz)
    data = await svc.storage.digest_data(team_id=team, start=start, end=at)
    pending = await svc.storage.pending_suggestions(team_id=team, limit=PENDING_READ)
    themes = roadmap_themes(
        [r.candidate for r in board.ranked], [(s.candidate.id, s.other.id) for s in pending], data
    )
    fresh = sorted(
        (t for t in themes if t.new_this_week),
        key=lambda t: (t.new_this_week < t.pain_points, -t.stakeholders, t.candidate_id),
    )
    return [
        f"• #{t.candidate_id} {inline(t.label)}: {plural(t.stakeholders, 'stakeholder')}, "
        + (
            f"{plural(t.pain_points, 'pain point')}, all new"
            if t.new_this_week == t.pain_points
            else f"{plural(t.new_this_week, 'new pain point')} of {t.pain_points}"
        )
        + (
            f" (maybe the same as {', '.join(f'#{i}' for i in t.maybe_same)})"
            if t.maybe_same
            else ""
        )
        for t in fresh
    ] or ["• None."]


async def _moved(svc: Services, team: int, day: date, last: date, board: Board) -> list[str]:
    """Compared with the plan kept at the last review (or, before the first, the latest plan
    kept before this one); then this review's plan is kept for the next."""
    since = await svc.roadmap.moved_since(team, last, board)
    if since is None:
        since = await svc.roadmap.moved_since(team, day - timedelta(days=1), board)
    await svc.roadmap.record_plan(team, board)
    if since is None:
        return ["• No earlier plan was kept; this review keeps one for the next."]
    snapshot, moved = since
    kept: date = snapshot.taken_on
    if not moved:
        return [f"• Nothing moved since the plan of {kept.isoformat()}."]
    lines = [f"Since the plan of {kept.isoformat()}:"]
    lines += [
        f"• #{m.id} {inline(m.title)}: {inline('; '.join(m.changes))}"
        + (f" (why: {inline('; '.join(m.reasons))})" if m.reasons else "")
        for m in moved
    ]
    return lines
