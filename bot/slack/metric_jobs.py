"""Check-ins by DM, as jobs: a daily sweep per team schedules each committed metric's next
check-in (one job per metric and due date, so replicas and repeats schedule it once); the
check-in goes to the owner in their working hours, and one reminder a week later if no value
came. After that the metric shows as stale, and nobody is nagged again."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.blocks.metrics import build_checkin, build_reminder
from bot.jobs.runner import JobResult
from bot.jobs.timing import in_working_hours, next_working_time, zone
from bot.metrics.model import GRACE, Metric, MetricState
from bot.roadmap.metrics import Metrics, Tracked
from bot.roadmap.model import Status
from bot.slack.present import post
from bot.slack.services import Services
from bot.slack.shipped import after_shipped
from bot.slack.starting import _profile as slack_profile
from storage import JobRecord, JobSpec, NotFound

SWEEP = "metric_sweep"
CHECKIN = "metric_checkin"
REMINDER = "metric_reminder"
LATER_YEARS = (2, 3)
"""Candidates planned for these years get no check-ins yet."""


def sweep_spec(team: int, after: datetime) -> JobSpec:
    """The team's one sweep job, due at the first midnight (UTC) after `after`; it moves itself
    on after each run, so a bot that was down for a week sweeps once, not seven times."""
    due = datetime.combine(after.date() + timedelta(days=1), time(0, 0), tzinfo=UTC)
    return JobSpec(SWEEP, f"{SWEEP}:{team}", due)


async def ensure_sweep(svc: Services, *, slack_team_id: str) -> JobSpec:
    """At start-up: make sure the team's sweep exists (due now the first time)."""
    team = await svc.team_id(slack_team_id)
    spec = sweep_spec(team, svc.clock.now() - timedelta(days=1))
    await svc.storage.ensure_job(team_id=team, job=spec)
    return spec


async def run_sweep(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """Schedule the next check-in of each committed metric; the sweep moves to tomorrow."""
    metrics = Metrics(svc.storage, svc.clock)
    tracked = await metrics.tracked(job.team_id, states=[MetricState.COMMITTED])
    later = await _later_candidates(svc, job.team_id)
    then = []
    for t in tracked:
        if t.metric.candidate_id in later:
            continue
        due = t.metric.next_due
        at = await _owner_time(svc, job.team_id, t.metric.owner, due, now)
        payload = {"metric_id": t.metric.id, "due": due.isoformat()}
        then.append(JobSpec(CHECKIN, _key(CHECKIN, t.metric, due), at, payload, rearm=False))
    for ranked in (await svc.roadmap.board(job.team_id, displacements=False)).ranked:
        if ranked.candidate.status is Status.SHIPPED:  # shipped by a sheet import, say
            await after_shipped(svc, team=job.team_id, candidate_id=ranked.id)
    return JobResult(
        then=then, reschedule=sweep_spec(job.team_id, now), note=f"scheduled {len(then)}"
    )


async def run_checkin(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """DM the owner the check-in (in their working hours), and plan the one reminder."""
    found = await _open_checkin(svc, job)
    if isinstance(found, str):
        return JobResult(note=found)
    tracked, due = found
    owner = tracked.metric.owner
    quiet = await _quiet(svc, job, owner, now)
    if quiet is not None:
        return quiet
    message = build_checkin(tracked.metric, tracked.candidate, due, wording=svc.wording)
    week = now + GRACE
    remind_at = await _owner_time(svc, job.team_id, owner, week.date(), week)
    reminder = JobSpec(
        REMINDER, _key(REMINDER, tracked.metric, due), remind_at, dict(job.payload), rearm=False
    )
    return JobResult(outbox=[post(owner, message)], then=[reminder], note="asked")


async def run_reminder(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """The one reminder, unless a value (or a skip) came since the check-in."""
    found = await _open_checkin(svc, job)
    if isinstance(found, str):
        return JobResult(note=found)
    tracked, due = found
    quiet = await _quiet(svc, job, tracked.metric.owner, now)
    if quiet is not None:
        return quiet
    message = build_reminder(tracked.metric, tracked.candidate, due, wording=svc.wording)
    return JobResult(outbox=[post(tracked.metric.owner, message)], note="reminded")


async def _open_checkin(svc: Services, job: JobRecord) -> tuple[Tracked, date] | str:
    """The metric and due date of a check-in job still to send, or why it is moot."""
    try:
        metric_id, due = int(job.payload["metric_id"]), date.fromisoformat(job.payload["due"])
        tracked = await Metrics(svc.storage, svc.clock).get(metric_id, team_id=job.team_id)
    except (KeyError, TypeError, ValueError, NotFound):
        return "moot"
    if tracked.metric.state is not MetricState.COMMITTED:
        return "moot"
    if tracked.metric.next_due > due:
        return "answered"
    if tracked.metric.candidate_id in await _later_candidates(svc, job.team_id):
        return "later_year"
    return tracked, due


async def _quiet(svc: Services, job: JobRecord, owner: str, now: datetime) -> JobResult | None:
    """Outside the owner's working hours (the bot was down): the same job, when they open."""
    tz = await _tz(svc, job.team_id, owner)
    if in_working_hours(now, tz, svc.settings.working_hours):
        return None
    at = next_working_time(now, tz, svc.settings.working_hours)
    again = JobSpec(job.kind, job.key, at, dict(job.payload))
    return JobResult(reschedule=again, note="quiet_hours")


async def _owner_time(svc: Services, team: int, owner: str, day: date, now: datetime) -> datetime:
    """The first moment of the owner's working hours on `day` (their own calendar day), or
    the next one after `now` when that has passed."""
    tz = await _tz(svc, team, owner)
    opens = datetime.combine(day, time(0, 0), tzinfo=zone(tz)).astimezone(UTC)
    return next_working_time(max(opens, now), tz, svc.settings.working_hours)


async def _tz(svc: Services, team: int, owner: str) -> str | None:
    """The owner's time zone: as stored, else as Slack says (users.info, remembered)."""
    person = await svc.storage.find_person(team_id=team, slack_user_id=owner)
    found = person.tz if person is not None and person.tz else None
    if found is None:
        tz = (await slack_profile(svc, owner)).get("tz")
        found = str(tz) if tz else None
    return found if found and zone(found).key == found else None


async def _later_candidates(svc: Services, team: int) -> set[int]:
    """Candidates planned (or pinned) for year 2 or 3."""
    board = await svc.roadmap.board(team, displacements=False)
    return {
        r.id
        for r in board.ranked
        if r.candidate.horizon_pin in LATER_YEARS or board.plan.year_of(r.id) in LATER_YEARS
    }


def _key(kind: str, metric: Metric, due: date) -> str:
    return f"{kind}:{metric.id}:{due.isoformat()}"
