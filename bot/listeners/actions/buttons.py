"""Button listeners: ack, read the button's value, call the use case, show its reply."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.modals import parse_correct_pick
from bot.blocks.values import parse_button_value, parse_pick_value
from bot.listeners.context import services, slack_team_of, team_of, user_of
from bot.slack import dm, home
from bot.slack.buttons import Click, handle_click
from bot.slack.modals import correct_modal, new_interview_modal, titles_modal


async def handle_interview_button(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Start, Not now, Skip, Root cause, Back, Use my message, Pause, Resume, Looks right."""
    await ack()
    svc = services(context)
    try:
        interview_id, key = parse_button_value(str(action.get("value", "")))
    except ValueError:
        return  # not a value we wrote: nothing to do
    message = body.get("message") or {}
    click = Click(
        team=await team_of(context),
        user=user_of(context),
        action_id=str(action.get("action_id")),
        interview_id=interview_id,
        question_key=key,
        channel=(body.get("channel") or {}).get("id"),
        message_ts=message.get("ts"),
        message_blocks=tuple(message.get("blocks") or ()),
        message_text=str(message.get("text", "")),
        label=str((action.get("text") or {}).get("text", "")),
    )
    reply = await handle_click(svc, click)
    if reply:
        await respond(text=reply, response_type="ephemeral", replace_original=False)


async def handle_pick(
    ack: AsyncAck, action: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """'Which interview is this answer for?': apply the waiting answer to the chosen one."""
    await ack()
    svc = services(context)
    try:
        inbox_id, interview_id = parse_pick_value(str(action.get("value", "")))
    except ValueError:
        return
    team = await team_of(context)
    user = user_of(context)
    outcome = await dm.handle_pick(
        svc, team=team, user=user, inbox_id=inbox_id, interview_id=interview_id
    )
    if outcome != "answered":
        await respond(
            text=svc.wording.notice.stale_button, response_type="ephemeral", replace_original=False
        )


async def handle_correct(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """'Correct something': open a modal listing the answers given."""
    await ack()
    svc = services(context)
    try:
        interview_id, _ = parse_button_value(str(action.get("value", "")))
    except ValueError:
        return
    user = user_of(context)
    view = await correct_modal(
        svc, slack_team_id=slack_team_of(context), user=user, interview_id=interview_id
    )
    if isinstance(view, str):
        await respond(text=view, response_type="ephemeral", replace_original=False)
        return
    await client.views_open(trigger_id=body["trigger_id"], view=view)


async def handle_correct_pick(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """A question picked in 'Correct something': show the modal again with its answer filled in."""
    await ack()
    view = body.get("view") or {}
    picked = parse_correct_pick(view, action)
    if picked is None:
        return
    interview_id, key = picked
    updated = await correct_modal(
        services(context),
        slack_team_id=slack_team_of(context),
        user=user_of(context),
        interview_id=interview_id,
        chosen=key,
    )
    if isinstance(updated, dict):  # else the interview went away meanwhile: leave the modal be
        await client.views_update(view_id=view["id"], hash=view.get("hash"), view=updated)


async def handle_home_summary(
    ack: AsyncAck, action: dict[str, Any], context: AsyncBoltContext
) -> None:
    """App Home's Open summary: the summary is sent to the reader's DM with the app."""
    await ack()
    try:
        interview_id, _ = parse_button_value(str(action.get("value", "")))
    except ValueError:
        return
    await home.open_summary(
        services(context),
        slack_team_id=slack_team_of(context),
        user=user_of(context),
        interview_id=interview_id,
    )


async def handle_new_interview_button(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """App Home's New interview button: the same modal as `/interview`."""
    await ack()
    await client.views_open(
        trigger_id=body["trigger_id"], view=new_interview_modal(services(context))
    )


async def handle_edit_titles(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """'Edit titles' at the playback: open a modal with each pain point's proposed title."""
    await ack()
    try:
        interview_id, _ = parse_button_value(str(action.get("value", "")))
    except ValueError:
        return
    view = await titles_modal(
        services(context),
        slack_team_id=slack_team_of(context),
        user=user_of(context),
        interview_id=interview_id,
    )
    if isinstance(view, str):
        await respond(text=view, response_type="ephemeral", replace_original=False)
        return
    await client.views_open(trigger_id=body["trigger_id"], view=view)
