"""The plan in Block Kit: years 1-3 under capacity, what did not fit, and each big year-1 item's
trade-off with Keep / Swap buttons (or the decision once made)."""

from __future__ import annotations

from bot.blocks import limits
from bot.blocks.elements import Block, actions, button, context, message, section, sections
from bot.blocks.limits import truncate
from bot.blocks.roadmap_ids import KEEP, SWAP
from bot.blocks.table import table
from bot.blocks.text import Mrkdwn, fill, inline, mention
from bot.blocks.values import trade_off_value
from bot.blocks.wording import SlackWording
from bot.roadmap.board import Board
from bot.roadmap.plan import QUARTERS_PER_YEAR, YEARS
from bot.roadmap.plan_report import about_months, quarters_of
from bot.roadmap.trade_offs import Choice, Decision, TradeOff

MOST_TRADE_OFFS = 10  # two blocks each, well inside a message's 50
_TITLE = 80


def build_plan_message(board: Board, *, wording: SlackWording, decide: bool = False) -> Block:
    """Years 1-3 under capacity, what did not fit, and the trade-offs; `decide` adds Keep /
    Swap buttons to the open ones (for a roadmap editor)."""
    w = wording.roadmap
    plan = board.plan
    yearly = plan.capacity * QUARTERS_PER_YEAR
    title = fill(w.plan_header, capacity=f"{plan.capacity:g}", yearly=f"{yearly:g}")
    lines = [title]
    rows: list[list[str]] = []
    for year in range(1, YEARS + 1):
        line = fill(w.plan_year, year=year, used=f"{plan.used[year - 1]:g}", total=f"{yearly:g}")
        if over := plan.over_capacity(year):
            pinned = ", ".join(f"#{i}" for i in plan.pinned_in(year))
            line += " · " + fill(w.plan_over, over=f"{over:g}") + f" ({pinned})"
        lines.append(line)
        running = [*plan.continuing_in(year), *plan.in_year(year)]
        for placed in running:
            ranked = board.get(placed.id)
            assert ranked is not None
            c = ranked.candidate
            here = placed.points_in_year(year)
            size = c.effort.value if c.effort else "?"
            rows.append([str(year), quarters_of(placed), f"#{c.id}", c.title, size, f"{here:g}"])
    rest = []
    if plan.beyond:
        rest.append(fill(w.plan_later, ids=", ".join(f"#{i}" for i in plan.beyond)))
    if plan.unsized:
        rest.append(fill(w.plan_unsized, ids=", ".join(f"#{i}" for i in plan.unsized)))
    trades = board.trade_offs[:MOST_TRADE_OFFS]
    elsewhere = board.decided_elsewhere[:5]
    blocks = [section(truncate("\n".join(lines), limits.SECTION_TEXT))]
    if rows:
        header = w.plan_columns.split("|")
        blocks.append(table(header, rows, align=("right",), wrapped=(False, False, False, True)))
        if len(rows) >= limits.TABLE_ROWS:
            rest.append(fill(w.plan_rows_cut, shown=limits.TABLE_ROWS - 1, total=len(rows)))
    if rest:
        most = limits.MESSAGE_BLOCKS - len(blocks) - 2 * len(trades) - len(elsewhere)
        blocks += sections("\n\n".join(rest), most=max(1, most))
    for trade in trades:
        blocks += trade_off_blocks(trade, board, wording=wording, decide=decide)
    for decision in elsewhere:
        blocks.append(context(_swapped(decision, board, wording)))
    return message(title, blocks)


def trade_off_blocks(
    trade: TradeOff, board: Board, *, wording: SlackWording, decide: bool
) -> list[Block]:
    """One trade-off: the comparison with the items' titles, then Keep / Swap or the decision."""
    w = wording.roadmap
    impact = f"impact {trade.impact}" if trade.impact is not None else "impact not set"
    common = {
        "id": trade.id,
        "size": trade.size.value,
        "points": f"{trade.points:g}",
        "impact": impact,
        "months": about_months(trade.months),
    }
    if not trade.alternatives:
        return [section(truncate(fill(w.trade_off_none, **common), limits.SECTION_TEXT))]
    text = fill(
        w.trade_off,
        **common,
        alternatives=" + ".join(f"#{i}" for i in trade.alternatives),
        alt_points=f"{trade.alternative_points:g}",
        alt_impact=trade.alternative_impact,
    )
    names = [_item(i, board, wording) for i in (trade.id, *trade.alternatives)]
    body = truncate(text + "\n" + "\n".join(names), limits.SECTION_TEXT)
    blocks = [section(body)]
    if trade.decision is not None:
        blocks.append(context(decided(trade.decision, board, wording)))
    elif decide:
        value = trade_off_value(trade.id, trade.alternatives)
        blocks.append(
            actions(
                button(w.button_keep, KEEP, value, style="primary"),
                button(w.button_swap, SWAP, value),
            )
        )
    return blocks


def decided(decision: Decision, board: Board, wording: SlackWording) -> str:
    """Who chose what, and when: what replaces the spent Keep / Swap buttons."""
    if decision.choice is Choice.SWAP:
        return _swapped(decision, board, wording)
    return fill(
        wording.roadmap.trade_off_kept,
        person=mention(decision.decided_by),
        id=decision.candidate_id,
        date=decision.decided_at.date().isoformat(),
    )


def _swapped(decision: Decision, board: Board, wording: SlackWording) -> str:
    return fill(
        wording.roadmap.trade_off_swapped,
        person=mention(decision.decided_by),
        alternatives=" + ".join(f"#{i}" for i in decision.alternatives),
        id=decision.candidate_id,
        date=decision.decided_at.date().isoformat(),
    )


def _title(title: str) -> Mrkdwn:
    return Mrkdwn(truncate(inline(title), _TITLE))


def _item(candidate_id: int, board: Board, wording: SlackWording) -> str:
    ranked = board.get(candidate_id)
    title = ranked.candidate.title if ranked is not None else "?"
    return "• " + fill(wording.roadmap.trade_off_item, id=candidate_id, title=_title(title))
