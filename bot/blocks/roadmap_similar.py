"""The closest candidates in Block Kit, each with *Same as #N*: on the card, and in the
facilitator's DM when new candidates arrive. Titles only: another candidate's evidence is never
shown here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.blocks import limits
from bot.blocks.elements import Block, actions, button, context, divider, message, section
from bot.blocks.limits import truncate
from bot.blocks.roadmap_ids import MINE_IS, MINE_IS_CONFIDENTIAL, SAME_AS, UNDO_MERGE
from bot.blocks.text import Mrkdwn, fill, inline
from bot.blocks.wording import SlackWording

TITLE_SHOWN = 150
_PER_MESSAGE = 10  # new candidates in one DM: 2 + 3 blocks each, well under 50


@dataclass(frozen=True)
class Close:
    """A candidate close to another one: its number, its title and how alike (0-100)."""

    id: int
    title: str
    score: float


@dataclass(frozen=True)
class Offer:
    """A candidate and the closest ones to it, best first."""

    id: int
    title: str
    closest: tuple[Close, ...]


def same_as_value(candidate_id: int, other_id: int) -> str:
    """The *Same as* button's value: which candidate, the same as which."""
    return f"{candidate_id}:{other_id}"


def parse_same_as(value: str) -> tuple[int, int]:
    """The two ids of a *Same as* value; ValueError for anything we did not write."""
    left, sep, right = value.partition(":")
    if not (sep and left.isdigit() and right.isdigit()) or left == right:
        raise ValueError(f"not a same-as value: {value[:40]!r}")
    return int(left), int(right)


def build_similar_blocks(
    candidate_id: int, closest: Sequence[Close], *, wording: SlackWording, buttons: bool = True
) -> list[Block]:
    """The closest candidates, each with *Same as #N* (without `buttons` for a reader who may
    not merge); nothing when there are none."""
    if not closest:
        return []
    w = wording.roadmap
    blocks = [section(w.similar_header)]
    for close in closest:
        line = section(_line(close, wording))
        if buttons:
            line["accessory"] = button(
                fill(w.button_same_as, id=close.id), SAME_AS, same_as_value(candidate_id, close.id)
            )
        blocks.append(line)
    return blocks


def build_new_candidates(offers: Sequence[Offer], *, wording: SlackWording) -> list[Block]:
    """The facilitator's DMs about new candidates, as few as fit: each new one with the closest
    candidates already there and *Same as #N*."""
    w = wording.roadmap
    shown = [o for o in offers if o.closest]
    out = []
    for first in range(0, len(shown), _PER_MESSAGE):
        blocks: list[Block] = []
        for offer in shown[first : first + _PER_MESSAGE]:
            if blocks:
                blocks.append(divider())
            title = Mrkdwn(truncate(inline(offer.title), TITLE_SHOWN))
            blocks.append(section(fill(w.new_candidate_line, id=offer.id, title=title)))
            blocks += build_similar_blocks(offer.id, offer.closest, wording=wording)
        out.append(message(w.new_candidates_fallback, blocks[: limits.MESSAGE_BLOCKS]))
    return out


def _line(close: Close, wording: SlackWording) -> str:
    title = Mrkdwn(truncate(inline(close.title), TITLE_SHOWN))
    return fill(wording.roadmap.similar_line, id=close.id, title=title, score=f"{close.score:.0f}")


def build_offer_decided(
    original: Sequence[Block],
    *,
    candidate_id: int,
    note: str,
    undo_merge: int | None,
    wording: SlackWording,
) -> Block:
    """A DM of closest candidates once one was chosen: that candidate's *Same as* buttons give
    way to what was done (and Undo); the other new candidates' stay."""
    kept: list[Block] = []
    for block in original:
        accessory = block.get("accessory") or {}
        mine = accessory.get("action_id") == SAME_AS and str(accessory.get("value", "")).startswith(
            f"{candidate_id}:"
        )
        kept.append({k: v for k, v in block.items() if k != "accessory"} if mine else block)
    kept = kept[: limits.MESSAGE_BLOCKS - 2]
    kept.append(context(note))
    if undo_merge is not None:
        kept.append(actions(button(wording.roadmap.button_undo, UNDO_MERGE, str(undo_merge))))
    return message(note, kept)


def build_playback_offer(offer: Offer, *, wording: SlackWording) -> Block:
    """After the playback, to the stakeholder: the candidates others raised that look like
    theirs, titles only, each with *Mine is #N*."""
    w = wording.roadmap
    title = Mrkdwn(truncate(inline(offer.title), TITLE_SHOWN))
    blocks = [section(fill(w.playback_offer, title=title))]
    for close in offer.closest:
        line = section(_line(close, wording))
        line["accessory"] = button(
            fill(w.button_mine_is, id=close.id), MINE_IS, same_as_value(offer.id, close.id)
        )
        blocks.append(line)
    return message(w.playback_offer_fallback, blocks)


def build_confidential_offer(
    pain_point_id: int, title: str, closest: Sequence[Close], *, wording: SlackWording
) -> Block:
    """After a confidential interview's playback, to its stakeholder: the candidates others
    raised that look like their pain point, titles only, each with *Mine is #N*; saying so
    counts their pain point with it, never their name or words."""
    w = wording.roadmap
    shown = Mrkdwn(truncate(inline(title), TITLE_SHOWN))
    blocks = [section(fill(w.confidential_offer, title=shown))]
    for close in closest:
        line = section(_line(close, wording))
        value = same_as_value(pain_point_id, close.id)
        line["accessory"] = button(fill(w.button_mine_is, id=close.id), MINE_IS_CONFIDENTIAL, value)
        blocks.append(line)
    return message(w.confidential_offer_fallback, blocks)


def build_mine_decided(original: Sequence[Block], *, note: str) -> Block:
    """The stakeholder's offer once answered: its buttons give way to what was done."""
    kept = [{k: v for k, v in b.items() if k != "accessory"} for b in original]
    kept = kept[: limits.MESSAGE_BLOCKS - 1]
    kept.append(context(note))
    return message(note, kept)
