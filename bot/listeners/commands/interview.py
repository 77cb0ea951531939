"""`/interview`: ack at once, then open the modal or run the sub-command's use case."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commands import (
    Cancel,
    DigestPreview,
    FollowUp,
    Help,
    ListInterviews,
    OpenModal,
    StartNow,
    Status,
    Summary,
    Usage,
    parse_command_text,
)
from bot.blocks.messages import build_usage
from bot.listeners.context import services, team_of
from bot.slack import commands
from bot.slack.modals import new_interview_modal
from bot.slack.starting import start_interview


async def handle_interview(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Dispatch `/interview [args]`; usage errors are answered in the ack and store nothing."""
    svc, user, team = services(context), str(body.get("user_id", "")), team_of(body)
    command = parse_command_text(str(body.get("text", "")))
    if isinstance(command, Help | Usage):
        reason = command.reason if isinstance(command, Usage) else None
        await ack(**build_usage(reason=reason, wording=svc.wording))
        return
    await ack()
    match command:
        case OpenModal():
            await client.views_open(trigger_id=body["trigger_id"], view=new_interview_modal(svc))
            return
        case StartNow(user_id=stakeholder, purpose=purpose):
            reply = await start_interview(
                svc, slack_team_id=team, facilitator=user, stakeholder=stakeholder, purpose=purpose
            )
        case ListInterviews():
            reply = await commands.list_interviews(svc, slack_team_id=team, user=user)
        case Status(interview_id=iid):
            reply = await commands.status(svc, slack_team_id=team, user=user, interview_id=iid)
        case Summary(interview_id=iid):
            reply = await commands.summary(svc, slack_team_id=team, user=user, interview_id=iid)
        case Cancel(interview_id=iid):
            reply = await commands.cancel(svc, slack_team_id=team, user=user, interview_id=iid)
        case FollowUp(interview_id=iid, question=question):
            reply = await commands.follow_up(
                svc, slack_team_id=team, user=user, interview_id=iid, question=question
            )
        case DigestPreview():
            reply = await commands.digest_preview(svc, slack_team_id=team)
    await respond(text=reply, response_type="ephemeral")
