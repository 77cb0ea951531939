"""Roadmap form submissions: a bad field is shown in the form; a good one closes it, is stored,
and the candidate's card underneath shows the change."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.blocks import roadmap as ids
from bot.blocks.roadmap_forms import (
    parse_impact,
    parse_note,
    parse_override,
    parse_sizing,
    parse_verdict,
)
from bot.listeners.context import services, team_of
from bot.slack import roadmap, roadmap_card, roadmap_sizing


def _who(body: dict[str, Any], view: dict[str, Any]) -> tuple[str, str, str | None]:
    """(Slack team, user, the card under this form) of a submission."""
    return team_of(body), str(body["user"]["id"]), view.get("previous_view_id")


async def handle_impact(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Impact and SMART metric."""
    svc = services(context)
    today = svc.clock.now().date()
    parsed = parse_impact(view, wording=svc.wording, today=today)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    slack_team, user, card = _who(body, view)
    team = await svc.team_id(slack_team)
    candidate_id, form = parsed
    reply = await roadmap_card.save_impact(
        svc, team=team, user=user, candidate_id=candidate_id, impact=form, today=today
    )
    await roadmap.refresh_card(svc, team=team, view_id=card, candidate_id=candidate_id)
    if reply:
        await roadmap.notify(svc, team=team, user=user, text=reply)


async def handle_sizing(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Ask an engineer for a size."""
    svc = services(context)
    parsed = parse_sizing(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    slack_team, user, _ = _who(body, view)
    team = await svc.team_id(slack_team)
    candidate_id, engineer = parsed
    reply = await roadmap_sizing.ask(
        svc, team=team, user=user, candidate_id=candidate_id, engineer=engineer
    )
    await roadmap.notify(svc, team=team, user=user, text=reply)


async def handle_override(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Override the priority (with a reason), or go back to the formula."""
    svc = services(context)
    parsed = parse_override(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    slack_team, user, card = _who(body, view)
    team = await svc.team_id(slack_team)
    candidate_id, priority, reason = parsed
    reply = await roadmap_card.save_override(
        svc, team=team, user=user, candidate_id=candidate_id, priority=priority, reason=reason
    )
    await roadmap.refresh_card(svc, team=team, view_id=card, candidate_id=candidate_id)
    if reply:
        await roadmap.notify(svc, team=team, user=user, text=reply)


async def handle_verdict(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Validated, refuted or a hypothesis again, with the evidence."""
    svc = services(context)
    parsed = parse_verdict(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    slack_team, user, card = _who(body, view)
    team = await svc.team_id(slack_team)
    reply = await roadmap_card.save_verdict(svc, team=team, user=user, verdict=parsed)
    await roadmap.refresh_card(svc, team=team, view_id=card, candidate_id=parsed.candidate_id)
    if reply:
        await roadmap.notify(svc, team=team, user=user, text=reply)


async def handle_note(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """An engineer's size with a note."""
    svc = services(context)
    parsed = parse_note(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    slack_team, user, _ = _who(body, view)
    team = await svc.team_id(slack_team)
    request_id, size, note = parsed
    reply = await roadmap_sizing.answer(
        svc, team=team, user=user, request_id=request_id, size=size, note=note
    )
    if reply:
        await roadmap.notify(svc, team=team, user=user, text=reply)


def register_roadmap(app: AsyncApp) -> None:
    """Register the roadmap's forms."""
    app.view(ids.IMPACT_VIEW)(handle_impact)
    app.view(ids.SIZING_VIEW)(handle_sizing)
    app.view(ids.OVERRIDE_VIEW)(handle_override)
    app.view(ids.VERDICT_VIEW)(handle_verdict)
    app.view(ids.NOTE_VIEW)(handle_note)
