"""The check-in DM's buttons and modals: Record value, No change, Skip, No longer relevant.
Each checks who may (the owner, roadmap editors), stores the answer for the day, and lets the
DM's buttons give way to what was done."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.metrics import (
    build_record_modal,
    build_retire_modal,
    outcome_message,
    parse_checkin_value,
)
from bot.blocks.metrics_home import OwnedMetric, build_metrics_home
from bot.blocks.text import fill
from bot.metrics.model import Confidence, MetricState, number_text
from bot.roadmap.metrics import MetricInputError, Metrics, Tracked, worst_first
from bot.slack.access import can_check_in
from bot.slack.present import post, update
from bot.slack.services import Services
from storage import NotFound, Outgoing, RoadmapConflict

Where = tuple[str, str] | None
"""The (channel, ts) of the check-in DM clicked in, when known."""


def form_metadata(value: str, where: Where) -> str:
    """A modal's private_metadata: the button's value and the DM to update afterwards."""
    return value if where is None else f"{value}|{where[0]}|{where[1]}"


def parse_metadata(metadata: str) -> tuple[str, Where]:
    """The button value and the DM of a modal's private_metadata."""
    value, _, rest = metadata.partition("|")
    channel, _, ts = rest.partition("|")
    return value, (channel, ts) if channel and ts else None


async def _allowed(svc: Services, team: int, user: str, value: str) -> tuple[Tracked, date] | str:
    """The metric and due date a button names, if `user` may answer it; else the sentence."""
    w = svc.wording.metrics
    try:
        metric_id, due = parse_checkin_value(value)
        tracked = await Metrics(svc.storage, svc.clock).get(metric_id, team_id=team)
    except (ValueError, NotFound):
        return w.expired
    if not can_check_in(tracked.metric.owner, user, svc.settings):
        return w.not_allowed
    if tracked.metric.state is MetricState.CLOSED:
        return w.closed
    return tracked, due


async def record_form(
    svc: Services, *, team: int, user: str, value: str, where: Where
) -> dict[str, Any] | str:
    """The Record value modal, or why it cannot open."""
    found = await _allowed(svc, team, user, value)
    if isinstance(found, str):
        return found
    return build_record_modal(found[0].metric, form_metadata(value, where), wording=svc.wording)


async def retire_form(
    svc: Services, *, team: int, user: str, value: str, where: Where
) -> dict[str, Any] | str:
    """The No longer relevant modal (asks a reason), or why it cannot open."""
    found = await _allowed(svc, team, user, value)
    if isinstance(found, str):
        return found
    return build_retire_modal(form_metadata(value, where), wording=svc.wording)


async def record(
    svc: Services,
    *,
    team: int,
    user: str,
    metadata: str,
    value: float,
    confidence: Confidence | None,
    note: str | None,
) -> str | None:
    """Store today's value from the modal; None when done (the DM says so), else why not."""
    button, where = parse_metadata(metadata)
    found = await _allowed(svc, team, user, button)
    if isinstance(found, str):
        return found
    return await _store(svc, team, user, found[0], value, "dm", confidence, note, where)


async def no_change(svc: Services, *, team: int, user: str, value: str, where: Where) -> str | None:
    """Today's value is the last one."""
    found = await _allowed(svc, team, user, value)
    if isinstance(found, str):
        return found
    tracked = found[0]
    return await _store(
        svc, team, user, tracked, tracked.metric.latest_value, "no_change", None, None, where
    )


async def skip(svc: Services, *, team: int, user: str, value: str, where: Where) -> str | None:
    """No value this time: the next check-in is a period after this one's due date."""
    found = await _allowed(svc, team, user, value)
    if isinstance(found, str):
        return found
    tracked, due = found
    try:
        row = await svc.storage.skip_checkin(tracked.metric.id, due=due, team_id=team)
    except (NotFound, RoadmapConflict):
        return svc.wording.metrics.closed
    metrics = Metrics(svc.storage, svc.clock)
    after = await metrics.get(row.id, team_id=team)
    text = fill(svc.wording.metrics.skipped, due=after.metric.next_due.isoformat())
    await _tell(svc, team, user, text, where)
    return None


async def retire(svc: Services, *, team: int, user: str, metadata: str, reason: str) -> str | None:
    """Close the metric with the reason given; None when done."""
    button, where = parse_metadata(metadata)
    found = await _allowed(svc, team, user, button)
    if isinstance(found, str):
        return found
    tracked = found[0]
    try:
        await svc.storage.set_metric_state(
            tracked.metric.id, state="closed", reason=reason, team_id=team
        )
    except NotFound:
        return svc.wording.metrics.expired
    text = fill(svc.wording.metrics.retired, name=tracked.metric.name, reason=reason)
    await _tell(svc, team, user, text, where)
    return None


async def _store(
    svc: Services,
    team: int,
    user: str,
    tracked: Tracked,
    value: float,
    source: str,
    confidence: Confidence | None,
    note: str | None,
    where: Where,
) -> str | None:
    metrics = Metrics(svc.storage, svc.clock)
    try:
        after, _ = await metrics.record(
            tracked.metric.id,
            value,
            source=source,
            confidence=confidence,
            note=note,
            team_id=team,
        )
    except MetricInputError as exc:
        return str(exc)
    except (NotFound, RoadmapConflict):
        return svc.wording.metrics.closed
    text = fill(
        svc.wording.metrics.recorded,
        value=number_text(value, tracked.metric.unit),
        date=metrics.today().isoformat(),
        status=after.reading.status.label,
    )
    await _tell(svc, team, user, text, where)
    return None


async def _tell(svc: Services, team: int, user: str, text: str, where: Where) -> None:
    """The check-in DM's buttons give way to what was done (or a DM says it)."""
    message = outcome_message(text)
    out: Outgoing = update(where[0], where[1], message) if where else post(user, message)
    await svc.storage.enqueue(team_id=team, messages=[out])
    svc.sender.wake()


async def home_metrics(svc: Services, *, team: int, user: str) -> list[dict[str, Any]]:
    """The Home tab's part for a metric owner: their committed metrics, worst first."""
    metrics = Metrics(svc.storage, svc.clock)
    mine = [
        t
        for t in await metrics.tracked(team, states=[MetricState.COMMITTED])
        if t.metric.owner == user
    ]
    today = metrics.today()
    owned = [
        OwnedMetric(
            name=" ".join(t.metric.name.split()),
            value=number_text(t.reading.latest, t.metric.unit),
            status=t.reading.status.label,
            due=t.metric.next_due.isoformat(),
            is_due=t.metric.next_due <= today,
        )
        for t in worst_first(mine)
    ]
    return build_metrics_home(owned, wording=svc.wording)
