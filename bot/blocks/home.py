"""The App Home tab: interviews the user runs and interviews waiting for them, by status."""

from __future__ import annotations

from dataclasses import dataclass

from bot.blocks import ids, limits
from bot.blocks.elements import Block, actions, button, context, divider, header, section
from bot.blocks.limits import check_view, truncate
from bot.blocks.text import Mrkdwn, fill, inline, mention
from bot.blocks.values import button_value
from bot.blocks.wording import SlackWording

_STATUS_ORDER = ("active", "paused", "invited", "finished", "cancelled")
_TITLE = 200  # characters of an escaped title in a row, so a row always fits its section
_FIXED = 5  # intro, the New interview button, two headings and the divider between the lists


@dataclass(frozen=True)
class HomeRow:
    """One interview as listed on the Home tab; `updated` is already formatted for the reader."""

    id: int
    title: str
    other_person_id: str
    status: str
    updated: str


def build_home(
    *,
    facilitating: list[HomeRow],
    waiting: list[HomeRow],
    wording: SlackWording,
    roadmap: list[Block] | None = None,
) -> Block:
    """The Home view (views.publish); each list newest first, cut with an "and N more" line;
    `roadmap` (bot/blocks/roadmap.py) goes last."""
    extra = (roadmap or [])[: limits.VIEW_BLOCKS // 4]
    budget = limits.VIEW_BLOCKS - _FIXED - len(extra)
    need_facilitating = _cost(facilitating)
    need_waiting = _cost(waiting)
    # Each list gets what it needs; when both cannot, neither is squeezed below half.
    for_waiting = min(need_waiting, max(budget - need_facilitating, budget // 2))
    blocks = [
        section(wording.home.intro),
        actions(
            button(wording.button.new_interview, ids.HOME_NEW_INTERVIEW, "new", style="primary")
        ),
        header(wording.home.facilitating),
        *_rows(facilitating, budget - for_waiting, wording),
        divider(),
        header(wording.home.waiting),
        *_rows(waiting, for_waiting, wording),
        *extra,
    ]
    view: Block = {"type": "home", "blocks": blocks}
    check_view(view)
    return view


def _cost(rows: list[HomeRow]) -> int:
    """Blocks a list takes in full: a row each, a status heading per group, or the empty line."""
    return len(rows) + len({row.status for row in rows}) or 1


def _rows(rows: list[HomeRow], budget: int, wording: SlackWording) -> list[Block]:
    """The newest rows that fit in `budget` blocks, grouped by status, then "and N more"."""
    if not rows:
        return [context(wording.home.empty)]
    shown = rows
    if _cost(rows) > budget:
        shown = []
        for row in rows:
            if _cost([*shown, row]) > budget - 1:  # one block is kept for "and N more"
                break
            shown.append(row)
    known = {status: i for i, status in enumerate(_STATUS_ORDER)}
    statuses = sorted(dict.fromkeys(row.status for row in shown), key=lambda s: known.get(s, 99))
    blocks: list[Block] = []
    for status in statuses:
        label = wording.status.label(status)
        blocks.append(context(f"*{label if label is not None else inline(status)}*"))
        blocks += [_row(row, wording) for row in shown if row.status == status]
    if len(shown) < len(rows):
        blocks.append(context(fill(wording.home.more, count=len(rows) - len(shown))))
    return blocks


def _row(row: HomeRow, wording: SlackWording) -> Block:
    label = wording.status.label(row.status)
    text = fill(
        wording.home.row,
        id=row.id,
        title=Mrkdwn(truncate(inline(row.title), _TITLE)),
        person=mention(row.other_person_id),
        status=Mrkdwn(label) if label is not None else row.status,
        updated=row.updated,
    )
    block = section(truncate(text, limits.SECTION_TEXT))
    summary = button(wording.button.open_summary, ids.HOME_OPEN_SUMMARY, button_value(row.id))
    block["accessory"] = summary
    return block
