"""Small Block Kit pieces the builders assemble; text passed in is already safe mrkdwn."""

from __future__ import annotations

from typing import Any, Literal

from bot.blocks import limits
from bot.blocks.limits import ELLIPSIS, check_message, check_view, slack_len, split_text, truncate

Block = dict[str, Any]
"""One Block Kit block or element, as JSON-ready data."""


def plain(text: str) -> Block:
    """A plain_text object."""
    return {"type": "plain_text", "text": text}


def section(text: str) -> Block:
    """A mrkdwn section; the text must fit (see sections())."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def sections(text: str, *, most: int) -> list[Block]:
    """Sections holding `text`, at most `most` of them; the last one ends with … if cut short."""
    chunks = split_text(text, limits.SECTION_TEXT)
    if len(chunks) > most:
        chunks = chunks[:most]
        chunks[-1] = truncate(chunks[-1] + ELLIPSIS, limits.SECTION_TEXT)
    return [section(chunk) for chunk in chunks]


def context(text: str) -> Block:
    """A one-line mrkdwn context block."""
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(text, limits.CONTEXT_TEXT)}],
    }


def header(text: str) -> Block:
    """A header (plain text, cut to Slack's limit)."""
    return {"type": "header", "text": plain(truncate(text, limits.HEADER_TEXT))}


def divider() -> Block:
    """A divider."""
    return {"type": "divider"}


def button(
    label: str, action_id: str, value: str, *, style: Literal["primary", "danger"] | None = None
) -> Block:
    """A button; its label is cut to Slack's limit."""
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "text": plain(truncate(label, limits.BUTTON_TEXT)),
        "value": value,
    }
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: Block) -> Block:
    """An actions block."""
    return {"type": "actions", "elements": list(elements)}


def option(text: str, value: str) -> Block:
    """An option of a select, radio group or checkbox group; its text is cut to Slack's limit."""
    return {"text": plain(truncate(text, limits.OPTION_TEXT)), "value": value}


def message(fallback: str, blocks: list[Block]) -> Block:
    """A chat.postMessage payload, checked against Slack's limits."""
    # The fallback is what notifications show; a short one reads better than 40,000 characters.
    text = truncate(fallback, limits.SECTION_TEXT)
    check_message(text, blocks)
    return {"text": text, "blocks": blocks}


def pack(body: list[Block], trailing: list[Block]) -> list[list[Block]]:
    """Blocks for as many messages as needed; `trailing` (buttons) stays on the last one."""
    most = limits.MESSAGE_BLOCKS
    groups = [body[i : i + most] for i in range(0, len(body), most)] or [[]]
    keep = most - len(trailing)
    if len(groups[-1]) > keep:
        last = groups.pop()
        groups += [last[:keep], last[keep:]]
    groups[-1] = groups[-1] + trailing
    return groups


def fallback_of(blocks: list[Block], default: str) -> str:
    """The first section's text, for a message's notification; `default` when there is none."""
    for block in blocks:
        if block["type"] == "section" and slack_len(block["text"]["text"].strip()):
            return str(block["text"]["text"])
    return default


# --- modals and their inputs -----------------------------------------------------------------


def input_block(block_id: str, label: str, element: Block, *, optional: bool = False) -> Block:
    """An input block; its element's action_id is, by this bot's habit, the same as block_id."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
    }
    if optional:
        block["optional"] = True
    return block


def text_input(
    action_id: str,
    *,
    most: int,
    initial: str | None = None,
    placeholder: str | None = None,
    multiline: bool = False,
) -> Block:
    """A plain-text input taking at most `most` characters (and never more than Slack takes)."""
    most = min(most, limits.TEXT_INPUT_MAX)
    element: Block = {
        "type": "plain_text_input",
        "action_id": action_id,
        "max_length": most,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = truncate(initial, most)
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return element


def choice(
    kind: Literal["static_select", "radio_buttons"],
    action_id: str,
    options: list[Block],
    *,
    initial: str | None = None,
    placeholder: str | None = None,
) -> Block:
    """A select or a radio group; `initial` is the value of the option chosen beforehand."""
    element: Block = {"type": kind, "action_id": action_id}
    if placeholder:
        element["placeholder"] = plain(placeholder)
    element["options"] = options
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def modal(
    callback_id: str,
    *,
    title: str,
    close: str,
    blocks: list[Block],
    metadata: str = "",
    submit: str | None = None,
) -> Block:
    """A modal view (views.open, views.push), checked against Slack's limits."""
    view: Block = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(truncate(title, limits.VIEW_TITLE)),
        "close": plain(close),
        "private_metadata": metadata,
        "blocks": blocks,
    }
    if submit is not None:
        view["submit"] = plain(submit)
    check_view(view)
    return view
