"""Roadmap use cases behind `/interview roadmap ...` and the Home tab: the list, a channel post,
the plan, the card of one candidate, and who may change the roadmap.

New pain points of finished interviews become candidates whenever the roadmap is read (a cheap
no-op when there is nothing new); likely duplicates then go to the facilitator by DM.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks.elements import Block
from bot.blocks.messages import build_notice
from bot.blocks.roadmap import (
    build_duplicate,
    build_home_section,
    build_plan_message,
    build_roadmap_list,
)
from bot.blocks.roadmap_card import build_card
from bot.blocks.text import Mrkdwn, fill
from bot.roadmap.board import Board
from bot.roadmap.stored import merge_of, suggestion_of
from bot.slack.access import can_edit_roadmap
from bot.slack.present import post
from bot.slack.services import Services
from storage import Outgoing, SuggestionRow

logger = logging.getLogger(__name__)


def suggestion_messages(svc: Services, found: Sequence[SuggestionRow]) -> list[Outgoing]:
    """Each new likely duplicate, to the facilitator of the interview it came from."""
    out: list[Outgoing] = []
    for row in found:
        suggestion = suggestion_of(row)
        people = {e.facilitator_slack_id for e in suggestion.candidate.evidence}
        for person in sorted(p for p in people if p):
            out.append(post(person, build_duplicate(suggestion, wording=svc.wording)))
    return out


async def synced_board(svc: Services, team: int) -> Board:
    """Bring new pain points in (suggesting duplicates by DM), then the scored, planned board."""
    roadmap = svc.roadmap
    result = await roadmap.sync(team, outbox=lambda found: suggestion_messages(svc, found))
    if result.suggestions:
        svc.sender.wake()
    return await roadmap.board(team)


async def top_list(svc: Services, *, slack_team_id: str) -> dict[str, Any]:
    """The top candidates, for the person who asked (with Details buttons)."""
    team = await svc.team_id(slack_team_id)
    return build_roadmap_list(await synced_board(svc, team), wording=svc.wording)


async def plan(svc: Services, *, slack_team_id: str) -> dict[str, Any]:
    """The plan under capacity, for the person who asked."""
    team = await svc.team_id(slack_team_id)
    return build_plan_message(await synced_board(svc, team), wording=svc.wording)


async def post_to_channel(svc: Services, *, slack_team_id: str, user: str, channel: str) -> str:
    """Post the top candidates in a channel for everyone there; the reply says how it went."""
    team = await svc.team_id(slack_team_id)
    if not await can_edit_roadmap(svc, team, user):
        return svc.wording.roadmap.not_allowed
    board = await synced_board(svc, team)
    listing = build_roadmap_list(board, wording=svc.wording, buttons=False)
    where = mention_channel(channel)
    try:
        await svc.client.chat_postMessage(channel=channel, **listing)
    except SlackApiError as exc:
        logger.warning("roadmap post to %s failed: %s", channel, exc.response.get("error"))
        return fill(svc.wording.roadmap.cannot_post, channel=where)
    return fill(svc.wording.roadmap.posted, channel=where)


def mention_channel(channel: str) -> Mrkdwn | str:
    """`<#C123>` for a channel id (Slack shows its name)."""
    return Mrkdwn(f"<#{channel}>") if channel.isalnum() else channel


async def card(svc: Services, *, team: int, user: str, candidate_id: int) -> dict[str, Any] | str:
    """The card modal of one candidate, or why it cannot open."""
    if not await can_edit_roadmap(svc, team, user):
        return svc.wording.roadmap.not_allowed
    return await card_view(svc, team=team, candidate_id=candidate_id)


async def card_view(svc: Services, *, team: int, candidate_id: int) -> dict[str, Any] | str:
    """The card of one candidate as it stands now; a sentence when it does not exist."""
    board = await svc.roadmap.board(team)
    ranked = board.get(candidate_id)
    if ranked is None:
        merged = await svc.storage.merged_into(team_id=team)
        target = merged.get(candidate_id)
        if target is not None and board.get(target) is not None:
            ranked = board.get(target)
    if ranked is None:
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    merges = await svc.storage.merges_of(team_id=team, candidate_id=ranked.id)
    return build_card(ranked, board, wording=svc.wording, merges=[merge_of(m) for m in merges])


async def refresh_card(svc: Services, *, team: int, view_id: str | None, candidate_id: int) -> None:
    """Show a card again after a change (a pushed form was closed, a merge undone)."""
    if not view_id:
        return
    view = await card_view(svc, team=team, candidate_id=candidate_id)
    if isinstance(view, str):
        return
    try:
        await svc.client.views_update(view_id=view_id, view=view)
    except SlackApiError as exc:  # the person closed the card meanwhile: nothing to refresh
        logger.info("roadmap card %s not refreshed: %s", view_id, exc.response.get("error"))


async def home_section(svc: Services, *, team: int, user: str) -> list[Block]:
    """The roadmap part of someone's Home tab: what waits for them, and the top candidates."""
    board = await synced_board(svc, team)
    duplicates = await svc.storage.pending_suggestions(team_id=team, facilitator=user, limit=99)
    sizing = await svc.storage.pending_sizing(team_id=team, engineer=user)
    return build_home_section(
        board, wording=svc.wording, duplicates=len(duplicates), sizing=len(sizing)
    )


async def notify(svc: Services, *, team: int, user: str, text: str) -> None:
    """A short DM to someone (after a modal closed, where no reply can be shown)."""
    await svc.storage.enqueue(team_id=team, messages=[post(user, build_notice(text))])
    svc.sender.wake()
