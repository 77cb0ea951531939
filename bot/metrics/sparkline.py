"""A text sparkline of a metric's check-ins: eight block heights, lowest to highest."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"
MOST = 12
"""The newest values a sparkline shows (it stays one short line in a digest)."""


def sparkline(values: Sequence[float], *, most: int = MOST) -> str:
    """`▁▃▅█` for 1, 2, 3, 5; a flat series is a row of middle bars; empty for no values."""
    shown = list(values)[-most:]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    if high == low:
        return BARS[len(BARS) // 2 - 1] * len(shown)
    top = len(BARS) - 1
    return "".join(BARS[round((v - low) / (high - low) * top)] for v in shown)
