"""Roadmap use cases behind `/interview roadmap ...` and the Home tab: the list, a channel post,
the plan, the card of one candidate, and who may change the roadmap.

New pain points of finished interviews become candidates whenever the roadmap is read (a cheap
no-op when there is nothing new); likely duplicates then go to the facilitator by DM.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks.elements import Block
from bot.blocks.messages import build_notice
from bot.blocks.metrics_home import health_note
from bot.blocks.roadmap import (
    build_duplicate,
    build_home_section,
    build_moved_section,
    build_roadmap_list,
)
from bot.blocks.roadmap_card import build_card
from bot.blocks.roadmap_plan import build_plan_message
from bot.blocks.roadmap_similar import Close, Offer, build_new_candidates, build_similar_blocks
from bot.blocks.shipped import fixed_line
from bot.blocks.text import Mrkdwn, fill
from bot.blocks.values import parse_trade_off_value
from bot.metrics.model import MetricState
from bot.roadmap.board import Board
from bot.roadmap.metrics import Metrics
from bot.roadmap.model import Candidate, Suggestion
from bot.roadmap.stored import merge_of, suggestion_of
from bot.roadmap.trade_offs import Choice
from bot.slack.access import (
    can_decide_trade_off,
    can_edit_candidate,
    can_merge,
    can_open_card,
    can_undo_merge,
    is_roadmap_editor,
    visible_to,
)
from bot.slack.present import post
from bot.slack.services import Services
from storage import NotFound, Outgoing, RoadmapConflict, SuggestionRow

logger = logging.getLogger(__name__)


def suggestion_messages(svc: Services, found: Sequence[SuggestionRow]) -> list[Outgoing]:
    """Each new likely duplicate, to the facilitators of the interview it came from who may
    merge both sides (the others wait for a roadmap editor's `roadmap duplicates`)."""
    out: list[Outgoing] = []
    for row in found:
        suggestion = suggestion_of(row)
        people = {e.facilitator_slack_id for e in suggestion.candidate.evidence}
        for person in sorted(p for p in people if p):
            if can_merge(suggestion.other, suggestion.candidate, person, svc.settings):
                out.append(post(person, duplicate_for(svc, suggestion, person)))
    return out


def duplicate_for(svc: Services, suggestion: Suggestion, user: str) -> dict[str, Any]:
    """A likely duplicate as `user` may see it: evidence they may not read is withheld."""
    new, new_hidden = visible_to(suggestion.candidate, user, svc.settings)
    old, old_hidden = visible_to(suggestion.other, user, svc.settings)
    shown = Suggestion(suggestion.id, new, old, suggestion.score)
    return build_duplicate(shown, wording=svc.wording, withheld=(new_hidden, old_hidden))


async def editable_candidate(
    svc: Services, *, team: int, user: str, candidate_id: int
) -> Candidate | str:
    """The candidate if `user` may change it, else the sentence to show."""
    try:
        candidate = await svc.roadmap.candidate(team, candidate_id)
    except NotFound:
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    if not can_edit_candidate(candidate, user, svc.settings):
        return svc.wording.roadmap.not_allowed
    return candidate


async def synced_board(svc: Services, team: int) -> Board:
    """Bring new pain points in (suggesting duplicates by DM, and offering the facilitators the
    closest candidates to each new one), then the scored, planned board."""
    roadmap = svc.roadmap
    result = await roadmap.sync(team, outbox=lambda found: suggestion_messages(svc, found))
    offers = await new_candidate_messages(svc, team, result.created, result.suggestions)
    if offers:
        await svc.storage.enqueue(team_id=team, messages=offers)
    if result.suggestions or offers:
        svc.sender.wake()
    return await roadmap.board(team)


async def new_candidate_messages(
    svc: Services, team: int, created: Sequence[int], suggested: Sequence[SuggestionRow]
) -> list[Outgoing]:
    """One DM per facilitator, batched: each new candidate from their interviews with the
    closest candidates they may merge it with (pairs already suggested left out)."""
    known = {frozenset((s.candidate.id, s.other.id)) for s in suggested}
    offers: dict[str, list[Offer]] = {}
    for candidate_id in created:
        try:
            new = await svc.roadmap.candidate(team, candidate_id)
        except NotFound:  # merged or gone since the sync
            continue
        found = await svc.roadmap.similar(team, candidate_id)
        for person in sorted(
            {e.facilitator_slack_id for e in new.evidence if e.facilitator_slack_id}
        ):
            closest = tuple(
                Close(other.id, other.title, score)
                for other, score in found
                if frozenset((new.id, other.id)) not in known
                and can_merge(other, new, person, svc.settings)
            )
            if closest:
                offers.setdefault(person, []).append(Offer(new.id, new.title, closest))
    return [
        post(person, built)
        for person, mine in sorted(offers.items())
        for built in build_new_candidates(mine, wording=svc.wording)
    ]


async def top_list(svc: Services, *, slack_team_id: str) -> dict[str, Any]:
    """The top candidates, for the person who asked (with Details buttons)."""
    team = await svc.team_id(slack_team_id)
    return build_roadmap_list(await synced_board(svc, team), wording=svc.wording)


async def plan(svc: Services, *, slack_team_id: str, user: str) -> dict[str, Any]:
    """The plan under capacity, for the person who asked (with Keep / Swap for an editor)."""
    team = await svc.team_id(slack_team_id)
    board = await synced_board(svc, team)
    await svc.roadmap.record_plan(team, board)  # every run of the plan is kept, one a day
    decide = can_decide_trade_off(user, svc.settings)
    return build_plan_message(board, wording=svc.wording, decide=decide)


async def decide_trade_off(
    svc: Services, *, team: int, user: str, value: str, choice: Choice
) -> dict[str, Any] | str:
    """Record Keep or Swap on the items the button showed, then the plan as it is now (its
    spent buttons replaced by who chose what); a sentence when it cannot be done."""
    if not can_decide_trade_off(user, svc.settings):
        return svc.wording.roadmap.editors_only
    try:
        candidate_id, alternatives = parse_trade_off_value(value)
        await svc.roadmap.decide(team, candidate_id, choice, by=user, alternatives=alternatives)
    except ValueError:  # a value we did not write: nothing to decide
        return svc.wording.roadmap.trade_off_gone
    except (NotFound, RoadmapConflict) as exc:
        logger.info("trade-off not recorded: %s", exc)
        return svc.wording.roadmap.trade_off_gone
    board = await svc.roadmap.board(team)
    return build_plan_message(board, wording=svc.wording, decide=True)


async def post_to_channel(svc: Services, *, slack_team_id: str, user: str, channel: str) -> str:
    """Post the top candidates in a channel for everyone there; the reply says how it went."""
    if not is_roadmap_editor(user, svc.settings):
        return svc.wording.roadmap.editors_only
    team = await svc.team_id(slack_team_id)
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
    return await card_view(svc, team=team, user=user, candidate_id=candidate_id)


async def card_view(
    svc: Services, *, team: int, user: str, candidate_id: int
) -> dict[str, Any] | str:
    """The card of one candidate as it stands now, as `user` may see it; a sentence when it
    does not exist or `user` may not open it."""
    board = await svc.roadmap.board(team)
    ranked = board.get(candidate_id)
    if ranked is None:
        merged = await svc.storage.merged_into(team_id=team)
        target = merged.get(candidate_id)
        if target is not None and board.get(target) is not None:
            ranked = board.get(target)
    if ranked is None:
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    if not can_open_card(ranked.candidate, user, svc.settings):
        return svc.wording.roadmap.not_allowed
    shown, withheld = visible_to(ranked.candidate, user, svc.settings)
    merges = await svc.storage.merges_of(team_id=team, candidate_id=ranked.id)
    undoable = {
        m.id
        for m in merges
        if can_undo_merge(ranked.candidate, m.pain_point_ids, user, svc.settings)
    }
    editable = can_edit_candidate(ranked.candidate, user, svc.settings)
    closest = await closest_to(svc, team, ranked.id)
    answers = (await svc.storage.ship_answers(team_id=team)).get(ranked.id, [])
    said = fixed_line(answers, wording=svc.wording)
    counted = ranked.candidate.confidential
    hidden = fill(svc.wording.roadmap.confidential_counted, count=counted) if counted else None
    tracked = await Metrics(svc.storage, svc.clock).tracked(
        team, candidate_id=ranked.id, states=[MetricState.COMMITTED]
    )
    healthy = health_note([(t.metric, t.reading) for t in tracked], wording=svc.wording)
    return build_card(
        replace(ranked, candidate=shown),
        board,
        wording=svc.wording,
        merges=[merge_of(m) for m in merges],
        withheld=withheld,
        editable=editable,
        undoable=undoable,
        similar=build_similar_blocks(ranked.id, closest, wording=svc.wording, buttons=editable),
        notes=[n for n in (healthy, said, hidden) if n],
    )


async def closest_to(svc: Services, team: int, candidate_id: int) -> tuple[Close, ...]:
    """The candidates most like one, titles and scores only (anyone may see titles)."""
    found = await svc.roadmap.similar(team, candidate_id)
    return tuple(Close(c.id, c.title, score) for c, score in found)


async def refresh_card(
    svc: Services, *, team: int, user: str, view_id: str | None, candidate_id: int
) -> None:
    """Show a card again after a change (a pushed form was closed, a merge undone)."""
    if not view_id:
        return
    view = await card_view(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(view, str):
        return
    try:
        await svc.client.views_update(view_id=view_id, view=view)
    except SlackApiError as exc:  # the person closed the card meanwhile: nothing to refresh
        logger.info("roadmap card %s not refreshed: %s", view_id, exc.response.get("error"))


async def home_section(svc: Services, *, team: int, user: str) -> list[Block]:
    """The roadmap part of someone's Home tab: what waits for them, and the top candidates."""
    board = await synced_board(svc, team)
    found = await svc.storage.pending_suggestions(team_id=team, facilitator=user, limit=99)
    duplicates = [
        s for s in map(suggestion_of, found) if can_merge(s.other, s.candidate, user, svc.settings)
    ]
    sizing = await svc.storage.pending_sizing(team_id=team, engineer=user)
    blocks = build_home_section(
        board, wording=svc.wording, duplicates=len(duplicates), sizing=len(sizing)
    )
    since = await svc.roadmap.moved_since(team, quarter_start(svc.clock.now().date()), board)
    if since is not None:
        snapshot, moved = since
        day = snapshot.taken_on.isoformat()
        blocks += build_moved_section(day, moved, wording=svc.wording)
    return blocks


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter `day` is in: the Home tab compares with the plan
    kept on or before it (what moved this quarter)."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


async def notify(svc: Services, *, team: int, user: str, text: str) -> None:
    """A short DM to someone (after a modal closed, where no reply can be shown)."""
    await svc.storage.enqueue(team_id=team, messages=[post(user, build_notice(text))])
    svc.sender.wake()
