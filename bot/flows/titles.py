"""Short titles for pain points: proposed from the obstacle's first sentence (pure)."""

from __future__ import annotations

import re

TITLE_MAX = 80
"""Longest pain point (and candidate) title: what every list shows."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def title_of(problem: str, most: int = TITLE_MAX) -> str:
    """A short title from a problem's first sentence, cut at a word boundary with `…`.

    `Leads get lost between marketing and sales. Nobody owns them.` -> `Leads get lost between
    marketing and sales`.
    """
    flat = " ".join(problem.split())
    first = _SENTENCE_END.split(flat, maxsplit=1)[0].rstrip(".!? ") or flat
    return cut(first, most)


def cut(text: str, most: int) -> str:
    """Text on one line, at most `most` characters, cut at a word boundary with `…`."""
    flat = " ".join(text.split())
    if len(flat) <= most:
        return flat
    head = flat[: most - 1]
    space = head.rfind(" ")
    if space >= most // 2:
        head = head[:space]
    return head.rstrip(" ,;:-") + "…"


def cause_title(title: str, cause: str, most: int = TITLE_MAX) -> str:
    """The title of one root cause's candidate when its obstacle has several: the obstacle's
    title and the cause, so the two read apart in every list (`Forecasts are always wrong:
    deals are updated once a month`). The obstacle's title keeps at least half of the room."""
    flat = " ".join(cause.split()).rstrip(".!? ")
    if not flat:
        return cut(title, most)
    if flat[:1].isupper() and not flat[1:2].isupper():  # `Deals …` reads `deals …`, `CRM …` stays
        flat = flat[0].lower() + flat[1:]
    head = cut(title, max(most - 2 - len(flat), most // 2))
    return f"{head}: {cut(flat, most - 2 - len(head))}"
