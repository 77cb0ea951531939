"""Buttons on reminders (snooze, I'd rather not) and on the re-check of pain points."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.blocks import ids
from bot.blocks.reminders import parse_check_value
from bot.blocks.values import parse_button_value
from bot.listeners.context import services, team_of, user_of
from bot.slack import nudges


async def handle_reminder_button(
    ack: AsyncAck, action: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """Snooze a day / a week, or I'd rather not."""
    await ack()
    svc = services(context)
    try:
        interview_id, _ = parse_button_value(str(action.get("value", "")))
    except ValueError:
        return
    team, user = await team_of(context), user_of(context)
    action_id = str(action.get("action_id"))
    if action_id == ids.DECLINE:
        reply = await nudges.decline(svc, team=team, user=user, interview_id=interview_id)
    else:
        reply = await nudges.snooze(
            svc, team=team, user=user, interview_id=interview_id, action_id=action_id
        )
    await respond(text=reply, response_type="ephemeral", replace_original=False)


async def handle_check_button(
    ack: AsyncAck, action: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """Still true / Not any more, for one pain point."""
    await ack()
    try:
        pain_point_id, holds = parse_check_value(str(action.get("value")))
    except ValueError:
        return
    svc = services(context)
    reply = await nudges.check(svc, user=user_of(context), pain_point_id=pain_point_id, holds=holds)
    await respond(text=reply, response_type="ephemeral", replace_original=False)
