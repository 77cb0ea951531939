"""Slack's data_visualization block as data: bar, line and area charts of named series over
categories, and pies, each checked against the block's limits (bot/blocks/limits.py).

slack_sdk has no model for it yet. Labels Slack caps at 20 characters (categories, series
names, segments) are cut with an ellipsis and kept unique, so two long titles never collide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from bot.blocks import limits
from bot.blocks.elements import Block
from bot.blocks.limits import truncate

SeriesChart = Literal["bar", "line", "area"]


def labels(texts: Sequence[str], most: int = limits.CHART_LABEL) -> list[str]:
    """Each text as a chart label: one line, cut to `most` characters, made unique by a
    counter where two cuts come out the same (`Leads get lost bet…`, `Leads get lost b… 2`)."""
    out: list[str] = []
    for text in texts:
        flat = " ".join(str(text).split()) or "-"
        label = truncate(flat, most)
        n = 2
        while label in out:
            suffix = f" {n}"
            label = truncate(flat, most - len(suffix)) + suffix
            n += 1
        out.append(label)
    return out


def series_chart(
    kind: SeriesChart,
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    x_label: str | None = None,
    y_label: str | None = None,
) -> Block:
    """A bar, line or area chart: one value per category in each named series (at most 20
    categories and 6 series are drawn; the caller says what was left out)."""
    names = labels(list(series)[: limits.CHART_SERIES])
    shown = labels(list(categories)[: limits.CHART_POINTS])
    data = []
    for name, values in zip(names, list(series.values())[: limits.CHART_SERIES], strict=True):
        if len(values) < len(shown):
            raise limits.BlockLimitError(f"chart series {name!r}: fewer values than categories")
        points = [{"label": c, "value": float(v)} for c, v in zip(shown, values, strict=False)]
        data.append({"name": name, "data": points})
    axis: Block = {"categories": shown}
    if x_label:
        axis["x_label"] = truncate(x_label, limits.AXIS_LABEL)
    if y_label:
        axis["y_label"] = truncate(y_label, limits.AXIS_LABEL)
    block: Block = {
        "type": "data_visualization",
        "title": truncate(" ".join(title.split()), limits.CHART_TITLE),
        "chart": {"type": kind, "series": data, "axis_config": axis},
    }
    limits.check_chart(block)
    return block


def pie_chart(title: str, segments: Mapping[str, float]) -> Block:
    """A pie of up to 6 segments with values above 0 (the others are left out)."""
    kept = [(k, v) for k, v in segments.items() if v > 0][: limits.PIE_SEGMENTS]
    names = labels([k for k, _ in kept])
    block: Block = {
        "type": "data_visualization",
        "title": truncate(" ".join(title.split()), limits.CHART_TITLE),
        "chart": {
            "type": "pie",
            "segments": [
                {"label": n, "value": float(v)} for n, (_, v) in zip(names, kept, strict=True)
            ],
        },
    }
    limits.check_chart(block)
    return block
