"""Success metrics as progress, so metrics of any unit share one chart: each value as a
percentage of the way from its metric's baseline to its target (0% at the baseline, 100% at the
target, whichever way the metric should go), sampled on the dates the metrics were checked in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.metrics.model import Metric

MOST_METRICS = 6
"""Series one chart holds (Slack's limit for a line chart)."""
MOST_DATES = 20
"""Dates one chart holds (Slack's limit of categories); the newest are kept."""


def progress(metric: Metric, value: float) -> float | None:
    """How far `value` is along the baseline → target span, in %. A "stay at or above/below"
    metric whose baseline is its threshold has no span: 100% is the threshold and each % of the
    threshold's size on the healthy side adds one. None when there is no scale (both zero)."""
    span = metric.target - metric.baseline
    if span:
        return (value - metric.baseline) / span * 100
    if not metric.target:
        return None
    better = (value - metric.target) / abs(metric.target) * 100
    return 100 + (better if metric.direction.upward else -better)


@dataclass(frozen=True)
class ProgressSeries:
    """One metric on the chart: its name, candidate, and its progress on each of the dates."""

    metric: Metric
    values: tuple[float, ...]


@dataclass(frozen=True)
class ProgressChart:
    """Up to six metrics' progress on shared dates (oldest first); `left_out` counts the
    metrics with check-ins that did not fit."""

    dates: tuple[date, ...]
    series: tuple[ProgressSeries, ...]
    left_out: int = 0


def progress_chart(
    metrics: Sequence[Metric], *, most_metrics: int = MOST_METRICS, most_dates: int = MOST_DATES
) -> ProgressChart | None:
    """The chart of the first `most_metrics` metrics that have check-ins and a scale, in the
    order given (the digest gives worst first). On each date a metric shows its newest value on
    or before it (the baseline before its first check-in). None when no metric has a check-in."""
    drawable = [m for m in metrics if m.checkins and progress(m, m.baseline) is not None]
    shown = drawable[:most_metrics]
    if not shown:
        return None
    dates = sorted({c.on for m in shown for c in m.checkins})[-most_dates:]
    series = []
    for metric in shown:
        checkins = sorted(metric.checkins, key=lambda c: c.on)
        values = []
        for day in dates:
            seen = [c.value for c in checkins if c.on <= day]
            found = progress(metric, seen[-1] if seen else metric.baseline)
            assert found is not None  # drawable has a scale
            values.append(round(found, 1))
        series.append(ProgressSeries(metric, tuple(values)))
    return ProgressChart(tuple(dates), tuple(series), left_out=len(drawable) - len(shown))
