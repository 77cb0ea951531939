"""Shipped means asked: when a candidate ships, each stakeholder whose pain point it carries
is asked, in their working hours, whether it fixed it; a "No" opens the pain point again and
tells the facilitator who heard it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.blocks.messages import build_notice
from bot.blocks.metrics import outcome_message
from bot.blocks.shipped import answer_label, build_ship_ask
from bot.blocks.text import fill, mention
from bot.jobs.runner import JobResult
from bot.jobs.timing import in_working_hours, next_working_time
from bot.roadmap.service import candidate_of
from bot.slack.access import can_answer_shipped
from bot.slack.present import post, update
from bot.slack.services import Services
from storage import JobRecord, JobSpec, NotFound, Outgoing, ShipAskRow

ASK = "ship_ask"
NO = "no"


async def after_shipped(svc: Services, *, team: int, candidate_id: int) -> int:
    """Ask each stakeholder behind a shipped candidate (once, however often this runs); how
    many questions were made now."""
    now = svc.clock.now()

    def jobs(rows: Sequence[ShipAskRow]) -> list[JobSpec]:
        return [
            JobSpec(
                ASK,
                f"{ASK}:{row.id}",
                next_working_time(now, row.stakeholder_tz, svc.settings.working_hours),
                {"ask_id": row.id},
                rearm=False,
            )
            for row in rows
        ]

    made = await svc.storage.ask_shipped(team_id=team, candidate_id=candidate_id, jobs=jobs)
    return len(made)


async def run_ask(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """DM the question, in the stakeholder's working hours."""
    try:
        ask = await svc.storage.get_ship_ask(int(job.payload["ask_id"]), team_id=job.team_id)
        candidate = await svc.storage.get_candidate(ask.candidate_id, team_id=job.team_id)
    except (KeyError, TypeError, ValueError, NotFound):
        return JobResult(note="moot")
    if ask.answer is not None:
        return JobResult(note="answered")
    hours = svc.settings.working_hours
    if not in_working_hours(now, ask.stakeholder_tz, hours):
        at = next_working_time(now, ask.stakeholder_tz, hours)
        return JobResult(reschedule=JobSpec(job.kind, job.key, at, dict(job.payload)), note="quiet")
    message = build_ship_ask(
        ask.id, candidate_of(candidate).title, ask.problem, wording=svc.wording
    )
    return JobResult(outbox=[post(ask.stakeholder, message)], note="asked")


async def answer(
    svc: Services,
    *,
    team: int,
    user: str,
    ask_id: int,
    said: str,
    where: tuple[str, str] | None,
) -> str | None:
    """Record the stakeholder's answer; None when done, else the sentence to show."""
    w = svc.wording.metrics
    try:
        ask = await svc.storage.get_ship_ask(ask_id, team_id=team)
    except NotFound:
        return w.expired
    if not can_answer_shipped(ask.stakeholder, user):
        return w.ship_not_yours
    ask = await svc.storage.answer_ship_ask(ask_id, team_id=team, answer=said)
    candidate = await svc.storage.get_candidate(ask.candidate_id, team_id=team)
    title = candidate_of(candidate).title
    label = answer_label(said, wording=svc.wording)
    thanks = outcome_message(fill(w.ship_thanks, answer=label, title=title))
    out: list[Outgoing] = [update(*where, thanks) if where else post(user, thanks)]
    if said == NO and ask.facilitator:
        text = fill(
            w.ship_reopened,
            person=mention(user),
            id=candidate.id,
            title=title,
            problem=" ".join(ask.problem.split()),
        )
        out.append(post(ask.facilitator, build_notice(text)))
    await svc.storage.enqueue(team_id=team, messages=out)
    svc.sender.wake()
    return None
