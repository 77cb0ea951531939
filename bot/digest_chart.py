"""The digest's pictures, as PNGs: impact against effort for the top roadmap candidates, and
the success metrics' way from baseline to target."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.metrics.progress import ProgressChart

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class ChartPoint:
    """One candidate on the chart: its rank (the label), impact 1-5 and effort in points."""

    rank: int
    impact: int
    effort_points: float
    priority: str
    title: str = ""


COLOURS = {"P1": "#c0392b", "P2": "#e67e22", "P3": "#7f8c8d"}
LABEL_OFFSETS = (6, -14, 16, -24)
"""Vertical offsets (points) of the titles of dots on one impact row, in turn."""


def impact_effort_png(
    points: Sequence[ChartPoint], *, title: str, sizes: Sequence[tuple[str, float]] = ()
) -> bytes | None:
    """The chart, or None when no candidate has both an impact and an effort yet; `sizes`
    (T-shirt size, points) label the effort axis."""
    if not points:
        return None
    with _drawing() as (figure, axes):
        row: dict[int, int] = {}  # labels so far on each impact row, so neighbours do not overlap
        for point, x in zip(points, _spread(points), strict=True):
            colour = COLOURS.get(point.priority, "#34495e")
            axes.scatter(x, point.impact, s=160, color=colour, alpha=0.85)
            axes.annotate(
                str(point.rank),
                (x, point.impact),
                ha="center",
                va="center",
                color="white",
                fontsize=8,
                fontweight="bold",
            )
            if point.title:  # the dot says what it is, not only its rank
                k = row.get(point.impact, 0)
                row[point.impact] = k + 1
                axes.annotate(
                    _short(point.title),
                    (x, point.impact),
                    xytext=(9, LABEL_OFFSETS[k % len(LABEL_OFFSETS)]),
                    textcoords="offset points",
                    fontsize=7,
                    color="#2c3e50",
                )
        axes.set_xscale("log", base=2)
        if sizes:
            ticks = [p for _, p in sizes]
            axes.set_xticks(ticks, [f"{name}\n{p:g} pts" for name, p in sizes])
            axes.minorticks_off()
            axes.set_xlim(min(ticks) / 1.5, max(ticks) * 1.5)
        axes.set_xlabel("Effort: cheaper to the left")
        axes.set_ylabel("Impact (1-5)")
        axes.set_ylim(0.5, 5.5)
        axes.set_yticks(range(1, 6))
        axes.grid(True, alpha=0.3)
        axes.set_title(title)
        for label, colour in COLOURS.items():
            axes.scatter([], [], color=colour, label=label)
        axes.legend(loc="lower right", frameon=False)
        return _png(figure)


def progress_png(chart: ProgressChart, *, title: str, axis: str) -> bytes:
    """The metrics' progress (the native chart's fallback): one line per metric, the baseline
    at 0% and the target at 100% drawn across."""
    with _drawing() as (figure, axes):
        xs = list(range(len(chart.dates)))  # one step per date, as the native chart
        for series in chart.series:
            axes.plot(xs, series.values, marker="o", label=_short(series.metric.name))
        axes.set_xticks(xs, [day.isoformat() for day in chart.dates])
        axes.axhline(0, color="#7f8c8d", linewidth=0.8, linestyle="--")
        axes.axhline(100, color="#27ae60", linewidth=0.8, linestyle="--")
        axes.annotate("target", (xs[0], 100), xytext=(2, 3), textcoords="offset points", fontsize=7)
        axes.set_ylabel(axis)
        axes.grid(True, alpha=0.3)
        axes.set_title(title)
        axes.legend(loc="best", frameon=False, fontsize=7)
        figure.autofmt_xdate()
        return _png(figure)


@contextmanager
def _drawing() -> Iterator[tuple[Figure, Axes]]:
    """A figure drawn in memory (no screen), closed after. A character the font lacks (an
    emoji in a title) is drawn as a box instead of warning on every digest."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=110)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            yield figure, axes
    finally:
        plt.close(figure)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(title: str, most: int = 28) -> str:
    flat = " ".join(title.split())
    return flat if len(flat) <= most else flat[: most - 1].rstrip() + "…"


def _spread(points: Sequence[ChartPoint]) -> list[float]:
    """x positions: candidates with the same impact and effort sit side by side, not on top."""
    groups: dict[tuple[float, int], list[int]] = {}
    for index, point in enumerate(points):
        groups.setdefault((point.effort_points, point.impact), []).append(index)
    xs = [p.effort_points for p in points]
    for (effort, _), members in groups.items():
        for slot, index in enumerate(members):
            xs[index] = effort * 1.12 ** (slot - (len(members) - 1) / 2)
    return xs
