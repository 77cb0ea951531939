"""The roadmap in Block Kit: the top candidates, the plan, duplicate and sizing DMs, and the App
Home section (a candidate's card is in roadmap_card.py, the ids in roadmap_ids.py)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks import limits
from bot.blocks.elements import (
    Block,
    actions,
    button,
    context,
    divider,
    header,
    message,
    option,
    plain,
    section,
)
from bot.blocks.limits import truncate
from bot.blocks.roadmap_ids import DETAILS, MERGE, NOT_SAME, UNDO_MERGE
from bot.blocks.table import table
from bot.blocks.text import Mrkdwn, fill, inline
from bot.blocks.wording import SlackWording
from bot.roadmap.board import Board, Ranked
from bot.roadmap.formula import Score
from bot.roadmap.model import Candidate, Suggestion
from bot.roadmap.snapshots import Moved

LIST_TOP = 10
HOME_TOP = 5
_PROBLEM = 300  # characters of a problem in a list row
FIELD = 1900  # characters of a card field (Slack allows 2,000)


# --- small pieces ----------------------------------------------------------------------------


def people(count: int, wording: SlackWording) -> str:
    """`1 stakeholder`, `3 stakeholders`."""
    w = wording.roadmap
    return w.people_one if count == 1 else fill(w.people_many, count=count)


def priority_text(ranked: Ranked, wording: SlackWording) -> str:
    """`P1`, or `not scored yet`."""
    priority = ranked.score.priority
    return priority.value if priority is not None else wording.roadmap.unscored


def horizon_text(ranked: Ranked, board: Board, wording: SlackWording) -> str:
    """`year 2`, `year 2 (pinned)`, `later than year 3` or `not planned`."""
    w = wording.roadmap
    year = board.plan.year_of(ranked.id)
    if year is not None:
        template = w.year_pinned if ranked.candidate.horizon_pin is not None else w.year
        return fill(template, year=year)
    return w.later if ranked.id in board.plan.beyond else w.no_year


def formula_text(result: Score, wording: SlackWording) -> str:
    """The formula with its inputs (mrkdwn), or what it still needs."""
    w = wording.roadmap
    i = result.inputs
    if result.value is None or i.effort is None or result.effort_factor is None:
        missing = {
            ("impact", "effort"): w.missing_both,
            ("impact",): w.missing_impact_only,
            ("effort",): w.missing_size_only,
        }.get(result.missing, w.missing_both)
        return fill(w.formula_missing, missing=Mrkdwn(missing))
    assert result.formula_priority is not None
    return fill(
        w.formula,
        impact=i.impact or 0,
        reach=f"{result.reach_factor:.2f}",
        people=people(i.reach, wording),
        confidence=f"{result.confidence_factor:g}",
        verdict=w.verdict(i.confidence.value),
        effort=f"{result.effort_factor:g}",
        size=i.effort.value,
        score=f"{result.value:.2f}",
        priority=result.formula_priority.value,
    )


def problem_text(candidate: Candidate, most: int = _PROBLEM) -> Mrkdwn:
    """What lists show for a candidate: its title on one line, cut to `most` characters."""
    return Mrkdwn(truncate(inline(candidate.title), most))


# --- the list, the channel post and the Home section ------------------------------------------


def build_roadmap_list(
    board: Board, *, wording: SlackWording, buttons: bool = True, top: int = LIST_TOP
) -> Block:
    """The top open candidates as a table (rank, number, title, priority, size, year, reach);
    `buttons` adds a Details button per candidate under it (not in a channel post)."""
    w = wording.roadmap
    shown = board.open[:top]
    if not shown:
        return message(w.list_empty, [section(w.list_empty)])
    title = fill(w.list_header, count=len(shown), total=len(board.open))
    rows = [
        [
            str(r.rank),
            f"#{r.id}",
            r.candidate.title,
            priority_text(r, wording),
            r.candidate.effort.value if r.candidate.effort else w.no_size,
            horizon_text(r, board, wording),
            str(r.candidate.reach),
        ]
        for r in shown
    ]
    header = w.list_columns.split("|")
    blocks = [
        section(title),
        table(header, rows, align=("right", "right"), wrapped=(False, False, True)),
    ]
    if buttons:
        # One menu of the candidates: Slack wants the action_ids in one block to differ.
        choices = [
            option(fill(w.button_details_of, id=r.id, title=r.candidate.title), str(r.id))
            for r in shown[: limits.SELECT_OPTIONS]
        ]
        pick: Block = {
            "type": "static_select",
            "action_id": DETAILS,
            "placeholder": plain(w.details_pick),
            "options": choices,
        }
        blocks.append(actions(pick))
    blocks.append(context(w.list_hint))
    return message(title, blocks)


def build_home_section(
    board: Board, *, wording: SlackWording, duplicates: int, sizing: int
) -> list[Block]:
    """The roadmap on the Home tab: what waits for this person, then the top candidates."""
    w = wording.roadmap
    blocks = [divider(), header(w.home_heading)]
    if duplicates:
        blocks.append(context(fill(w.home_duplicates, count=duplicates)))
    if sizing:
        blocks.append(context(fill(w.home_sizing, count=sizing)))
    shown = board.open[:HOME_TOP]
    if not shown:
        blocks.append(context(w.home_empty))
        return blocks
    for ranked in shown:
        text = fill(
            w.home_row,
            rank=ranked.rank,
            id=ranked.id,
            problem=problem_text(ranked.candidate, 200),
            priority=priority_text(ranked, wording),
        )
        block = section(truncate(text, limits.SECTION_TEXT))
        block["accessory"] = button(w.button_details, DETAILS, str(ranked.id))
        blocks.append(block)
    blocks.append(context(w.home_more))
    return blocks


HOME_MOVED = 6


def build_moved_section(
    since: str, moved: Sequence[Moved], *, wording: SlackWording
) -> list[Block]:
    """The Home tab's "what moved since the plan of DATE": each change and why, a few of them."""
    w = wording.roadmap
    if not moved:
        return [context(fill(w.home_moved_none, date=since))]
    lines = [fill(w.home_moved_heading, date=since)]
    for m in moved[:HOME_MOVED]:
        lines.append(
            fill(
                w.home_moved_row,
                id=m.id,
                title=truncate(m.title, 80),
                changes="; ".join(m.changes),
                reasons=truncate("; ".join(m.reasons), 400),
            )
        )
    blocks = [section(truncate("\n".join(lines), limits.SECTION_TEXT))]
    if len(moved) > HOME_MOVED:
        blocks.append(context(fill(w.home_moved_more, count=len(moved) - HOME_MOVED, date=since)))
    return blocks


# --- DMs: duplicates and sizing ----------------------------------------------------------------


def build_duplicate(
    suggestion: Suggestion, *, wording: SlackWording, withheld: tuple[int, int] = (0, 0)
) -> Block:
    """Two candidates that look alike, their evidence side by side, Merge / Not the same;
    `withheld` counts the stakeholders (new side, older side) whose evidence is left out."""
    w = wording.roadmap
    intro = fill(w.duplicate_intro, score=f"{suggestion.score:.0f}")
    value = str(suggestion.id)
    blocks = [
        section(intro),
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": _side(side, wording, hidden)}
                for side, hidden in (
                    (suggestion.other, withheld[1]),
                    (suggestion.candidate, withheld[0]),
                )
            ],
        },
        actions(
            button(w.button_merge, MERGE, value, style="primary"),
            button(w.button_not_same, NOT_SAME, value),
        ),
    ]
    return message(w.duplicate_fallback, blocks)


def _side(side: Candidate, wording: SlackWording, withheld: int) -> str:
    w = wording.roadmap
    problem = Mrkdwn(truncate(inline(side.title), 400))
    lines = [fill(w.duplicate_side, id=side.id, problem=problem)]
    if side.root_cause:
        lines.append(f"_{truncate(inline(side.root_cause), 300)}_")
    for item in side.evidence[:4]:
        quote = Mrkdwn(truncate(inline(item.quote), 250))
        lines.append(fill(w.evidence_line, person=inline(item.stakeholder), quote=quote))
    if withheld:
        lines.append(fill(w.evidence_withheld, count=withheld))
    return truncate("\n".join(lines), FIELD)


def build_decided(
    original: Sequence[Block], *, note: str, undo_merge: int | None, wording: SlackWording
) -> Block:
    """A duplicate DM once decided: its buttons replaced by what was done (and Undo)."""
    kept = [b for b in original if b.get("type") != "actions"][: limits.MESSAGE_BLOCKS - 2]
    kept.append(context(note))
    if undo_merge is not None:
        kept.append(actions(button(wording.roadmap.button_undo, UNDO_MERGE, str(undo_merge))))
    return message(note, kept)
