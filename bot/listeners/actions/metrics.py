"""The check-in DM's buttons, and the answers to "did it fix it?" once a candidate shipped.
Each acks, reads the value and calls one use case."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import metric_ids as ids
from bot.listeners.actions.roadmap import _id, _open, _say
from bot.listeners.context import services, team_of, user_of
from bot.slack import metrics, shipped

_FORMS = {ids.RECORD: metrics.record_form, ids.RETIRE: metrics.retire_form}
_ANSWERS = {ids.NO_CHANGE: metrics.no_change, ids.SKIP: metrics.skip}
_SHIP_ANSWERS = {action_id: said for said, action_id in ids.SHIP_ANSWERS.items()}


def _where(body: dict[str, Any]) -> tuple[str, str] | None:
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    return (str(channel), str(message["ts"])) if channel and message.get("ts") else None


async def handle_checkin_form(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record value or No longer relevant: open its modal."""
    await ack()
    build = _FORMS[str(action.get("action_id"))]
    view = await build(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        value=str(action.get("value", "")),
        where=_where(body),
    )
    await _open(view, client.views_open, respond, body, context)


async def handle_checkin_answer(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """No change or Skip."""
    await ack()
    answer = _ANSWERS[str(action.get("action_id"))]
    reply = await answer(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        value=str(action.get("value", "")),
        where=_where(body),
    )
    await _say(respond, body, reply, context)


def register_metrics(app: AsyncApp) -> None:
    """Register the check-in DM's buttons."""
    for action_id in _FORMS:
        app.action(action_id)(handle_checkin_form)
    for action_id in _ANSWERS:
        app.action(action_id)(handle_checkin_answer)
    register_shipped(app)


async def handle_shipped_answer(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Fixed it, Partly, No or Too early to say, about a shipped candidate."""
    await ack()
    reply = await shipped.answer(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        ask_id=_id(action),
        said=_SHIP_ANSWERS[str(action.get("action_id"))],
        where=_where(body),
    )
    await _say(respond, body, reply, context)


def register_shipped(app: AsyncApp) -> None:
    """Register the answers to "did it fix it?"."""
    for action_id in _SHIP_ANSWERS:
        app.action(action_id)(handle_shipped_answer)
