"""What one edited cell of the roadmap sheet means: the candidate fields it sets, or why not.

Each parser takes the cell's text (stripped) and the candidate the row is about, and returns the
fields to store; a cell that cannot be stored raises `CellProblem` with the sentence import shows.
The sheet's columns name their parser (`bot/roadmap/sheet.py`), so a new column brings its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.roadmap.board import Ranked
from bot.roadmap.model import (
    EDITABLE_STATUSES,
    HORIZONS,
    IMPACT_RANGE,
    TITLE_MAX,
    ImpactKind,
    Priority,
    Size,
    Status,
    parse_enum,
)

TEXT_MAX = 5000  # problem, root cause, solution, justification
_PRIORITY = re.compile(
    r"\s*(P[123])\s*(?:[:\-\u2013\u2014]\s*(.*?))?\s*", re.IGNORECASE | re.DOTALL
)
_HORIZON = re.compile(r"\s*(?:year\s*|y)?([123])\s*(?:\(pinned\))?\s*", re.IGNORECASE)

Parse = Callable[[str, Ranked], dict[str, Any]]


class CellProblem(ValueError):
    """Raised by a cell parser when the text cannot be stored; import lists the sentence."""


def text(field: str, *, required: bool = False) -> Parse:
    """A free-text column stored in `field`, at most TEXT_MAX characters."""

    def parse(value: str, ranked: Ranked) -> dict[str, Any]:
        if required and not value:
            raise CellProblem("cannot be blank")
        if len(value) > TEXT_MAX:
            raise CellProblem(f"is longer than {TEXT_MAX} characters")
        return {field: value}

    return parse


def title(value: str, ranked: Ranked) -> dict[str, Any]:
    """A candidate's short title, at most TITLE_MAX characters on one line; blank is refused
    (lists would have nothing to show)."""
    flat = " ".join(value.split())
    if not flat:
        raise CellProblem("cannot be blank")
    if len(flat) > TITLE_MAX:
        raise CellProblem(f"is longer than {TITLE_MAX} characters")
    return {"title": flat}


def impact_kind(value: str, ranked: Ranked) -> dict[str, Any]:
    """One of the impact kinds by label or value; blank clears it."""
    if not value:
        return {"impact_kind": None}
    try:
        return {"impact_kind": parse_enum(ImpactKind, value).value}
    except ValueError:
        kinds = ", ".join(k.label for k in ImpactKind)
        raise CellProblem(f"{value!r} is not one of: {kinds}") from None


def impact(value: str, ranked: Ranked) -> dict[str, Any]:
    """A whole number from 1 to 5; blank clears it."""
    if not value:
        return {"impact": None}
    if value.isascii() and value.isdigit() and int(value) in IMPACT_RANGE:
        return {"impact": int(value)}
    raise CellProblem(f"{value!r} is not a number from 1 to 5")


def effort(value: str, ranked: Ranked) -> dict[str, Any]:
    """A T-shirt size; blank clears it."""
    if not value:
        return {"effort": None}
    try:
        return {"effort": parse_enum(Size, value).value}
    except ValueError:
        raise CellProblem(f"invalid size {value!r}: use XS, S, M, L or XL") from None


def priority(value: str, ranked: Ranked) -> dict[str, Any]:
    """`P2` (the formula's, or clears an override), `P1: why` (an override with its reason)."""
    cleared = {"priority_override": None, "override_reason": None}
    if not value:
        return cleared
    found = _PRIORITY.fullmatch(value)
    if found is None:
        raise CellProblem(f"{value!r} is not P1, P2 or P3 (an override: 'P1: why')")
    chosen = Priority(found.group(1).upper())
    reason = " ".join((found.group(2) or "").split())
    if reason:
        return {"priority_override": chosen.value, "override_reason": reason[:500]}
    if chosen is ranked.score.formula_priority:
        return cleared
    raise CellProblem(f"overriding to {chosen} needs a reason: '{chosen}: why'")


def horizon(value: str, ranked: Ranked) -> dict[str, Any]:
    """`Year 2` pins the candidate to that year; blank leaves it to the plan."""
    if not value:
        return {"horizon_pin": None}
    found = _HORIZON.fullmatch(value)
    if found is None or int(found.group(1)) not in HORIZONS:
        raise CellProblem(f"{value!r} is not Year 1, Year 2 or Year 3 (blank: the plan)")
    return {"horizon_pin": int(found.group(1))}


def status(value: str, ranked: Ranked) -> dict[str, Any]:
    """One of the statuses a person may set (merged is set by merging, not typed)."""
    try:
        chosen = parse_enum(Status, value)
    except ValueError:
        chosen = Status.MERGED
    if chosen not in EDITABLE_STATUSES:
        names = ", ".join(s.label for s in EDITABLE_STATUSES)
        raise CellProblem(f"{value!r} is not one of: {names}")
    return {"status": chosen.value}
