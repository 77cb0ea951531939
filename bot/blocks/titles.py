"""The playback's *Edit titles* modal: one short title per pain point, proposed from what the
stakeholder said, kept or rewritten by them; and the reader of what was submitted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks import ids
from bot.blocks.elements import Block, context, input_block, modal, section, text_input
from bot.blocks.limits import truncate
from bot.blocks.text import fill, inline
from bot.blocks.values import entry, parse_id, typed, view_values
from bot.blocks.wording import SlackWording
from bot.flows.summary import ProblemView
from bot.flows.titles import TITLE_MAX

_MOST = 20  # pain points in one modal: two blocks each, well under a view's 100
_PROBLEM_PREVIEW = 300


def title_input(number: int) -> str:
    """The block_id (and action_id) of pain point `number`'s title."""
    return f"{ids.TITLE_PREFIX}{number}"


def build_titles_modal(
    *, interview_id: int, problems: Sequence[ProblemView], wording: SlackWording
) -> Block:
    """Every pain point's title, filled in as it stands, with the start of its problem below."""
    w = wording.correct
    metadata = str(interview_id)
    if not problems:
        empty = [section(w.nothing_to_title)]
        return modal(ids.TITLES_VIEW, title=w.titles_title, close=w.close, blocks=empty)
    blocks: list[Block] = [section(w.titles_intro)]
    for problem in problems[:_MOST]:
        field = title_input(problem.number)
        label = fill(w.titles_label, number=problem.number)
        element = text_input(field, most=TITLE_MAX, initial=problem.title)
        blocks.append(input_block(field, label, element))
        blocks.append(context(truncate(inline(problem.problem), _PROBLEM_PREVIEW)))
    return modal(
        ids.TITLES_VIEW,
        title=w.titles_title,
        submit=w.submit,
        close=w.close,
        blocks=blocks,
        metadata=metadata,
    )


def parse_titles(
    view: dict[str, Any], *, wording: SlackWording
) -> tuple[int, dict[int, str]] | dict[str, str]:
    """(interview id, {pain point number: title on one line}) or {block_id: error}."""
    w = wording.correct
    values = view_values(view)
    found: dict[int, str] = {}
    errors: dict[str, str] = {}
    names = values if isinstance(values, dict) else {}
    for block_id in names:
        number = str(block_id).removeprefix(ids.TITLE_PREFIX)
        if not str(block_id).startswith(ids.TITLE_PREFIX) or not number.isascii():
            continue
        if not number.isdigit():
            continue
        title = " ".join(typed(entry(values, str(block_id))).split())
        if not title:
            errors[str(block_id)] = w.missing_title
        elif len(title) > TITLE_MAX:
            errors[str(block_id)] = w.title_too_long
        else:
            found[int(number)] = title
    try:
        interview_id = parse_id(str(view.get("private_metadata", "")))
    except ValueError:
        return {next(iter(names), ids.TITLES_VIEW): w.expired}
    return errors or (interview_id, found)
