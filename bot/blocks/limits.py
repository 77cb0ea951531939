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
