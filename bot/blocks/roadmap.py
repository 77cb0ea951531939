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
    section,
    sections,
)
from bot.blocks.limits import truncate
from bot.blocks.messages import build_answered
from bot.blocks.roadmap_ids import DETAILS, MERGE, NOT_SAME, SIZE, SIZE_NOTE, UNDO_MERGE
from bot.blocks.text import Mrkdwn, fill, inline, mention
from bot.blocks.wording import SlackWording
from bot.roadmap.board import Board, Ranked
from bot.roadmap.formula import Score
from bot.roadmap.model import Candidate, Size, SizingRequest, Suggestion
from bot.roadmap.plan import QUARTERS_PER_YEAR, YEARS

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
    """The top open candidates with their priority, size, year and reach; `buttons` adds a
    Details button to each (not in a channel post)."""
    w = wording.roadmap
    shown = board.open[:top]
    if not shown:
        return message(w.list_empty, [section(w.list_empty)])
    title = fill(w.list_header, count=len(shown), total=len(board.open))
    blocks = [section(title)]
    for ranked in shown:
        blocks.append(_row(ranked, board, wording, buttons=buttons))
    blocks.append(context(w.list_hint))
    return message(title, blocks)


def _row(ranked: Ranked, board: Board, wording: SlackWording, *, buttons: bool) -> Block:
    w = wording.roadmap
    c = ranked.candidate
    text = fill(
        w.list_row,
        rank=ranked.rank,
        id=c.id,
        problem=problem_text(c),
        priority=priority_text(ranked, wording),
        effort=c.effort.value if c.effort else w.no_size,
        horizon=horizon_text(ranked, board, wording),
        people=people(c.reach, wording),
    )
    block = section(truncate(text, limits.SECTION_TEXT))
    if buttons:
        block["accessory"] = button(w.button_details, DETAILS, str(c.id))
    return block


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


# --- the plan ----------------------------------------------------------------------------------


def build_plan_message(board: Board, *, wording: SlackWording) -> Block:
    """Years 1-3 under capacity, what did not fit, and what the big items displace."""
    w = wording.roadmap
    plan = board.plan
    yearly = plan.capacity * QUARTERS_PER_YEAR
    title = fill(w.plan_header, capacity=f"{plan.capacity:g}", yearly=f"{yearly:g}")
    parts = [title]
    for year in range(1, YEARS + 1):
        line = fill(w.plan_year, year=year, used=f"{plan.used[year - 1]:g}", total=f"{yearly:g}")
        if over := plan.over_capacity(year):
            line += " · " + fill(w.plan_over, over=f"{over:g}")
        rows = [line]
        for placed in plan.in_year(year):
            ranked = board.get(placed.id)
            assert ranked is not None
            c = ranked.candidate
            quarter = f"Y{placed.year} Q{placed.first_quarter % QUARTERS_PER_YEAR + 1}"
            size = c.effort.value if c.effort else "?"
            rows.append(
                "• "
                + fill(
                    w.plan_row, id=c.id, size=size, quarter=quarter, problem=problem_text(c, 150)
                )
            )
        parts.append("\n".join(rows))
    if plan.beyond:
        parts.append(fill(w.plan_later, ids=", ".join(f"#{i}" for i in plan.beyond)))
    if plan.unsized:
        parts.append(fill(w.plan_unsized, ids=", ".join(f"#{i}" for i in plan.unsized)))
    for shift in plan.displacements:
        months = round(shift.points / plan.capacity * 3, 1)
        parts.append(
            fill(
                w.displacement,
                id=shift.id,
                size=shift.size.value,
                points=f"{shift.points:g}",
                months=f"{months:g}",
                moved=", ".join(f"#{i}" for i in shift.moved) or "-",
                moved_points=f"{shift.moved_points:g}",
            )
        )
    return message(title, sections("\n\n".join(parts), most=limits.MESSAGE_BLOCKS))


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


def build_size_ask(request: SizingRequest, candidate: Candidate, *, wording: SlackWording) -> Block:
    """Ask an engineer for a T-shirt size: XS to XL at once, or with a note."""
    w = wording.roadmap
    text = fill(
        w.sizing_ask,
        person=mention(request.requested_by),
        id=candidate.id,
        problem=problem_text(candidate),
    )
    value = str(request.id)
    blocks = [section(truncate(text, limits.SECTION_TEXT))]
    if candidate.root_cause:
        blocks.append(
            context(f"{w.field_root_cause}: {truncate(inline(candidate.root_cause), 2000)}")
        )
    if candidate.solution:
        blocks.append(context(f"{w.field_solution}: {truncate(inline(candidate.solution), 2000)}"))
    blocks.append(
        actions(
            *(button(size.value, SIZE[size], value) for size in Size),
            button(w.button_note, SIZE_NOTE, value),
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


def build_sized_notice(
    request: SizingRequest,
    candidate: Candidate,
    *,
    wording: SlackWording,
    before: Size | None = None,
) -> Block:
    """Tell whoever asked what size the engineer gave (and their note); with `before`, that
    they changed it, from what to what."""
    w = wording.roadmap
    size = request.size.value if request.size else "?"
    if before is None:
        text = fill(
            w.sized_for_requester,
            person=mention(request.engineer),
            id=candidate.id,
            problem=problem_text(candidate),
            size=size,
        )
    else:
        text = fill(
            w.size_changed_for_requester,
            person=mention(request.engineer),
            id=candidate.id,
            problem=problem_text(candidate),
            before=before.value,
            after=size,
        )
    if request.note:
        text += "\n" + fill(w.sized_note, note=Mrkdwn(truncate(inline(request.note), 2000)))
    return message(text, sections(text, most=2))
