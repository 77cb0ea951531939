"""One seam for a turn: apply an input to a stored interview with the Slack presenter and what
the step schedules for later, in the step's one transaction, then wake the sender."""

from __future__ import annotations

from collections.abc import Sequence

from bot.flows.inputs import Answer, Input
from bot.flows.summary import InterviewSummary
from bot.interviews import Guard, Scheduler, Turn
from bot.slack.present import says_to_outgoing
from bot.slack.schedule import jobs_for_step
from bot.slack.services import Services
from storage import InboxRecord, InterviewRecord, JobSpec, NewEvent, Outgoing, Route


async def apply_turn(
    svc: Services,
    interview: int | Route[Turn],
    step: Input,
    *,
    team: int | None = None,
    source: InboxRecord | NewEvent | None = None,
    guard: Guard | None = None,
    also: Sequence[Outgoing] = (),
    quiet: bool = False,
) -> Turn:
    """Apply `step` and queue what it says (after `also`, when it applies) and what it schedules;
    `source` is the stored event it came in, or a new one stored in the same transaction.
    A `quiet` turn only records the change: the next turn says what follows."""
    # An answer remembers the message it came in, so an edit or deletion of that message finds
    # it; an edit event carries its own ts, which must not replace the original's.
    ts = source.payload.get("ts") if source is not None and isinstance(step, Answer) else None

    def present(
        record: InterviewRecord, turn: Turn, summary: InterviewSummary | None
    ) -> list[Outgoing]:
        return [*also, *presenter(svc, record, turn, summary)]

    turn = await svc.interviews.apply(
        interview,
        step,
        team_id=team,
        source_event_id=source.event_id if source is not None else None,
        source_ts=ts,
        inbox_id=source.id if isinstance(source, InboxRecord) else None,
        new_event=source if isinstance(source, NewEvent) else None,
        guard=guard,
        present=None if quiet else present,
        schedule=None if quiet else step_scheduler(svc),
    )
    if not quiet:
        svc.sender.wake()
    return turn


def presenter(
    svc: Services, record: InterviewRecord, turn: Turn, summary: InterviewSummary | None
) -> list[Outgoing]:
    """The outgoing messages for a turn (runs inside the step's transaction)."""
    return says_to_outgoing(
        record=record,
        says=turn.says,
        script=svc.interviews.script(record.purpose),
        messages=svc.messages,
        wording=svc.wording,
        summary=summary,
    )


def step_scheduler(svc: Services) -> Scheduler:
    """The `schedule` hook for Interviews.apply, bound to the services' clock."""

    def schedule(record: InterviewRecord, turn: Turn) -> tuple[Sequence[JobSpec], Sequence[str]]:
        script = svc.interviews.script(record.purpose)
        return jobs_for_step(svc.settings, script, record, turn.status, now=svc.clock.now())

    return schedule


def first_jobs(svc: Services, record: InterviewRecord) -> list[JobSpec]:
    """What a new interview schedules (the reminder of its invitation)."""
    script = svc.interviews.script(record.purpose)
    return jobs_for_step(svc.settings, script, record, record.status, now=svc.clock.now())[0]
