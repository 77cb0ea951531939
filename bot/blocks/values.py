"""Button values: which interview (and question, or inbox answer) a click belongs to."""

from __future__ import annotations

import re

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
