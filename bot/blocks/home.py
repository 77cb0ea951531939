"""The App Home tab: interviews the user runs and interviews waiting for them, by status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.blocks import ids, limits
from bot.blocks.elements import Block, actions, button, context, divider, header, section
from bot.blocks.limits import check_view, truncate
from bot.blocks.text import Mrkdwn, fill, inline, mention, slack_date
from bot.blocks.values import button_value
from bot.blocks.wording import SlackWording

_STATUS_ORDER = ("active", "paused", "invited", "finished", "cancelled")
_TITLE = 200  # characters of an escaped title in a row, so a row always fits its section
_FIXED = 5  # intro, the New interview button, two headings and the divider between the lists


@dataclass(frozen=True)
class HomeRow:
    """One interview as listed on the Home tab."""

    id: int
    title: str
    other_person_id: str
    status: str
    updated: datetime  # shown as a `<!date^…>` token: each reader sees their own time zone
    startable: bool = False  # an invitation the reader may start from here


def build_home(
    *,
    facilitating: list[HomeRow],
    waiting: list[HomeRow],
    wording: SlackWording,
    roadmap: list[Block] | None = None,
    past: list[HomeRow] | None = None,
) -> Block:
    """The Home view (views.publish); each list newest first, cut with an "and N more" line;
    `past` are the reader's own finished interviews (their summaries); `roadmap`
    (bot/blocks/roadmap.py) goes last."""
    extra = (roadmap or [])[: limits.VIEW_BLOCKS // 4]
    lists = [facilitating, waiting] + ([past] if past else [])
    fixed = _FIXED + (2 if past else 0)  # the past list's heading and divider
    budgets = _share(limits.VIEW_BLOCKS - fixed - len(extra), [_cost(rows) for rows in lists])
    blocks = [
        section(wording.home.intro),
        actions(
            button(wording.button.new_interview, ids.HOME_NEW_INTERVIEW, "new", style="primary")
        ),
        header(wording.home.facilitating),
        *_rows(facilitating, budgets[0], wording),
        divider(),
        header(wording.home.waiting),
        *_rows(waiting, budgets[1], wording),
    ]
    if past:
        blocks += [divider(), header(wording.home.past), *_rows(past, budgets[2], wording)]
    blocks += extra
    view: Block = {"type": "home", "blocks": blocks}
    check_view(view)
    return view


def _share(budget: int, needs: list[int]) -> list[int]:
    """Blocks for each list: what it needs when all fit; otherwise no list that needs more is
    squeezed below an equal share, and what a small list leaves goes to the others in order."""
    if sum(needs) <= budget:
        return needs
    fair = budget // len(needs)
    given = [min(need, fair) for need in needs]
    spare = budget - sum(given)
    for i, need in enumerate(needs):
        more = min(need - given[i], spare)
        given[i] += more
        spare -= more
    return given


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
        updated=slack_date(row.updated),
    )
    block = section(truncate(text, limits.SECTION_TEXT))
    if row.startable:
        block["accessory"] = button(
            wording.button.start, ids.START, button_value(row.id), style="primary"
        )
    else:
        block["accessory"] = button(
            wording.button.open_summary, ids.HOME_OPEN_SUMMARY, button_value(row.id)
        )
    return block
