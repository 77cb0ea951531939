"""The card's *Title and teams* form: a candidate's short title and the teams it affects."""

from __future__ import annotations

from typing import Any

from bot.blocks.elements import Block, input_block, modal, text_input
from bot.blocks.roadmap_ids import TEAMS, TEXT_VIEW, TITLE
from bot.blocks.values import entry, parse_id, typed, view_values
from bot.blocks.wording import SlackWording
from bot.roadmap.model import TITLE_MAX, Candidate

TEAMS_MAX = 2000


def build_text_modal(candidate: Candidate, *, wording: SlackWording) -> Block:
    """The form, filled in with the title and teams as they stand (drafted or not)."""
    w = wording.roadmap
    blocks = [
        input_block(
            TITLE, w.title_label, text_input(TITLE, most=TITLE_MAX, initial=candidate.title)
        ),
        input_block(
            TEAMS,
            w.teams_label,
            text_input(TEAMS, most=TEAMS_MAX, initial=candidate.teams_affected, multiline=True),
            optional=True,
        ),
    ]
    return modal(
        TEXT_VIEW,
        title=w.text_title,
        submit=w.submit,
        close=w.close,
        blocks=blocks,
        metadata=str(candidate.id),
    )


def parse_text(
    view: dict[str, Any], *, wording: SlackWording
) -> tuple[int, str, str] | dict[str, str]:
    """(candidate id, title on one line, teams affected) or {block_id: error}."""
    w = wording.roadmap
    values = view_values(view)
    title = " ".join(typed(entry(values, TITLE)).split())
    teams = typed(entry(values, TEAMS)).strip()
    try:
        candidate_id = parse_id(str(view.get("private_metadata", "")))
    except ValueError:
        return {TITLE: w.expired}
    if not title:
        return {TITLE: w.missing_title}
    if len(title) > TITLE_MAX:
        return {TITLE: w.title_too_long}
    if len(teams) > TEAMS_MAX:
        return {TEAMS: w.too_long}
    return candidate_id, title, teams
