"""Roadmap buttons: Details, the card's forms, root-cause checks, merge decisions and undo,
and the engineer's size buttons. Each acks, reads the value and calls one use case."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import roadmap as ids
from bot.blocks.values import parse_id
from bot.listeners.context import services, team_of
from bot.slack import roadmap, roadmap_card, roadmap_duplicates, roadmap_sizing

_FORMS = {ids.IMPACT: "impact", ids.ASK_SIZING: "sizing", ids.OVERRIDE: "override"}
_SIZES = {action_id: size for size, action_id in ids.SIZE.items()}


def _clicked(body: dict[str, Any]) -> tuple[str, str]:
    action: dict[str, Any] = (body.get("actions") or [{}])[0]
    return str(action.get("action_id", "")), str(action.get("value", ""))


def _id(value: str) -> int:
    """The id a button carries; 0 (found nowhere) for a value we did not write."""
    try:
        return parse_id(value)
    except ValueError:
        return 0


def _message(body: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]] | None:
    """(channel, ts, blocks) of the message clicked in, when it was a message."""
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    if not (channel and message.get("ts")):
        return None
    return str(channel), str(message["ts"]), list(message.get("blocks") or [])


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
    team = await svc.team_id(team_of(body))
    await roadmap.notify(svc, team=team, user=str(body["user"]["id"]), text=text)


async def handle_details(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Open a candidate's card."""
    await ack()
    svc, (_, value) = services(context), _clicked(body)
    team = await svc.team_id(team_of(body))
    view = await roadmap.card(svc, team=team, user=str(body["user"]["id"]), candidate_id=_id(value))
    if isinstance(view, str):
        await _say(respond, body, view, context)
    else:
        await client.views_open(trigger_id=body["trigger_id"], view=view)


async def handle_card_form(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Impact and metric, Ask for sizing, Override priority, Check root cause: push a form."""
    await ack()
    svc, (action_id, value) = services(context), _clicked(body)
    team, user = await svc.team_id(team_of(body)), str(body["user"]["id"])
    if action_id == ids.VERDICT:
        view = await roadmap_card.verdict_form(svc, team=team, user=user, value=value)
    else:
        view = await roadmap_card.form(
            svc, team=team, user=user, which=_FORMS[action_id], candidate_id=_id(value)
        )
    if isinstance(view, str):
        await _say(respond, body, view, context)
    else:
        await client.views_push(trigger_id=body["trigger_id"], view=view)


async def handle_decision(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """Merge them / Not the same, in the facilitator's DM."""
    await ack()
    svc, (action_id, value) = services(context), _clicked(body)
    reply = await roadmap_duplicates.decide(
        svc,
        team=await svc.team_id(team_of(body)),
        user=str(body["user"]["id"]),
        suggestion_id=_id(value),
        merge=action_id == ids.MERGE,
        message=_message(body),
    )
    await _say(respond, body, reply, context)


async def handle_undo_merge(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """Undo a merge, from a DM or from the kept candidate's card."""
    await ack()
    svc, (_, value) = services(context), _clicked(body)
    team = await svc.team_id(team_of(body))
    note, kept = await roadmap_card.undo_merge(
        svc, team=team, user=str(body["user"]["id"]), merge_id=_id(value)
    )
    view_id = (body.get("view") or {}).get("id")
    if view_id and kept is not None:
        await roadmap.refresh_card(svc, team=team, view_id=view_id, candidate_id=kept)
    elif kept is not None:
        await roadmap_duplicates.undo_in_message(svc, team=team, note=note, message=_message(body))
    else:
        await _say(respond, body, note, context)


async def handle_size(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """An engineer's XS-XL click."""
    await ack()
    svc, (action_id, value) = services(context), _clicked(body)
    where = _message(body)
    retire = (*where, str((body.get("message") or {}).get("text", ""))) if where else None
    reply = await roadmap_sizing.answer(
        svc,
        team=await svc.team_id(team_of(body)),
        user=str(body["user"]["id"]),
        request_id=_id(value),
        size=_SIZES[action_id],
        retire=retire,
    )
    await _say(respond, body, reply, context)


async def handle_size_note(
    ack: AsyncAck,
    body: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Size with a note: open the engineer's form."""
    await ack()
    svc, (_, value) = services(context), _clicked(body)
    team = await svc.team_id(team_of(body))
    view = await roadmap_sizing.note_form(
        svc, team=team, user=str(body["user"]["id"]), request_id=_id(value)
    )
    if isinstance(view, str):
        await _say(respond, body, view, context)
    else:
        await client.views_open(trigger_id=body["trigger_id"], view=view)


async def handle_status(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    """A new status picked on the card."""
    await ack()
    svc = services(context)
    action: dict[str, Any] = (body.get("actions") or [{}])[0]
    status = str((action.get("selected_option") or {}).get("value", ""))
    candidate_id = _id(str((body.get("view") or {}).get("private_metadata", "")))
    team = await svc.team_id(team_of(body))
    reply = await roadmap_card.set_status(
        svc, team=team, user=str(body["user"]["id"]), candidate_id=candidate_id, status=status
    )
    view_id = (body.get("view") or {}).get("id")
    await roadmap.refresh_card(svc, team=team, view_id=view_id, candidate_id=candidate_id)
    await _say(respond, body, reply, context)


def register_roadmap(app: AsyncApp) -> None:
    """Register the roadmap's buttons."""
    app.action(ids.DETAILS)(handle_details)
    for action_id in (*_FORMS, ids.VERDICT):
        app.action(action_id)(handle_card_form)
    for action_id in (ids.MERGE, ids.NOT_SAME):
        app.action(action_id)(handle_decision)
    app.action(ids.UNDO_MERGE)(handle_undo_merge)
    for action_id in _SIZES:
        app.action(action_id)(handle_size)
    app.action(ids.SIZE_NOTE)(handle_size_note)
    app.action(ids.STATUS)(handle_status)
