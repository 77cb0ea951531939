"""`/interview roadmap ...` and `/interview size N @engineer`: ack, then the roadmap use case.

Registered before the general `/interview` listener with a matcher, so the roadmap's
sub-commands reach this listener and every other text reaches that one.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commands import RoadmapCommand, parse_command_text
from bot.listeners.context import services, slack_team_of, user_of
from bot.slack import roadmap_commands


async def is_roadmap_command(body: dict[str, Any]) -> bool:
    """Whether the command's text is one of the roadmap's sub-commands."""
    return isinstance(parse_command_text(str(body.get("text", ""))), RoadmapCommand)


async def handle_roadmap(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Show, post, plan, open a card, send duplicates or the sheet, or ask for sizing."""
    await ack()
    svc, command = services(context), parse_command_text(str(body.get("text", "")))
    if not isinstance(command, RoadmapCommand):
        return  # the matcher let only roadmap commands through
    reply = await roadmap_commands.run(
        svc, command, slack_team_id=slack_team_of(context), user=user_of(context)
    )
    if isinstance(reply, roadmap_commands.OpenCard):
        await client.views_open(trigger_id=body["trigger_id"], view=reply.view)
    elif isinstance(reply, str):
        await respond(text=reply, response_type="ephemeral")
    else:
        await respond(**reply, response_type="ephemeral")
