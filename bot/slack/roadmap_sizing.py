"""Sizing by DM: ask an engineer, take their T-shirt size (with an optional note), tell whoever
asked. Once answered, the sizes give way to *Change size*: a later click on an old size button
changes nothing, and a change says what the size was before. Anyone else's click changes
nothing."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks.sizing import (
    build_declined,
    build_not_mine_notice,
    build_note_modal,
    build_size_ask,
    build_size_decided,
    build_sized_notice,
)
from bot.blocks.text import fill, mention
from bot.roadmap.model import Size
from bot.roadmap.service import candidate_of
from bot.roadmap.stored import sizing_of
from bot.slack.access import can_size
from bot.slack.present import post, update
from bot.slack.roadmap import editable_candidate, notify
from bot.slack.services import Services
from storage import AlreadyHandled, CandidateRow, NotFound, Outgoing, RoadmapConflict, SizingRow

logger = logging.getLogger(__name__)


async def ask(
    svc: Services,
    *,
    team: int,
    user: str,
    candidate_id: int,
    engineer: str,
    note: str | None = None,
) -> str:
    """DM an engineer the candidate, the scale and `note`, with XS-XL buttons; the reply says
    who was asked."""
    allowed = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(allowed, str):
        return allowed
    if not await _is_person(svc, engineer):
        return svc.wording.roadmap.not_an_engineer

    def outbox(request: SizingRow, candidate: CandidateRow) -> list[Outgoing]:
        message = build_size_ask(
            sizing_of(request),
            candidate_of(candidate),
            wording=svc.wording,
            points=svc.settings.roadmap_points,
            capacity=svc.settings.roadmap_capacity,
        )
        return [post(engineer, message)]

    try:
        await svc.storage.request_sizing(
            team_id=team,
            candidate_id=candidate_id,
            engineer=engineer,
            requested_by=user,
            outbox=outbox,
            note=note,
        )
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    svc.sender.wake()
    return fill(svc.wording.roadmap.sizing_sent, person=mention(engineer), id=candidate_id)


async def ask_by_form(
    svc: Services, *, team: int, user: str, candidate_id: int, engineer: str, note: str | None
) -> None:
    """The ask-for-sizing form closed: ask (with the asker's note), and say by DM how it went."""
    reply = await ask(
        svc, team=team, user=user, candidate_id=candidate_id, engineer=engineer, note=note
    )
    await notify(svc, team=team, user=user, text=reply)


async def answer_by_form(
    svc: Services,
    *,
    team: int,
    user: str,
    request_id: int,
    size: Size,
    note: str | None,
    confidence: str | None = None,
) -> None:
    """The size-with-a-note form closed (also *Change size*, an explicit change): record it
    with the engineer's confidence, and say by DM what could not be done."""
    reply = await answer(
        svc,
        team=team,
        user=user,
        request_id=request_id,
        size=size,
        note=note,
        change=True,
        confidence=confidence,
    )
    if reply:
        await notify(svc, team=team, user=user, text=reply)


async def answer(
    svc: Services,
    *,
    team: int,
    user: str,
    request_id: int,
    size: Size,
    note: str | None = None,
    retire: tuple[str, str, list[dict[str, Any]], str] | None = None,
    change: bool = False,
    confidence: str | None = None,
) -> str | None:
    """Record the engineer's size on the candidate and tell whoever asked; `retire` is the
    clicked DM (channel, ts, blocks, text), whose buttons give way to what was chosen. A size
    button on an answered request is refused unless `change` (the explicit *Change size*)."""

    def outbox(request: SizingRow, candidate: CandidateRow, before: str | None) -> list[Outgoing]:
        messages = []
        if retire is not None:
            done = fill(svc.wording.roadmap.sized, id=candidate.id, size=size.value)
            messages.append(_decided(svc, retire, request.id, done))
        if request.requested_by != user:
            notice = build_sized_notice(
                sizing_of(request),
                candidate_of(candidate),
                wording=svc.wording,
                before=Size(before) if before else None,
            )
            messages.append(post(request.requested_by, notice))
        return messages

    try:
        done = await svc.storage.answer_sizing(
            team_id=team,
            request_id=request_id,
            engineer=user,
            size=size.value,
            note=note,
            outbox=outbox,
            change=change,
            confidence=confidence,
        )
    except AlreadyHandled:
        return await _already_sized(svc, team=team, request_id=request_id, retire=retire)
    except (NotFound, RoadmapConflict):
        done = None
    if done is None:
        return svc.wording.roadmap.sizing_stale
    svc.sender.wake()
    if retire is None:
        await notify(
            svc,
            team=team,
            user=user,
            text=fill(svc.wording.roadmap.sized, id=done.candidate_id, size=size.value),
        )
    return None


async def not_mine(
    svc: Services,
    *,
    team: int,
    user: str,
    request_id: int,
    retire: tuple[str, str, list[dict[str, Any]], str] | None = None,
) -> str | None:
    """*Not mine to size*: close the request, tell whoever asked, and spend the DM's buttons;
    the sentence to show when the request is not this person's or was already answered."""
    w = svc.wording.roadmap

    def outbox(request: SizingRow, candidate: CandidateRow) -> list[Outgoing]:
        shown = sizing_of(request)
        messages = [
            post(
                request.requested_by,
                build_not_mine_notice(shown, candidate_of(candidate), wording=svc.wording),
            )
        ]
        if retire is not None:
            channel, ts, blocks, text = retire
            done = fill(w.not_mine_done, id=candidate.id, person=mention(request.requested_by))
            messages.append(update(channel, ts, build_declined(blocks, fallback=text, note=done)))
        return messages

    try:
        done = await svc.storage.decline_sizing(
            team_id=team, request_id=request_id, engineer=user, outbox=outbox
        )
    except AlreadyHandled:
        return await _already_sized(svc, team=team, request_id=request_id, retire=retire)
    except (NotFound, RoadmapConflict):
        done = None
    if done is None:
        return w.sizing_stale
    svc.sender.wake()
    return None


async def _already_sized(
    svc: Services,
    *,
    team: int,
    request_id: int,
    retire: tuple[str, str, list[dict[str, Any]], str] | None,
) -> str:
    """An old size button clicked after the request was answered: nothing changes; the old
    message shows what was decided, and the reply says how to change it."""
    request = await svc.storage.get_sizing(request_id, team_id=team)
    size = request.size or "?"
    if retire is not None:
        done = fill(svc.wording.roadmap.sized, id=request.candidate_id, size=size)
        await svc.storage.enqueue(
            team_id=team, interview_id=None, messages=[_decided(svc, retire, request.id, done)]
        )
        svc.sender.wake()
    return fill(svc.wording.roadmap.already_sized, id=request.candidate_id, size=size)


def _decided(
    svc: Services, retire: tuple[str, str, list[dict[str, Any]], str], request_id: int, note: str
) -> Outgoing:
    """The clicked sizing DM with what was decided in place of the sizes, and *Change size*."""
    channel, ts, blocks, text = retire
    decided = build_size_decided(
        blocks, fallback=text, note=note, request_id=request_id, wording=svc.wording
    )
    return update(channel, ts, decided)


async def note_form(
    svc: Services, *, team: int, user: str, request_id: int
) -> dict[str, Any] | str:
    """The size-with-a-note form, for the engineer who was asked."""
    try:
        request = await svc.storage.get_sizing(request_id, team_id=team)
    except NotFound:
        return svc.wording.roadmap.sizing_stale
    if not can_size(request.engineer, user):
        return svc.wording.roadmap.sizing_stale
    current = Size(request.size) if request.size else None
    return build_note_modal(
        request.id, current=current, wording=svc.wording, confidence=request.confidence
    )


async def _is_person(svc: Services, user: str) -> bool:
    """Not an app, not a deactivated account (a DM to those fails); when Slack will not say,
    assume a person."""
    if user == svc.bot_user_id:
        return False
    try:
        response = await svc.client.users_info(user=user)
    except SlackApiError:
        return True
    found = response.get("user") or {}
    return not (found.get("is_bot") or found.get("deleted"))
