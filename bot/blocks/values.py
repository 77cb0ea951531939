"""Button values (which interview, question or inbox answer a click belongs to), and the one
reader of what a submitted view's inputs hold."""

from __future__ import annotations

import re
from typing import Any

MAX_ID = 2**31 - 1
"""The largest row id: integer keys are 32-bit on PostgreSQL, so a larger id is garbage."""

QUESTION_KEY = re.compile(r"[a-z][a-z0-9_.]{0,63}")
"""A question key as bot.flows makes them (goal.1, why.2.1, extra.wand); storage keeps 64."""

_ID = re.compile(r"[1-9][0-9]{0,9}")


def parse_id(text: str) -> int:
    """A positive row id written in ASCII digits; ValueError for anything else."""
    if not isinstance(text, str) or not _ID.fullmatch(text) or int(text) > MAX_ID:
        raise ValueError(f"not an interview id: {text!r}")
    return int(text)


def button_value(interview_id: int, question_key: str | None = None) -> str:
    """The value of a button about one interview, and the question it was shown with."""
    return str(interview_id) if question_key is None else f"{interview_id}:{question_key}"


def parse_button_value(value: str) -> tuple[int, str | None]:
    """(interview id, question key or None) from a button value; ValueError on garbage."""
    if not isinstance(value, str):
        raise ValueError("a button value is a string")
    head, colon, key = value.partition(":")
    if colon and not QUESTION_KEY.fullmatch(key):
        raise ValueError(f"not a question key: {key!r}")
    return parse_id(head), key if colon else None


def pick_value(inbox_id: int, interview_id: int) -> str:
    """The value of a pick-interview button: which inbox answer goes to which interview."""
    return f"{inbox_id}:{interview_id}"


def parse_pick_value(value: str) -> tuple[int, int]:
    """(inbox id, interview id) from a pick-interview button value; ValueError on garbage."""
    if not isinstance(value, str):
        raise ValueError("a button value is a string")
    inbox, colon, interview = value.partition(":")
    if not colon:
        raise ValueError(f"not a pick value: {value!r}")
    return parse_id(inbox), parse_id(interview)


def view_values(view: object) -> object:
    """`view.state.values` of a submitted view (None when the shape is off)."""
    state = view.get("state") if isinstance(view, dict) else None
    return state.get("values") if isinstance(state, dict) else None


def entry(values: object, input_id: str) -> dict[str, Any]:
    """One input's state (its block_id and action_id are the same); {} when the shape is off."""
    block = values.get(input_id) if isinstance(values, dict) else None
    found = block.get(input_id) if isinstance(block, dict) else None
    return found if isinstance(found, dict) else {}


def selected(found: dict[str, Any]) -> str | None:
    """The value of a select's or radio group's chosen option."""
    chosen = found.get("selected_option")
    value = chosen.get("value") if isinstance(chosen, dict) else None
    return value if isinstance(value, str) else None


def typed(found: dict[str, Any]) -> str:
    """What was typed into a text input, stripped ("" when nothing)."""
    value = found.get("value")
    return value.strip() if isinstance(value, str) else ""


MOST_ALTERNATIVES = 40
"""Most items one trade-off button names (a button value holds 2,000 characters)."""


def trade_off_value(candidate_id: int, alternatives: tuple[int, ...]) -> str:
    """The value of a Keep / Swap button: the big item and the items it was weighed against."""
    return f"{candidate_id}:{','.join(str(i) for i in alternatives[:MOST_ALTERNATIVES])}"


def parse_trade_off_value(value: str) -> tuple[int, tuple[int, ...]]:
    """(big item, alternatives) from a Keep / Swap button value; ValueError on garbage."""
    if not isinstance(value, str):
        raise ValueError("a button value is a string")
    head, colon, rest = value.partition(":")
    if not colon or not rest:
        raise ValueError(f"not a trade-off value: {value!r}")
    others = tuple(parse_id(part) for part in rest.split(","))
    if len(others) > MOST_ALTERNATIVES:
        raise ValueError("too many alternatives")
    return parse_id(head), others
