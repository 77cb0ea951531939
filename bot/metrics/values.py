"""Reading what people type for a metric: a value, a confidence, a note; each refusal is one
sentence."""

from __future__ import annotations

import math
import re

from bot.metrics.model import Confidence
from bot.roadmap.smart import parse_number

NOTE_MAX = 2000
"""Longest check-in note (the table keeps 2000 characters)."""
VALUE_MAX = 1e15
"""Largest value taken: beyond it a float stops holding whole numbers exactly."""


_VALUE = re.compile(r"^\s*[-+]?\s*[$€£]?\s*\d[\d,]*(?:\.\d+)?(?:\s*%|\s+\S.*)?\s*$")
"""A number, then nothing, `%` or a unit after a space (`1e999` is not `1` of unit `e999`)."""


class MetricInputError(ValueError):
    """Raised by the readers below for a value, date, confidence or note that cannot be stored;
    the CLI prints the sentence and the DM modal shows it under the field."""


def parse_value(text: str) -> float:
    """A check-in value from `72.5`, `1,250`, `98 %`; MetricInputError names what is wrong."""
    found = parse_number(text) if len(text) <= 200 and _VALUE.match(text) else None
    if found is None or not math.isfinite(found[0]) or abs(found[0]) > VALUE_MAX:
        raise MetricInputError(f"not a number: {_quoted(text)}")
    return found[0]


def parse_confidence(text: str | None) -> Confidence | None:
    """`on track`, `on_track`, `at-risk` …; None for no text."""
    if text is None or not text.strip():
        return None
    wanted = "_".join(text.strip().replace("-", " ").replace("_", " ").split()).casefold()
    try:
        return Confidence(wanted)
    except ValueError:
        choices = ", ".join(c.label for c in Confidence)
        raise MetricInputError(f"confidence is one of: {choices}") from None


def check_note(text: str | None) -> str | None:
    """The note, trimmed (None when blank); MetricInputError when too long."""
    note = (text or "").strip()
    if len(note) > NOTE_MAX:
        raise MetricInputError(f"a note takes at most {NOTE_MAX} characters")
    return note or None


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 40 else flat[:39] + "…")
