"""The check-in modals: Record value and No longer relevant."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.blocks import metric_ids as ids
from bot.blocks.metrics import read_record, read_retire
from bot.listeners.context import services, team_of, user_of
from bot.slack import metrics
from bot.slack.roadmap import notify


async def handle_record(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """A value, a confidence and a note."""
    svc = services(context)
    parsed = read_record(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    metadata, value, confidence, note = parsed
    team, user = await team_of(context), user_of(context)
    reply = await metrics.record(
        svc, team=team, user=user, metadata=metadata, value=value, confidence=confidence, note=note
    )
    if reply:
        await notify(svc, team=team, user=user, text=reply)


async def handle_retire(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """Why the metric is no longer relevant: close it."""
    svc = services(context)
    parsed = read_retire(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    team, user = await team_of(context), user_of(context)
    reply = await metrics.retire(svc, team=team, user=user, metadata=parsed[0], reason=parsed[1])
    if reply:
        await notify(svc, team=team, user=user, text=reply)


def register_metrics(app: AsyncApp) -> None:
    """Register the check-in modals."""
    app.view(ids.RECORD_VIEW)(handle_record)
    app.view(ids.RETIRE_VIEW)(handle_retire)
