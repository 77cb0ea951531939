"""Roadmap form submissions: a bad field is shown in the form; a good one closes it, and the
use case stores it and shows the candidate's card underneath again."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.blocks import roadmap_ids as ids
from bot.blocks.roadmap_forms import (
    parse_impact,
    parse_note,
    parse_override,
    parse_sizing,
    parse_verdict,
)
from bot.blocks.roadmap_text import parse_text
from bot.listeners.context import services, team_of, user_of
from bot.slack import roadmap_card, roadmap_sizing


async def handle_impact(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """Impact and SMART metric."""
    svc = services(context)
    today = svc.clock.now().date()
    parsed = parse_impact(view, wording=svc.wording, today=today)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    candidate_id, form = parsed
    await roadmap_card.save_impact(
        svc,
        team=await team_of(context),
        user=user_of(context),
        candidate_id=candidate_id,
        impact=form,
        today=today,
        card=view.get("previous_view_id"),
    )


async def handle_sizing(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """Ask an engineer for a size."""
    svc = services(context)
    parsed = parse_sizing(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    candidate_id, engineer = parsed
    await roadmap_sizing.ask_by_form(
        svc,
        team=await team_of(context),
        user=user_of(context),
        candidate_id=candidate_id,
        engineer=engineer,
    )


async def handle_override(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """Override the priority (with a reason), or go back to the formula."""
    svc = services(context)
    parsed = parse_override(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    candidate_id, priority, reason = parsed
    await roadmap_card.save_override(
        svc,
        team=await team_of(context),
        user=user_of(context),
        candidate_id=candidate_id,
        priority=priority,
        reason=reason,
        card=view.get("previous_view_id"),
    )


async def handle_verdict(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """Validated, refuted or a hypothesis again, with the evidence."""
    svc = services(context)
    parsed = parse_verdict(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    await roadmap_card.save_verdict(
        svc,
        team=await team_of(context),
        user=user_of(context),
        verdict=parsed,
        card=view.get("previous_view_id"),
    )


async def handle_note(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """An engineer's size with a note."""
    svc = services(context)
    parsed = parse_note(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    request_id, size, note = parsed
    await roadmap_sizing.answer_by_form(
        svc,
        team=await team_of(context),
        user=user_of(context),
        request_id=request_id,
        size=size,
        note=note,
    )


async def handle_text(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """A candidate's title and the teams it affects."""
    svc = services(context)
    parsed = parse_text(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    candidate_id, title, teams = parsed
    await roadmap_card.save_text(
        svc,
        team=await team_of(context),
        user=user_of(context),
        candidate_id=candidate_id,
        title=title,
        teams_affected=teams,
        card=view.get("previous_view_id"),
    )


def register_roadmap(app: AsyncApp) -> None:
    """Register the roadmap's forms."""
    app.view(ids.IMPACT_VIEW)(handle_impact)
    app.view(ids.SIZING_VIEW)(handle_sizing)
    app.view(ids.OVERRIDE_VIEW)(handle_override)
    app.view(ids.VERDICT_VIEW)(handle_verdict)
    app.view(ids.NOTE_VIEW)(handle_note)
    app.view(ids.TEXT_VIEW)(handle_text)
