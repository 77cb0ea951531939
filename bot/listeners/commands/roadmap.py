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

from bot.blocks.commands import (
    RoadmapCommand,
    RoadmapDuplicates,
    RoadmapExport,
    RoadmapPlan,
    RoadmapPost,
    RoadmapShow,
    SizeRequest,
    parse_command_text,
)
from bot.listeners.context import services, slack_team_of, user_of
from bot.roadmap.files import FORMATS
from bot.slack import roadmap, roadmap_duplicates, roadmap_export, roadmap_sizing


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
    svc, user, slack_team = services(context), user_of(context), slack_team_of(context)
    command = parse_command_text(str(body.get("text", "")))
    reply: dict[str, Any] | str = svc.wording.notice.failed
    match command:
        case RoadmapShow(candidate_id=None):
            reply = await roadmap.top_list(svc, slack_team_id=slack_team)
        case RoadmapShow(candidate_id=int(cid)):
            team = await svc.team_id(slack_team)
            reply = await roadmap.card(svc, team=team, user=user, candidate_id=cid)
            if not isinstance(reply, str):
                await client.views_open(trigger_id=body["trigger_id"], view=reply)
                return
        case RoadmapPlan():
            reply = await roadmap.plan(svc, slack_team_id=slack_team)
        case RoadmapPost(channel=channel):
            reply = await roadmap.post_to_channel(
                svc, slack_team_id=slack_team, user=user, channel=channel
            )
        case RoadmapDuplicates():
            reply = await roadmap_duplicates.send_pending(svc, slack_team_id=slack_team, user=user)
        case RoadmapExport(fmt=fmt) if fmt in FORMATS:
            reply = await roadmap_export.send_export(
                svc, slack_team_id=slack_team, user=user, fmt=fmt
            )
        case SizeRequest(candidate_id=cid, engineer=engineer):
            team = await svc.team_id(slack_team)
            reply = await roadmap_sizing.ask(
                svc, team=team, user=user, candidate_id=cid, engineer=engineer
            )
    if isinstance(reply, str):
        await respond(text=reply, response_type="ephemeral")
    else:
        await respond(**reply, response_type="ephemeral")
