"""Likely duplicates, decided by a person: Merge / Not the same in the facilitator's DM, and
*Same as #N* beside the closest candidates on the card and in the DM about new candidates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.blocks.roadmap import build_decided
from bot.blocks.roadmap_similar import (
    Close,
    Offer,
    build_mine_decided,
    build_offer_decided,
    build_playback_offer,
    parse_same_as,
)
from bot.blocks.text import fill
from bot.jobs.runner import JobResult
from bot.roadmap.stored import suggestion_of
from bot.slack.access import can_merge, can_say_mine_is, duplicates_decided_by
from bot.slack.confidential import confidential_offers
from bot.slack.present import post, update
from bot.slack.roadmap import duplicate_for, refresh_card, synced_board
from bot.slack.services import Services
from storage import JobRecord, NotFound, RoadmapConflict


async def send_pending(svc: Services, *, slack_team_id: str, user: str) -> str:
    """DM the person the likely duplicates they may decide (all of them for a roadmap editor,
    else those of their own interviews whose both sides they may edit)."""
    team = await svc.team_id(slack_team_id)
    await synced_board(svc, team)
    whose = duplicates_decided_by(user, svc.settings)
    rows = await svc.storage.pending_suggestions(team_id=team, facilitator=whose, limit=20)
    found = [
        s for s in map(suggestion_of, rows) if can_merge(s.other, s.candidate, user, svc.settings)
    ]
    if not found:
        return svc.wording.roadmap.duplicates_none
    messages = [post(user, duplicate_for(svc, s, user)) for s in found]
    await svc.storage.enqueue(team_id=team, messages=messages)
    svc.sender.wake()
    return fill(svc.wording.roadmap.duplicates_sent, count=len(found))


async def decide(
    svc: Services,
    *,
    team: int,
    user: str,
    suggestion_id: int,
    merge: bool,
    message: tuple[str, str, list[dict[str, Any]]] | None,
) -> str | None:
    """Merge the newer candidate into the older one, or keep them apart; the DM's buttons give
    way to what was done (with Undo after a merge). A sentence when nothing could be done."""
    w = svc.wording.roadmap
    try:
        suggestion = await svc.storage.get_suggestion(suggestion_id, team_id=team)
    except NotFound:
        return w.decided
    both = suggestion_of(suggestion)
    if not can_merge(both.other, both.candidate, user, svc.settings):
        return w.not_allowed
    undo: int | None = None
    if merge:
        try:
            done = await svc.storage.merge_candidates(
                team_id=team,
                keep_id=suggestion.other.id,
                merge_id=suggestion.candidate.id,
                by=user,
            )
        except (NotFound, RoadmapConflict):
            return w.decided
        note, undo = fill(w.merged, kept=done.kept_id, merged=done.merged_id), done.id
    elif await svc.storage.dismiss_suggestion(team_id=team, suggestion_id=suggestion_id, by=user):
        note = w.kept_apart
    else:
        return w.decided
    await _retire(svc, team, message, note, undo)
    return None


async def same_as(
    svc: Services,
    *,
    team: int,
    user: str,
    value: str,
    card: str | None,
    message: tuple[str, str, list[dict[str, Any]]] | None,
) -> str | None:
    """*Same as #N* chosen on a card or in a DM: the newer candidate is merged into the older
    (undoable), and the card or the DM shows it. A sentence when nothing could be done."""
    w = svc.wording.roadmap
    try:
        candidate_id, other_id = parse_same_as(value)
        one = await svc.roadmap.candidate(team, candidate_id)
        two = await svc.roadmap.candidate(team, other_id)
    except (ValueError, NotFound):
        return w.decided
    keep, merge = (one, two) if one.id < two.id else (two, one)
    if not can_merge(keep, merge, user, svc.settings):
        return w.not_allowed
    try:
        done = await svc.storage.merge_candidates(
            team_id=team, keep_id=keep.id, merge_id=merge.id, by=user
        )
    except (NotFound, RoadmapConflict):
        return w.decided
    note = fill(w.merged, kept=done.kept_id, merged=done.merged_id)
    if card is not None:
        await refresh_card(svc, team=team, user=user, view_id=card, candidate_id=keep.id)
    if message is not None:
        channel, ts, blocks = message
        updated = build_offer_decided(
            blocks, candidate_id=candidate_id, note=note, undo_merge=done.id, wording=svc.wording
        )
        await svc.storage.enqueue(team_id=team, messages=[update(channel, ts, updated)])
        svc.sender.wake()
    return None if card is not None or message is not None else note


async def run_after_finish(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """An interview finished: its pain points become candidates now (the facilitators get the
    closest candidates by DM), and its stakeholder is asked whether theirs is one that others
    raised (titles only), after the playback and as a message of its own."""
    await synced_board(svc, job.team_id)
    try:
        record = await svc.storage.get_interview(job.interview_id or 0)
    except NotFound:
        return JobResult(note="synced")
    if record.mode != "dm":  # live notes: the facilitator heard the playback, not by DM
        return JobResult(note="synced")
    if record.confidential:  # never on the roadmap; its stakeholder may link it to one
        offers = await confidential_offers(svc, job.team_id, record)
        return JobResult(outbox=offers, note=f"offered {len(offers)}")
    out = []
    for candidate in (await svc.roadmap.board(job.team_id)).ranked:
        mine = candidate.candidate
        if not any(e.interview_id == job.interview_id for e in mine.evidence):
            continue
        person = mine.evidence[0].stakeholder_slack_id
        if not person or not can_say_mine_is(mine, person):
            continue
        found = await svc.roadmap.similar(job.team_id, mine.id)
        closest = tuple(Close(c.id, c.title, s) for c, s in found if not can_say_mine_is(c, person))
        if closest:
            offer = Offer(mine.id, mine.title, closest)
            out.append(post(person, build_playback_offer(offer, wording=svc.wording)))
    return JobResult(outbox=out, note=f"offered {len(out)}")


async def mine_is(
    svc: Services,
    *,
    team: int,
    user: str,
    value: str,
    message: tuple[str, str, list[dict[str, Any]]] | None,
) -> str | None:
    """*Mine is #N* from the stakeholder: their own candidate joins #N (undoable by who may
    merge, from #N's card). A sentence when nothing could be done."""
    w = svc.wording.roadmap
    try:
        mine_id, other_id = parse_same_as(value)
        mine = await svc.roadmap.candidate(team, mine_id)
        await svc.roadmap.candidate(team, other_id)
    except (ValueError, NotFound):
        return w.decided
    if not can_say_mine_is(mine, user):
        return w.mine_not_yours
    try:
        await svc.storage.merge_candidates(
            team_id=team, keep_id=other_id, merge_id=mine_id, by=user
        )
    except (NotFound, RoadmapConflict):
        return w.decided
    note = fill(w.mine_joined, id=other_id)
    if message is None:
        return note
    channel, ts, blocks = message
    updated = build_mine_decided(blocks, note=note)
    await svc.storage.enqueue(team_id=team, messages=[update(channel, ts, updated)])
    svc.sender.wake()
    return None


async def undo_in_message(
    svc: Services, *, team: int, note: str, message: tuple[str, str, list[dict[str, Any]]] | None
) -> None:
    """After an undo from a DM: its Undo button gives way to the outcome."""
    await _retire(svc, team, message, note, None)


async def _retire(
    svc: Services,
    team: int,
    message: tuple[str, str, list[dict[str, Any]]] | None,
    note: str,
    undo: int | None,
) -> None:
    if message is None:
        return
    channel, ts, blocks = message
    updated = build_decided(blocks, note=note, undo_merge=undo, wording=svc.wording)
    await svc.storage.enqueue(team_id=team, messages=[update(channel, ts, updated)])
    svc.sender.wake()
