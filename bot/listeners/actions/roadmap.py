"""Roadmap buttons: Details, the card's forms, root-cause checks, merge decisions and undo,
and the engineer's size buttons. Each acks, reads the value and calls one use case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


Payload = dict[str, Any]
Arguments = Callable[[Payload, Payload], dict[str, Any]]
"""(action, body) -> the use case's own keyword arguments, read from the payload."""


def replying(use_case: Callable[..., Awaitable[str | None]], arguments: Arguments, doc: str) -> Any:
    """A listener that acks, calls `use_case(services, team=, user=, **arguments(action,
    body))` and says the sentence it returns (ephemeral under a message, else by DM)."""

    async def listener(
        ack: AsyncAck,
        action: Payload,
        body: Payload,
        respond: AsyncRespond,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        reply = await use_case(
            services(context),
            team=await team_of(context),
            user=user_of(context),
            **arguments(action, body),
        )
        await _say(respond, body, reply, context)

    listener.__doc__ = doc
    return listener


def _value(action: Payload) -> str:
    return str(action.get("value", ""))


def _retire(body: Payload) -> tuple[str, str, list[dict[str, Any]], str] | None:
    """The engineer's DM, and its text, to retire once they answered."""
    where = _message(body)
    return (*where, str((body.get("message") or {}).get("text", ""))) if where else None


handle_decision = replying(
    roadmap_duplicates.decide,
    lambda a, b: {
        "suggestion_id": _id(a),
        "merge": a.get("action_id") == ids.MERGE,
        "message": _message(b),
    },
    "Merge them / Not the same, in the facilitator's DM.",
)
handle_same_as = replying(
    roadmap_duplicates.same_as,
    lambda a, b: {"value": _value(a), "card": _card(b), "message": _message(b)},
    "*Same as #N*, on a card or in the DM about new candidates.",
)
handle_mine_is = replying(
    roadmap_duplicates.mine_is,
    lambda a, b: {"value": _value(a), "message": _message(b)},
    "*Mine is #N*, the stakeholder's answer after the playback.",
)
handle_mine_is_confidential = replying(
    confidential.mine_is_confidential,
    lambda a, b: {"value": _value(a), "message": _message(b)},
    "*Mine is #N* after a confidential interview's playback.",
)
handle_undo_merge = replying(
    roadmap_card.undo,
    lambda a, b: {"merge_id": _id(a), "card": _card(b), "message": _message(b)},
    "Undo a merge, from a DM or from the kept candidate's card.",
)
handle_size = replying(
    roadmap_sizing.answer,
    lambda a, b: {
        "request_id": _id(a),
        "size": _SIZES[str(a.get("action_id", ""))],
        "retire": _retire(b),
    },
    "An engineer's XS-XL click.",
)
handle_not_mine = replying(
    roadmap_sizing.not_mine,
    lambda a, b: {"request_id": _id(a), "retire": _retire(b)},
    "*Not mine to size*, in the engineer's DM.",
)
handle_status = replying(
    roadmap_card.set_status,
    lambda a, b: {
        "candidate_id": _id({"value": (b.get("view") or {}).get("private_metadata", "")}),
        "status": str((a.get("selected_option") or {}).get("value", "")),
        "card": _card(b),
    },
    "A new status picked on the card.",
)
handle_confirm_drafts = replying(
    roadmap_card.confirm_drafts,
    lambda a, b: {"candidate_id": _id(a), "card": _card(b)},
    "*Confirm drafts* on the card.",
)


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
