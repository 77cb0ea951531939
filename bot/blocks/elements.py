"""Small Block Kit pieces the builders assemble; text passed in is already safe mrkdwn."""

from __future__ import annotations

from typing import Any, Literal

from bot.blocks import limits
from bot.blocks.limits import ELLIPSIS, check_message, slack_len, split_text, truncate

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
