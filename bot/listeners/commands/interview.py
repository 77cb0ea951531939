"""`/interview`: ack at once, then open the modal or run the sub-command's use case."""

from __future__ import annotations

import functools
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.commands import Help, OpenModal, Usage, UsageReason, parse_command_text
from bot.blocks.messages import build_usage
from bot.blocks.wording import SlackWording
from bot.listeners.context import services, slack_team_of, user_of
from bot.slack import commands
from bot.slack.modals import new_interview_modal


@functools.lru_cache(maxsize=32)
def _usage(reason: UsageReason | None, wording: SlackWording) -> dict[str, Any]:
    """The usage reply, built once per reason (it is the same for everyone)."""
    return build_usage(reason=reason, wording=wording)


async def handle_interview(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Dispatch `/interview [args]`; usage errors are answered in the ack and store nothing."""
    svc, user, team = services(context), user_of(context), slack_team_of(context)
    command = parse_command_text(str(body.get("text", "")))
    if isinstance(command, Help | Usage):
        reason = command.reason if isinstance(command, Usage) else None
        await ack(**_usage(reason, svc.wording))
        return
    await ack()
    if isinstance(command, OpenModal):
        await client.views_open(trigger_id=body["trigger_id"], view=new_interview_modal(svc))
        return

    async def work() -> None:
        reply = await commands.run(svc, command, slack_team_id=team, user=user)
        await respond(text=reply, response_type="ephemeral")

    async def failed() -> None:
        await respond(text=svc.wording.notice.failed, response_type="ephemeral")

    svc.background.spawn(work, name=f"/interview from {user}", failed=failed)
