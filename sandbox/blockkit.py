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


def _check_blocks(blocks: Any, limit: int, problems: list[str]) -> None:
    if not isinstance(blocks, list):
        problems.append("must be an array [json-pointer:/blocks]")
        return
    if len(blocks) > limit:
        problems.append(f"must provide at most {limit} items [json-pointer:/blocks]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        _check_block(block, f"/blocks/{i}", problems)
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if block_id is not None:
            if block_id in seen:
                problems.append(f"duplicate block_id [json-pointer:/blocks/{i}/block_id]")
            seen.add(block_id)


def check_message(text: Any, blocks: Any) -> None:
    """Raise the SlackError chat.postMessage / chat.update would answer for this content."""
    if not text and not blocks:
        raise SlackError("no_text")
    if text is not None and len(str(text)) > MAX_MESSAGE_TEXT:
        raise SlackError("msg_too_long")
    if blocks:
        problems: list[str] = []
        _check_blocks(blocks, MAX_MESSAGE_BLOCKS, problems)
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
