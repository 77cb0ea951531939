"""Block Kit limits as Slack enforces them, reported with Slack's error names and pointers."""

from __future__ import annotations

import secrets
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_ID_LENGTH = 255
MAX_VIEW_TITLE = 24
MAX_PRIVATE_METADATA = 3000
# table (docs.slack.dev/reference/block-kit/blocks/table-block)
MAX_TABLE_ROWS = 100
MAX_TABLE_CELLS = 20
MAX_COLUMN_SETTINGS = 20
MAX_TABLES = 1
# data_visualization (docs.slack.dev/reference/block-kit/blocks/data-visualization-block)
MAX_CHART_TITLE = 50
MAX_CHART_SERIES = 6
MAX_CHART_POINTS = 20
MAX_CHART_LABEL = 20
MAX_AXIS_LABEL = 50
MAX_PIE_SEGMENTS = 6
MAX_CHARTS = 2
CHART_TYPES = ("pie", "bar", "area", "line")


class SlackError(Exception):
    """A Web API failure: the `error` name plus the human messages Slack adds."""

    def __init__(self, error: str, messages: tuple[str, ...] = ()) -> None:
        super().__init__(error, *messages)
        self.error = error
        self.messages = messages

    def body(self) -> dict[str, Any]:
        """The JSON body Slack answers with (HTTP 200, `ok: false`)."""
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["errors"] = list(self.messages)
            body["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in self.messages]}
        return body


def _too_long(limit: int, pointer: str) -> str:
    return f"must be less than {limit + 1} characters [json-pointer:{pointer}]"


def _text_of(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _check_options(options: Any, pointer: str, problems: list[str]) -> None:
    for i, option in enumerate(options if isinstance(options, list) else []):
        if len(_text_of(option.get("text"))) > MAX_OPTION_TEXT:
            problems.append(_too_long(MAX_OPTION_TEXT, f"{pointer}/{i}/text/text"))
        if len(str(option.get("value", ""))) > MAX_OPTION_VALUE:
            problems.append(_too_long(MAX_OPTION_VALUE, f"{pointer}/{i}/value"))


def _check_element(element: Any, pointer: str, problems: list[str]) -> None:
    if not isinstance(element, dict):
        problems.append(f"must be an object [json-pointer:{pointer}]")
        return
    if len(str(element.get("action_id", ""))) > MAX_ID_LENGTH:
        problems.append(_too_long(MAX_ID_LENGTH, f"{pointer}/action_id"))
    if element.get("type") == "button":
        if len(_text_of(element.get("text"))) > MAX_BUTTON_TEXT:
            problems.append(_too_long(MAX_BUTTON_TEXT, f"{pointer}/text/text"))
        if len(str(element.get("value", ""))) > MAX_BUTTON_VALUE:
            problems.append(_too_long(MAX_BUTTON_VALUE, f"{pointer}/value"))
    _check_options(element.get("options"), f"{pointer}/options", problems)


def _check_block(block: Any, pointer: str, problems: list[str]) -> None:
    if not isinstance(block, dict) or "type" not in block:
        problems.append(f"missing required field: type [json-pointer:{pointer}]")
        return
    kind = block["type"]
    if len(str(block.get("block_id", ""))) > MAX_ID_LENGTH:
        problems.append(_too_long(MAX_ID_LENGTH, f"{pointer}/block_id"))
    if kind == "section":
        if len(_text_of(block.get("text"))) > MAX_SECTION_TEXT:
            problems.append(_too_long(MAX_SECTION_TEXT, f"{pointer}/text/text"))
        fields = block.get("fields") or []
        if len(fields) > MAX_SECTION_FIELDS:
            problems.append(
                f"must provide at most {MAX_SECTION_FIELDS} items [json-pointer:{pointer}/fields]"
            )
        for i, item in enumerate(fields):
            if len(_text_of(item)) > MAX_FIELD_TEXT:
                problems.append(_too_long(MAX_FIELD_TEXT, f"{pointer}/fields/{i}/text"))
        if "accessory" in block:
            _check_element(block["accessory"], f"{pointer}/accessory", problems)
    elif kind == "header":
        if len(_text_of(block.get("text"))) > MAX_HEADER_TEXT:
            problems.append(_too_long(MAX_HEADER_TEXT, f"{pointer}/text/text"))
    elif kind in ("actions", "context"):
        elements = block.get("elements") or []
        limit = MAX_ACTIONS_ELEMENTS if kind == "actions" else MAX_CONTEXT_ELEMENTS
        if len(elements) > limit:
            problems.append(f"must provide at most {limit} items [json-pointer:{pointer}/elements]")
        if kind == "actions":
            for i, element in enumerate(elements):
                _check_element(element, f"{pointer}/elements/{i}", problems)
    elif kind == "input" and "element" in block:
        _check_element(block["element"], f"{pointer}/element", problems)
    elif kind == "table":
        _check_table(block, pointer, problems)
    elif kind == "data_visualization":
        _check_chart(block, pointer, problems)


def _at_most_items(items: Any, limit: int, pointer: str, problems: list[str]) -> list[Any]:
    if not isinstance(items, list):
        problems.append(f"must be an array [json-pointer:{pointer}]")
        return []
    if len(items) > limit:
        problems.append(f"must provide at most {limit} items [json-pointer:{pointer}]")
    if not items:
        problems.append(f"must provide at least 1 item [json-pointer:{pointer}]")
    return items


def _check_table(block: dict[str, Any], pointer: str, problems: list[str]) -> None:
    rows = _at_most_items(block.get("rows"), MAX_TABLE_ROWS, f"{pointer}/rows", problems)
    for i, row in enumerate(rows):
        cells = _at_most_items(row, MAX_TABLE_CELLS, f"{pointer}/rows/{i}", problems)
        for j, cell in enumerate(cells):
            kind = cell.get("type") if isinstance(cell, dict) else None
            if kind not in ("raw_text", "rich_text"):
                problems.append(
                    f"must be raw_text or rich_text [json-pointer:{pointer}/rows/{i}/{j}/type]"
                )
    settings = block.get("column_settings", [])
    if isinstance(settings, list) and len(settings) > MAX_COLUMN_SETTINGS:
        problems.append(
            f"must provide at most {MAX_COLUMN_SETTINGS} items "
            f"[json-pointer:{pointer}/column_settings]"
        )
    for j, setting in enumerate(settings if isinstance(settings, list) else []):
        if isinstance(setting, dict) and setting.get("align", "left") not in (
            "left",
            "center",
            "right",
        ):
            problems.append(
                f"must be one of left, center, right "
                f"[json-pointer:{pointer}/column_settings/{j}/align]"
            )


def _label(label: Any, pointer: str, problems: list[str]) -> None:
    if not isinstance(label, str) or not label:
        problems.append(f"missing required field: label [json-pointer:{pointer}]")
    elif len(label) > MAX_CHART_LABEL:
        problems.append(_too_long(MAX_CHART_LABEL, pointer))


def _check_chart(block: dict[str, Any], pointer: str, problems: list[str]) -> None:
    title = block.get("title")
    if not isinstance(title, str) or not title:
        problems.append(f"missing required field: title [json-pointer:{pointer}/title]")
    elif len(title) > MAX_CHART_TITLE:
        problems.append(_too_long(MAX_CHART_TITLE, f"{pointer}/title"))
    chart = block.get("chart")
    kind = chart.get("type") if isinstance(chart, dict) else None
    if not isinstance(chart, dict) or kind not in CHART_TYPES:
        problems.append(
            f"must be one of {', '.join(CHART_TYPES)} [json-pointer:{pointer}/chart/type]"
        )
        return
    at = f"{pointer}/chart"
    if kind == "pie":
        segments = _at_most_items(
            chart.get("segments"), MAX_PIE_SEGMENTS, f"{at}/segments", problems
        )
        for i, segment in enumerate(segments):
            segment = segment if isinstance(segment, dict) else {}
            _label(segment.get("label"), f"{at}/segments/{i}/label", problems)
            value = segment.get("value")
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                problems.append(f"must be greater than 0 [json-pointer:{at}/segments/{i}/value]")
        return
    found = chart.get("axis_config")
    axis: dict[str, Any] = found if isinstance(found, dict) else {}
    categories = axis.get("categories")
    if not isinstance(categories, list) or not categories:
        problems.append(f"missing required field: categories [json-pointer:{at}/axis_config]")
        categories = []
    for i, category in enumerate(categories):
        _label(category, f"{at}/axis_config/categories/{i}", problems)
    for key in ("x_label", "y_label"):
        if len(str(axis.get(key, ""))) > MAX_AXIS_LABEL:
            problems.append(_too_long(MAX_AXIS_LABEL, f"{at}/axis_config/{key}"))
    series = _at_most_items(chart.get("series"), MAX_CHART_SERIES, f"{at}/series", problems)
    names = [s.get("name") if isinstance(s, dict) else None for s in series]
    if len(set(map(str, names))) != len(names):
        problems.append(f"series names must be unique [json-pointer:{at}/series]")
    for i, one in enumerate(series):
        one = one if isinstance(one, dict) else {}
        _label(one.get("name"), f"{at}/series/{i}/name", problems)
        data = _at_most_items(one.get("data"), MAX_CHART_POINTS, f"{at}/series/{i}/data", problems)
        for j, point in enumerate(data):
            point = point if isinstance(point, dict) else {}
            if point.get("label") not in categories:
                problems.append(
                    f"must be one of axis_config.categories "
                    f"[json-pointer:{at}/series/{i}/data/{j}/label]"
                )
            value = point.get("value")
            if not isinstance(value, int | float) or isinstance(value, bool):
                problems.append(f"must be a number [json-pointer:{at}/series/{i}/data/{j}/value]")


def _check_blocks(
    blocks: Any, limit: int, problems: list[str], refused: frozenset[str] = frozenset()
) -> None:
    if not isinstance(blocks, list):
        problems.append("must be an array [json-pointer:/blocks]")
        return
    if len(blocks) > limit:
        problems.append(f"must provide at most {limit} items [json-pointer:/blocks]")
    kinds = [b.get("type") if isinstance(b, dict) else None for b in blocks]
    for i, kind in enumerate(kinds):
        if kind in refused:
            problems.append(f"unsupported type: {kind} [json-pointer:/blocks/{i}/type]")
    if kinds.count("table") > MAX_TABLES:
        problems.append("only one table is allowed in a message [json-pointer:/blocks]")
    if kinds.count("data_visualization") > MAX_CHARTS:
        problems.append(f"at most {MAX_CHARTS} data_visualization blocks [json-pointer:/blocks]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        _check_block(block, f"/blocks/{i}", problems)
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if block_id is not None:
            if block_id in seen:
                problems.append(f"duplicate block_id [json-pointer:/blocks/{i}/block_id]")
            seen.add(block_id)


def check_message(text: Any, blocks: Any, *, refused: frozenset[str] = frozenset()) -> None:
    """Raise the SlackError chat.postMessage / chat.update would answer for this content;
    block types in `refused` are answered invalid_blocks, as by a Slack without them."""
    if not text and not blocks:
        raise SlackError("no_text")
    if text is not None and len(str(text)) > MAX_MESSAGE_TEXT:
        raise SlackError("msg_too_long")
    if blocks:
        problems: list[str] = []
        _check_blocks(blocks, MAX_MESSAGE_BLOCKS, problems, refused)
        if problems:
            raise SlackError("invalid_blocks", tuple(problems))


def check_view(view: Any, *, allowed_types: tuple[str, ...] = ("modal",)) -> None:
    """Raise the SlackError views.open / update / publish would answer for this view."""
    if not isinstance(view, dict):
        raise SlackError("invalid_arguments", ("must be an object [json-pointer:/view]",))
    problems: list[str] = []
    if view.get("type") not in allowed_types:
        problems.append(f"must be one of {', '.join(allowed_types)} [json-pointer:/view/type]")
    if view.get("type") == "modal" and not _text_of(view.get("title")):
        problems.append("missing required field: title [json-pointer:/view/title]")
    for key in ("title", "submit", "close"):
        if len(_text_of(view.get(key))) > MAX_VIEW_TITLE:
            problems.append(_too_long(MAX_VIEW_TITLE, f"/view/{key}/text"))
    if len(str(view.get("private_metadata", ""))) > MAX_PRIVATE_METADATA:
        problems.append(_too_long(MAX_PRIVATE_METADATA, "/view/private_metadata"))
    if len(str(view.get("callback_id", ""))) > MAX_ID_LENGTH:
        problems.append(_too_long(MAX_ID_LENGTH, "/view/callback_id"))
    block_problems: list[str] = []
    _check_blocks(view.get("blocks", []), MAX_VIEW_BLOCKS, block_problems)
    problems.extend(
        p.replace("[json-pointer:/blocks", "[json-pointer:/view/blocks") for p in block_problems
    )
    if problems:
        raise SlackError("invalid_arguments", tuple(problems))


def with_block_ids(blocks: list[Any]) -> list[Any]:
    """Copy of `blocks` where each block has a block_id, as Slack assigns one when it is missing."""
    return [
        {**b, "block_id": b.get("block_id") or secrets.token_urlsafe(3)}
        if isinstance(b, dict)
        else b
        for b in blocks
    ]
