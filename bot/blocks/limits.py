"""Slack's Block Kit limits, checks that name the offending block, and limit-safe text cutting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
CONTEXT_TEXT = 3000
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
SELECT_OPTIONS = 100
RADIO_OPTIONS = 10
INPUT_LABEL = 2000
PLACEHOLDER = 150
TEXT_INPUT_MAX = 3000
VIEW_TITLE = 24
PRIVATE_METADATA = 3000
ACTION_ID = 255
# The table block (docs.slack.dev/reference/block-kit/blocks/table-block).
TABLE_ROWS = 100
TABLE_CELLS = 20
TABLE_COLUMN_SETTINGS = 20
TABLE_CELL_TEXT = 2000  # Slack names no figure; ours, as for a section field
TABLES_PER_MESSAGE = 1
TABLE_ALIGN = ("left", "center", "right")
# The data_visualization block (docs.slack.dev/reference/block-kit/blocks/data-visualization-block).
CHART_TITLE = 50
CHART_SERIES = 6
CHART_POINTS = 20
CHART_LABEL = 20  # a series name, a category, a pie segment's label
AXIS_LABEL = 50
PIE_SEGMENTS = 6
CHARTS_PER_MESSAGE = 2
CHART_TYPES = ("pie", "bar", "area", "line")

ELLIPSIS = "…"
_ENTITIES = ("&amp;", "&lt;", "&gt;")
_LONGEST_ENTITY = max(map(len, _ENTITIES))
_LONGEST_TOKEN = 300  # a `<@U…>` mention or `<#C…>` link; a longer `<…>` run is not one token
_WORD_WINDOW = 200  # how far back a cut looks for a space (a longer "word" is cut where it is)


class BlockLimitError(ValueError):
    """Raised by check_message / check_view when a payload breaks a Slack limit; a bug to fix."""


def slack_len(text: str) -> int:
    """Length as Slack may count it: UTF-16 code units, never less than Python's len()."""
    # Slack does not say whether an emoji counts once or twice; counting twice is always safe.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Cut escaped mrkdwn into non-blank chunks of at most `limit`, between lines where possible."""
    if limit < _LONGEST_ENTITY:
        raise ValueError(f"a limit of {limit} cannot hold an escape like &amp;")
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        if slack_len(line) > limit:
            pieces = list(_hard_cut(line, limit))
            _flush(chunks, current)
            for piece in pieces[:-1]:
                _flush(chunks, piece)
            current = pieces[-1]
        elif current and slack_len(current) + 1 + slack_len(line) > limit:
            _flush(chunks, current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    _flush(chunks, current)
    return chunks


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` with an ellipsis, never inside an escape like `&amp;`."""
    if slack_len(text) <= limit:
        return text
    cut = _cut_at(text, limit - slack_len(ELLIPSIS))
    return text[:cut].rstrip() + ELLIPSIS


def _flush(chunks: list[str], chunk: str) -> None:
    # Slack rejects a section whose text is blank, so blank runs between chunks are dropped.
    if chunk.strip():
        chunks.append(chunk)


def _hard_cut(line: str, limit: int) -> Iterator[str]:
    # Pieces are cut from a window, so a line of megabytes is not copied or measured per piece.
    start = 0
    while len(line) - start > limit or slack_len(line[start:]) > limit:
        window = line[start : start + limit + _LONGEST_TOKEN]
        cut = max(_cut_at(window, limit), 1)  # one character always fits a sane limit
        yield line[start : start + cut]
        start += cut
    yield line[start:]


def _cut_at(text: str, limit: int) -> int:
    """The longest prefix within `limit`, moved back so it splits no word (within 200 characters),
    no escape and no `<…>`."""
    if limit <= 0:
        return 0
    low, high = 0, min(len(text), limit)
    while low < high:  # slack_len grows with the prefix, so the longest fitting prefix is found
        middle = (low + high + 1) // 2
        if slack_len(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    cut = low
    if cut < len(text):
        # Between words where one ends near the limit: a long answer is never split mid-word.
        space = max(text.rfind(" ", max(0, cut - _WORD_WINDOW), cut + 1), -1)
        if space > 0:
            cut = space + 1 if space < cut else cut
    amp = text.rfind("&", max(0, cut - _LONGEST_ENTITY + 1), cut)
    if amp > 0 and text.startswith(_ENTITIES, amp) and text.find(";", amp, cut) == -1:
        cut = amp
    opening = text.rfind("<", max(0, cut - _LONGEST_TOKEN), cut)
    if opening > 0 and text.find(">", opening, cut) == -1 and text.find(">", cut) != -1:
        cut = opening
    return cut if cut > 0 else low


def check_message(text: str, blocks: list[dict[str, Any]]) -> None:
    """Raise BlockLimitError naming the block and field if chat.postMessage would refuse this."""
    if not isinstance(text, str) or not text.strip():
        raise BlockLimitError("text: the fallback text is missing")
    _at_most(text, MESSAGE_TEXT, "text")
    _check_blocks(blocks, MESSAGE_BLOCKS, "blocks")


def check_view(view: dict[str, Any]) -> None:
    """Raise BlockLimitError naming the block and field if views.open/publish would refuse this."""
    kind = view.get("type")
    if kind not in ("modal", "home"):
        raise BlockLimitError(f"view.type: {kind!r} is not modal or home")
    if kind == "modal" and not _text(view.get("title")).strip():
        raise BlockLimitError("view.title: missing")
    for key in ("title", "submit", "close"):
        _at_most(_text(view.get(key)), VIEW_TITLE, f"view.{key}.text")
    _at_most(str(view.get("private_metadata", "")), PRIVATE_METADATA, "view.private_metadata")
    _at_most(str(view.get("callback_id", "")), ACTION_ID, "view.callback_id")
    _check_blocks(view.get("blocks"), VIEW_BLOCKS, "view.blocks")


def _text(obj: object) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _at_most(text: str, limit: int, where: str) -> None:
    if slack_len(text) > limit:
        raise BlockLimitError(f"{where}: {slack_len(text)} characters, Slack allows {limit}")


def _count(items: object, limit: int, where: str) -> list[Any]:
    if not isinstance(items, list):
        raise BlockLimitError(f"{where}: expected a list")
    if len(items) > limit:
        raise BlockLimitError(f"{where}: {len(items)} items, Slack allows {limit}")
    return items


def _check_blocks(blocks: object, limit: int, where: str) -> None:
    seen: set[str] = set()
    kinds = [b.get("type") for b in _count(blocks, limit, where) if isinstance(b, dict)]
    if kinds.count("table") > TABLES_PER_MESSAGE:
        raise BlockLimitError(f"{where}: {kinds.count('table')} tables, Slack allows one")
    if kinds.count("data_visualization") > CHARTS_PER_MESSAGE:
        raise BlockLimitError(f"{where}: more than {CHARTS_PER_MESSAGE} charts")
    for i, block in enumerate(_count(blocks, limit, where)):
        at = f"{where}[{i}]"
        if not isinstance(block, dict) or "type" not in block:
            raise BlockLimitError(f"{at}: not a block")
        block_id = block.get("block_id")
        if block_id is not None:
            _at_most(str(block_id), ACTION_ID, f"{at}.block_id")
            if block_id in seen:
                raise BlockLimitError(f"{at}.block_id: duplicate {block_id!r}")
            seen.add(block_id)
        _check_block(block, at)


def _check_block(block: dict[str, Any], at: str) -> None:
    kind = block["type"]
    if kind == "section":
        if "text" in block:
            text = _text(block["text"])
            if not text.strip():
                raise BlockLimitError(f"{at}.text.text: blank")
            _at_most(text, SECTION_TEXT, f"{at}.text.text")
        for j, item in enumerate(_count(block.get("fields", []), SECTION_FIELDS, f"{at}.fields")):
            _at_most(_text(item), FIELD_TEXT, f"{at}.fields[{j}].text")
        if "accessory" in block:
            _check_element(block["accessory"], f"{at}.accessory")
    elif kind == "header":
        _at_most(_text(block.get("text")), HEADER_TEXT, f"{at}.text.text")
    elif kind == "context":
        for j, item in enumerate(_count(block.get("elements"), CONTEXT_ELEMENTS, f"{at}.elements")):
            _at_most(_text(item), CONTEXT_TEXT, f"{at}.elements[{j}].text")
    elif kind == "actions":
        action_ids: set[str] = set()
        for j, item in enumerate(_count(block.get("elements"), ACTIONS_ELEMENTS, f"{at}.elements")):
            _check_element(item, f"{at}.elements[{j}]")
            action_id = item.get("action_id")
            if action_id in action_ids:
                raise BlockLimitError(f"{at}.elements[{j}].action_id: duplicate {action_id!r}")
            action_ids.add(action_id)
    elif kind == "input":
        _at_most(_text(block.get("label")), INPUT_LABEL, f"{at}.label.text")
        _check_element(block.get("element"), f"{at}.element")
    elif kind == "table":
        check_table(block, at)
    elif kind == "data_visualization":
        check_chart(block, at)


def check_table(block: dict[str, Any], at: str = "table") -> None:
    """A table block: 1-100 rows of 1-20 raw_text or rich_text cells, all rows as wide, and at
    most 20 column settings (align left/center/right, is_wrapped true/false)."""
    rows = _count(block.get("rows"), TABLE_ROWS, f"{at}.rows")
    if not rows:
        raise BlockLimitError(f"{at}.rows: a table needs a row")
    width = None
    for i, row in enumerate(rows):
        cells = _count(row, TABLE_CELLS, f"{at}.rows[{i}]")
        if not cells or (width is not None and len(cells) != width):
            raise BlockLimitError(f"{at}.rows[{i}]: {len(cells)} cells, the first row has {width}")
        width = len(cells)
        for j, cell in enumerate(cells):
            where = f"{at}.rows[{i}][{j}]"
            if not isinstance(cell, dict) or cell.get("type") not in ("raw_text", "rich_text"):
                raise BlockLimitError(f"{where}: a cell is raw_text or rich_text")
            if cell["type"] == "raw_text":
                _at_most(str(cell.get("text", "")), TABLE_CELL_TEXT, f"{where}.text")
    settings = _count(block.get("column_settings", []), TABLE_COLUMN_SETTINGS, f"{at}.columns")
    for j, setting in enumerate(settings):
        if not isinstance(setting, dict):
            raise BlockLimitError(f"{at}.column_settings[{j}]: not an object")
        if setting.get("align", "left") not in TABLE_ALIGN:
            raise BlockLimitError(f"{at}.column_settings[{j}].align: {setting['align']!r}")
        if not isinstance(setting.get("is_wrapped", False), bool):
            raise BlockLimitError(f"{at}.column_settings[{j}].is_wrapped: true or false")


def check_chart(block: dict[str, Any], at: str = "chart") -> None:
    """A data_visualization block: a title of 1-50 characters and a pie (1-6 segments, labels
    up to 20, values above 0) or a bar, area or line chart (1-6 series with unique names up to
    20, 1-20 points each, every label one of the axis categories of up to 20 characters, axis
    titles up to 50)."""
    title = str(block.get("title", ""))
    if not title.strip():
        raise BlockLimitError(f"{at}.title: missing")
    _at_most(title, CHART_TITLE, f"{at}.title")
    chart = block.get("chart")
    kind = chart.get("type") if isinstance(chart, dict) else None
    if not isinstance(chart, dict) or kind not in CHART_TYPES:
        raise BlockLimitError(f"{at}.chart.type: {kind!r} is not one of {', '.join(CHART_TYPES)}")
    if kind == "pie":
        segments = _count(chart.get("segments"), PIE_SEGMENTS, f"{at}.chart.segments")
        if not segments:
            raise BlockLimitError(f"{at}.chart.segments: a pie needs a segment")
        for j, segment in enumerate(segments):
            _label(segment.get("label") if isinstance(segment, dict) else None, f"{at}.segments")
            if not _number(segment.get("value")) or segment["value"] <= 0:
                raise BlockLimitError(f"{at}.chart.segments[{j}].value: a number above 0")
        return
    axis = chart.get("axis_config")
    if not isinstance(axis, dict):
        raise BlockLimitError(f"{at}.chart.axis_config: missing")
    categories = axis.get("categories")
    if not isinstance(categories, list) or not categories:
        raise BlockLimitError(f"{at}.chart.axis_config.categories: missing")
    for category in categories:
        _label(category, f"{at}.chart.axis_config.categories")
    for key in ("x_label", "y_label"):
        _at_most(str(axis.get(key, "")), AXIS_LABEL, f"{at}.chart.axis_config.{key}")
    series = _count(chart.get("series"), CHART_SERIES, f"{at}.chart.series")
    if not series:
        raise BlockLimitError(f"{at}.chart.series: a chart needs a series")
    names = [s.get("name") if isinstance(s, dict) else None for s in series]
    if len(set(names)) != len(names):
        raise BlockLimitError(f"{at}.chart.series: names must be unique")
    for j, one in enumerate(series):
        _label(names[j], f"{at}.chart.series[{j}].name")
        points = _count(one.get("data"), CHART_POINTS, f"{at}.chart.series[{j}].data")
        if not points:
            raise BlockLimitError(f"{at}.chart.series[{j}].data: a series needs a point")
        for k, point in enumerate(points):
            where = f"{at}.chart.series[{j}].data[{k}]"
            if not isinstance(point, dict) or point.get("label") not in categories:
                raise BlockLimitError(f"{where}.label: not one of the axis categories")
            if not _number(point.get("value")):
                raise BlockLimitError(f"{where}.value: not a number")


def _label(label: object, where: str) -> None:
    if not isinstance(label, str) or not label.strip():
        raise BlockLimitError(f"{where}: a label is a non-blank string")
    _at_most(label, CHART_LABEL, where)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_element(element: object, at: str) -> None:
    if not isinstance(element, dict):
        raise BlockLimitError(f"{at}: not an element")
    _at_most(str(element.get("action_id", "")), ACTION_ID, f"{at}.action_id")
    _at_most(_text(element.get("placeholder")), PLACEHOLDER, f"{at}.placeholder.text")
    kind = element.get("type")
    if kind == "button":
        _at_most(_text(element.get("text")), BUTTON_TEXT, f"{at}.text.text")
        _at_most(str(element.get("value", "")), BUTTON_VALUE, f"{at}.value")
    elif kind == "plain_text_input" and element.get("max_length", 0) > TEXT_INPUT_MAX:
        raise BlockLimitError(f"{at}.max_length: Slack allows {TEXT_INPUT_MAX}")
    if "options" in element:
        most = SELECT_OPTIONS if kind == "static_select" else RADIO_OPTIONS
        for j, option in enumerate(_count(element["options"], most, f"{at}.options")):
            _at_most(_text(option.get("text")), OPTION_TEXT, f"{at}.options[{j}].text.text")
            _at_most(str(option.get("value", "")), OPTION_VALUE, f"{at}.options[{j}].value")
