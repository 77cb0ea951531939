"""Sizing in Block Kit: the *Ask for sizing* form (engineer and a note), the engineer's DM (the
scale in the team's own terms, the title, root cause and the asker's note; XS-XL, a size with
confidence and a note, or *Not mine to size*), and what whoever asked is told."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.blocks import limits
from bot.blocks.elements import (
    Block,
    actions,
    button,
    choice,
    context,
    input_block,
    message,
    modal,
    option,
    plain,
    section,
    sections,
    text_input,
)
from bot.blocks.limits import truncate
from bot.blocks.messages import build_answered
from bot.blocks.roadmap_ids import (
    CONFIDENCE,
    ENGINEER,
    NOT_MINE,
    NOTE,
    NOTE_VIEW,
    REQUEST_NOTE,
    SIZE,
    SIZE_CHOICE,
    SIZE_NOTE,
    SIZING_VIEW,
)
from bot.blocks.text import USER_ID, Mrkdwn, fill, inline, mention
from bot.blocks.values import entry, parse_id, selected, typed, view_values
from bot.blocks.wording import SlackWording
from bot.roadmap.model import NOTE_MAX, Candidate, Size, SizingRequest

CONFIDENCES = ("low", "medium", "high")
_TEXT = 2000  # characters of a root cause or note in a context element


# --- the scale -------------------------------------------------------------------------------


def share_of_quarter(points: float, capacity: float, wording: SlackWording) -> str:
    """`about half a quarter`, `about a quarter`, `about 2 quarters`, `under a month`."""
    w = wording.roadmap
    ratio = points / capacity
    if ratio < 0.3:
        return w.share_under_month
    if ratio < 0.75:
        return w.share_half_quarter
    if ratio < 1.5:
        return w.share_quarter
    return fill(w.share_quarters, count=f"{round(ratio * 2) / 2:g}")


def scale_lines(points: Mapping[Size, float], capacity: float, wording: SlackWording) -> str:
    """Each size in team-weeks and as a share of a quarter, from the team's own settings."""
    return "\n".join(
        fill(
            wording.roadmap.sizing_scale_row,
            size=size.value,
            points=f"{points[size]:g}",
            share=share_of_quarter(points[size], capacity, wording),
        )
        for size in Size
    )


# --- the engineer's DM -------------------------------------------------------------------------


def build_size_ask(
    request: SizingRequest,
    candidate: Candidate,
    *,
    wording: SlackWording,
    points: Mapping[Size, float],
    capacity: float,
) -> Block:
    """Ask an engineer for a T-shirt size: XS to XL at once, with a note and confidence, or
    *Not mine to size*."""
    w = wording.roadmap
    text = fill(
        w.sizing_ask,
        person=mention(request.requested_by),
        id=candidate.id,
        problem=Mrkdwn(truncate(inline(candidate.title), 300)),
    )
    value = str(request.id)
    blocks = [section(truncate(text, limits.SECTION_TEXT))]
    if candidate.root_cause:
        cause = truncate(inline(candidate.root_cause), _TEXT)
        blocks.append(context(f"{w.field_root_cause}: {cause}"))
    if candidate.solution:
        blocks.append(context(f"{w.field_solution}: {truncate(inline(candidate.solution), _TEXT)}"))
    if request.request_note:
        note = Mrkdwn(truncate(inline(request.request_note), _TEXT))
        blocks.append(
            context(fill(w.sizing_note_from, person=mention(request.requested_by), note=note))
        )
    scale = w.sizing_scale_header + "\n" + scale_lines(points, capacity, wording)
    blocks.append(section(truncate(scale, limits.SECTION_TEXT)))
    blocks.append(
        actions(
            *(button(size.value, SIZE[size], value) for size in Size),
            button(w.button_note, SIZE_NOTE, value),
            button(w.button_not_mine, NOT_MINE, value),
        )
    )
    return message(w.sizing_fallback, blocks)


def build_size_decided(
    original: list[Block], *, fallback: str, note: str, request_id: int, wording: SlackWording
) -> Block:
    """A sizing DM once it is answered: the sizes give way to what was decided, and changing it
    is the explicit *Change size* (the form with the current size and note)."""
    done = build_answered(original=original, fallback=fallback, note=note)
    change = actions(button(wording.roadmap.button_change_size, SIZE_NOTE, str(request_id)))
    return message(done["text"], [*done["blocks"][: limits.MESSAGE_BLOCKS - 1], change])


def build_declined(original: list[Block], *, fallback: str, note: str) -> Block:
    """A sizing DM once the engineer said it is not theirs: no buttons left, and what was done
    (`note` is mrkdwn already filled, so the asker's mention shows as a name)."""
    kept = [b for b in original if b.get("type") != "actions"][: limits.MESSAGE_BLOCKS - 1]
    return message(fallback or note, [*kept, context(f"✓ {note}")])


# --- what whoever asked is told -------------------------------------------------------------


def build_sized_notice(
    request: SizingRequest,
    candidate: Candidate,
    *,
    wording: SlackWording,
    before: Size | None = None,
) -> Block:
    """Tell whoever asked what size the engineer gave (with their confidence and note); with
    `before`, that they changed it, from what to what."""
    w = wording.roadmap
    size = request.size.value if request.size else "?"
    common: dict[str, Any] = {
        "person": mention(request.engineer),
        "id": candidate.id,
        "problem": Mrkdwn(truncate(inline(candidate.title), 300)),
    }
    if before is None:
        text = fill(w.sized_for_requester, **common, size=size)
    else:
        text = fill(w.size_changed_for_requester, **common, before=before.value, after=size)
    if request.confidence:
        text += "\n" + fill(
            w.sized_confidence, confidence=confidence_label(request.confidence, wording)
        )
    if request.note:
        text += "\n" + fill(w.sized_note, note=Mrkdwn(truncate(inline(request.note), _TEXT)))
    return message(text, sections(text, most=2))


def build_not_mine_notice(
    request: SizingRequest, candidate: Candidate, *, wording: SlackWording
) -> Block:
    """Tell whoever asked that the engineer says it is not theirs to size."""
    text = fill(
        wording.roadmap.not_mine_for_requester,
        person=mention(request.engineer),
        id=candidate.id,
        problem=Mrkdwn(truncate(inline(candidate.title), 300)),
    )
    return message(text, sections(text, most=1))


def confidence_label(value: str, wording: SlackWording) -> str:
    """How a confidence reads: `low`, `medium`, `high` in the wording's words."""
    w = wording.roadmap
    return {"low": w.confidence_low, "medium": w.confidence_medium, "high": w.confidence_high}.get(
        value, value
    )


# --- the forms ------------------------------------------------------------------------------


def build_sizing_modal(candidate_id: int, *, wording: SlackWording) -> Block:
    """Pick the engineer to ask, and a note for them."""
    w = wording.roadmap
    engineer = {
        "type": "users_select",
        "action_id": ENGINEER,
        "placeholder": plain(w.engineer_placeholder),
    }
    note = text_input(
        REQUEST_NOTE, most=NOTE_MAX, placeholder=w.request_note_placeholder, multiline=True
    )
    blocks = [
        input_block(ENGINEER, w.engineer_label, engineer),
        input_block(REQUEST_NOTE, w.request_note_label, note, optional=True),
    ]
    return modal(
        SIZING_VIEW,
        title=w.sizing_title,
        submit=w.send,
        close=w.close,
        blocks=blocks,
        metadata=str(candidate_id),
    )


def parse_sizing(
    view: dict[str, Any], *, wording: SlackWording
) -> tuple[int, str, str | None] | dict[str, str]:
    """(candidate id, engineer's user id, note or None) or {block_id: error}."""
    w = wording.roadmap
    candidate_id = _metadata_id(view)
    user = entry(view_values(view), ENGINEER).get("selected_user")
    note = " ".join(typed(entry(view_values(view), REQUEST_NOTE)).split())
    if candidate_id is None:
        return {ENGINEER: w.expired}
    if not isinstance(user, str) or not USER_ID.fullmatch(user):
        return {ENGINEER: w.missing_engineer}
    if len(note) > NOTE_MAX:
        return {REQUEST_NOTE: w.too_long}
    return candidate_id, user, note or None


def build_note_modal(
    request_id: int, *, current: Size | None, wording: SlackWording, confidence: str | None = None
) -> Block:
    """The engineer's size, how sure they are (optional) and a note."""
    w = wording.roadmap
    options = [option(s.value, s.value) for s in Size]
    sure = [option(confidence_label(c, wording), c) for c in CONFIDENCES]
    blocks = [
        input_block(
            SIZE_CHOICE,
            w.size_label,
            choice(
                "radio_buttons", SIZE_CHOICE, options, initial=current.value if current else None
            ),
        ),
        input_block(
            CONFIDENCE,
            w.confidence_label,
            choice("radio_buttons", CONFIDENCE, sure, initial=confidence),
            optional=True,
        ),
        input_block(
            NOTE,
            w.note_label,
            text_input(NOTE, most=NOTE_MAX, placeholder=w.note_placeholder, multiline=True),
            optional=True,
        ),
    ]
    return modal(
        NOTE_VIEW,
        title=w.note_title,
        submit=w.submit,
        close=w.close,
        blocks=blocks,
        metadata=str(request_id),
    )


def parse_note(
    view: dict[str, Any], *, wording: SlackWording
) -> tuple[int, Size, str | None, str | None] | dict[str, str]:
    """(sizing request id, size, note, confidence) or {block_id: error}."""
    w = wording.roadmap
    request_id = _metadata_id(view)
    values = view_values(view)
    chosen = selected(entry(values, SIZE_CHOICE))
    sure = selected(entry(values, CONFIDENCE))
    note = typed(entry(values, NOTE))
    if request_id is None:
        return {SIZE_CHOICE: w.expired}
    if chosen not in {s.value for s in Size}:
        return {SIZE_CHOICE: w.missing_size}
    if sure is not None and sure not in CONFIDENCES:
        return {CONFIDENCE: w.missing_confidence}
    if len(note) > NOTE_MAX:
        return {NOTE: w.too_long}
    return request_id, Size(chosen), note or None, sure


def _metadata_id(view: dict[str, Any]) -> int | None:
    try:
        return parse_id(str(view.get("private_metadata", "")))
    except ValueError:
        return None
