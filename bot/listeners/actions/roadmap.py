"""Roadmap buttons: Details, the card's forms, root-cause checks, merge decisions and undo,
and the engineer's size buttons. Each acks, reads the value and calls one use case."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import roadmap_ids as ids
from bot.blocks.values import parse_id
from bot.listeners.context import services, team_of, user_of
from bot.roadmap.trade_offs import Choice
from bot.slack import confidential, roadmap, roadmap_card, roadmap_duplicates, roadmap_sizing

_FORMS = {
    ids.IMPACT: "impact",
    ids.ASK_SIZING: "sizing",
    ids.OVERRIDE: "override",
    ids.EDIT_TEXT: "text",
}
_SIZES = {action_id: size for size, action_id in ids.SIZE.items()}


def _id(action: dict[str, Any]) -> int:
    """The id a button (or the option picked in a menu) carries; 0 (found nowhere) for a
    value we did not write."""
    picked = action.get("selected_option")
    value = picked.get("value", "") if isinstance(picked, dict) else action.get("value", "")
    try:
        return parse_id(str(value))
    except ValueError:
        return 0


def _message(body: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]] | None:
    """(channel, ts, blocks) of the message clicked in, when it was a message."""
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    if not (channel and message.get("ts")):
        return None
    return str(channel), str(message["ts"]), list(message.get("blocks") or [])


def _card(body: dict[str, Any]) -> str | None:
    """The card (a view) clicked in, when it was one."""
    view_id = (body.get("view") or {}).get("id")
    return str(view_id) if view_id else None


async def _say(
    respond: AsyncRespond, body: dict[str, Any], text: str | None, context: AsyncBoltContext
) -> None:
    """A short reply: ephemeral under a message, by DM from a view (which has no response_url)."""
    if not text:
        return
    if body.get("response_url"):
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    svc = services(context)
    await roadmap.notify(svc, team=await team_of(context), user=user_of(context), text=text)


async def _open(
    view: dict[str, Any] | str,
    open_view: Any,
    respond: AsyncRespond,
    body: dict[str, Any],
    context: AsyncBoltContext,
) -> None:
    """Open (or push) the view a use case built, or say why it cannot open."""
    if isinstance(view, str):
        await _say(respond, body, view, context)
    else:
        await open_view(trigger_id=body["trigger_id"], view=view)


async def handle_details(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Open a candidate's card."""
    await ack()
    view = await roadmap.card(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        candidate_id=_id(action),
    )
    await _open(view, client.views_open, respond, body, context)


async def handle_card_form(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Impact and metric, Ask for sizing, Override priority, Check root cause: push a form."""
    await ack()
    svc, action_id = services(context), str(action.get("action_id", ""))
    team, user = await team_of(context), user_of(context)
    if action_id == ids.VERDICT:
        value = str(action.get("value", ""))
        view = await roadmap_card.verdict_form(svc, team=team, user=user, value=value)
    else:
        view = await roadmap_card.form(
            svc, team=team, user=user, which=_FORMS[action_id], candidate_id=_id(action)
        )
    await _open(view, client.views_push, respond, body, context)


async def handle_decision(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Merge them / Not the same, in the facilitator's DM."""
    await ack()
    reply = await roadmap_duplicates.decide(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        suggestion_id=_id(action),
        merge=action.get("action_id") == ids.MERGE,
        message=_message(body),
    )
    await _say(respond, body, reply, context)


async def handle_same_as(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """*Same as #N*, on a card or in the DM about new candidates."""
    await ack()
    reply = await roadmap_duplicates.same_as(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        value=str(action.get("value", "")),
        card=_card(body),
        message=_message(body),
    )
    await _say(respond, body, reply, context)


async def handle_mine_is(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """*Mine is #N*, the stakeholder's answer after the playback."""
    await ack()
    reply = await roadmap_duplicates.mine_is(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        value=str(action.get("value", "")),
        message=_message(body),
    )
    await _say(respond, body, reply, context)


async def handle_mine_is_confidential(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """*Mine is #N* after a confidential interview's playback."""
    await ack()
    reply = await confidential.mine_is_confidential(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        value=str(action.get("value", "")),
        message=_message(body),
    )
    await _say(respond, body, reply, context)


async def handle_undo_merge(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Undo a merge, from a DM or from the kept candidate's card."""
    await ack()
    reply = await roadmap_card.undo(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        merge_id=_id(action),
        card=_card(body),
        message=_message(body),
    )
    await _say(respond, body, reply, context)


async def handle_size(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """An engineer's XS-XL click."""
    await ack()
    where = _message(body)
    retire = (*where, str((body.get("message") or {}).get("text", ""))) if where else None
    reply = await roadmap_sizing.answer(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        request_id=_id(action),
        size=_SIZES[str(action.get("action_id", ""))],
        retire=retire,
    )
    await _say(respond, body, reply, context)


async def handle_not_mine(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """*Not mine to size*, in the engineer's DM."""
    await ack()
    where = _message(body)
    retire = (*where, str((body.get("message") or {}).get("text", ""))) if where else None
    reply = await roadmap_sizing.not_mine(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        request_id=_id(action),
        retire=retire,
    )
    await _say(respond, body, reply, context)


async def handle_size_note(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Size with a note: open the engineer's form."""
    await ack()
    view = await roadmap_sizing.note_form(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        request_id=_id(action),
    )
    await _open(view, client.views_open, respond, body, context)


async def handle_status(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """A new status picked on the card."""
    await ack()
    reply = await roadmap_card.set_status(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        candidate_id=_id({"value": (body.get("view") or {}).get("private_metadata", "")}),
        status=str((action.get("selected_option") or {}).get("value", "")),
        card=_card(body),
    )
    await _say(respond, body, reply, context)


async def handle_confirm_drafts(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """*Confirm drafts* on the card."""
    await ack()
    reply = await roadmap_card.confirm_drafts(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        candidate_id=_id(action),
        card=_card(body),
    )
    await _say(respond, body, reply, context)


async def handle_trade_off(
    ack: AsyncAck,
    action: dict[str, Any],
    body: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Keep or Swap under a big item in the plan: the plan comes back with the decision."""
    await ack()
    choice = Choice.KEEP if action.get("action_id") == ids.KEEP else Choice.SWAP
    reply = await roadmap.decide_trade_off(
        services(context),
        team=await team_of(context),
        user=user_of(context),
        value=str(action.get("value", "")),
        choice=choice,
    )
    if isinstance(reply, str):
        await _say(respond, body, reply, context)
    else:
        await respond(**reply, replace_original=True)


def register_roadmap(app: AsyncApp) -> None:
    """Register the roadmap's buttons."""
    app.action(ids.DETAILS)(handle_details)
    for action_id in (*_FORMS, ids.VERDICT):
        app.action(action_id)(handle_card_form)
    for action_id in (ids.MERGE, ids.NOT_SAME):
        app.action(action_id)(handle_decision)
    app.action(ids.SAME_AS)(handle_same_as)
    app.action(ids.MINE_IS)(handle_mine_is)
    app.action(ids.MINE_IS_CONFIDENTIAL)(handle_mine_is_confidential)
    app.action(ids.UNDO_MERGE)(handle_undo_merge)
    for action_id in _SIZES:
        app.action(action_id)(handle_size)
    app.action(ids.SIZE_NOTE)(handle_size_note)
    app.action(ids.NOT_MINE)(handle_not_mine)
    app.action(ids.STATUS)(handle_status)
    app.action(ids.CONFIRM_DRAFTS)(handle_confirm_drafts)
    for action_id in (ids.KEEP, ids.SWAP):
        app.action(action_id)(handle_trade_off)
