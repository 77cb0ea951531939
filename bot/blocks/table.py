"""Slack's table block as data: a header row and plain-text rows, checked against its limits.

slack_sdk has no model for it yet; the limits (100 rows, 20 cells, 20 column settings, one
table a message) are in bot/blocks/limits.py beside the other blocks'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from bot.blocks import limits
from bot.blocks.elements import Block
from bot.blocks.limits import truncate

Align = Literal["left", "center", "right"]


def cell(text: str) -> Block:
    """A raw_text cell: Slack shows its text as it is (no mrkdwn, so nothing to escape), cut
    to the cell limit; a blank cell shows a dash, since Slack wants some text."""
    # Raw text is never parsed, but a zero-width space after `<` keeps `<!channel>` inert even
    # where a client copies the cell into a message.
    flat = " ".join(str(text).split()).replace("<", "<\u200b")
    return {"type": "raw_text", "text": truncate(flat, limits.TABLE_CELL_TEXT) or "-"}


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: Sequence[Align] = (),
    wrapped: Sequence[bool] = (),
) -> Block:
    """A table of a header and up to 99 rows (what does not fit is cut: say so beside it);
    BlockLimitError for a header wider than 20 columns or a row of another width."""
    width = len(header)
    kept = [list(header), *(list(r) for r in rows[: limits.TABLE_ROWS - 1])]
    for i, row in enumerate(kept):
        if len(row) != width:
            raise limits.BlockLimitError(f"table row {i}: {len(row)} cells, the header has {width}")
    settings: list[Block] = []
    for j in range(max(len(align), len(wrapped))):
        setting: Block = {}
        if j < len(align):
            setting["align"] = align[j]
        if j < len(wrapped):
            setting["is_wrapped"] = wrapped[j]
        settings.append(setting)
    block: Block = {"type": "table", "rows": [[cell(c) for c in row] for row in kept]}
    if settings:
        block["column_settings"] = settings
    limits.check_table(block)
    return block


def shown_rows(rows: Sequence[object]) -> int:
    """How many data rows a table shows of `rows` (one row is the header)."""
    return min(len(rows), limits.TABLE_ROWS - 1)
