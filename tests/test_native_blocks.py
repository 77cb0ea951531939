"""Slack's table and data_visualization blocks: the builders and the checks in bot/blocks, one
test per limit (tests/sandbox/test_native_blocks.py sends the same breaches to the stand-in)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from bot.blocks import limits
from bot.blocks.chart import labels, pie_chart, series_chart
from bot.blocks.limits import BlockLimitError, check_chart, check_message, check_table
from bot.blocks.table import cell, table

Block = dict[str, Any]


def a_table(rows: int = 2, cells: int = 3) -> Block:
    return {
        "type": "table",
        "rows": [
            [{"type": "raw_text", "text": f"{r}.{c}"} for c in range(cells)] for r in range(rows)
        ],
    }


def a_chart(points: int = 3, series: int = 2) -> Block:
    categories = [f"c{i}" for i in range(points)]
    return {
        "type": "data_visualization",
        "title": "Impact and effort",
        "chart": {
            "type": "bar",
            "series": [
                {"name": f"s{j}", "data": [{"label": c, "value": 1} for c in categories]}
                for j in range(series)
            ],
            "axis_config": {"categories": categories, "x_label": "x", "y_label": "y"},
        },
    }


def a_pie(segments: int = 3) -> Block:
    return {
        "type": "data_visualization",
        "title": "Share",
        "chart": {
            "type": "pie",
            "segments": [{"label": f"p{i}", "value": 1} for i in range(segments)],
        },
    }


def changed(block: Block, change: Callable[[Block], object]) -> Block:
    copied = copy.deepcopy(block)
    change(copied)
    return copied


def _set(path: list[str | int], value: object) -> Callable[[Block], None]:
    def apply(block: Block) -> None:
        target: Any = block
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


BROKEN_TABLES = {
    "101 rows": a_table(rows=101),
    "21 cells": a_table(cells=21),
    "no rows": a_table(rows=0),
    "ragged rows": changed(a_table(), lambda b: b["rows"][1].pop()),
    "a cell of another type": changed(a_table(), _set(["rows", 0, 0], {"type": "mrkdwn"})),
    "a long cell": changed(
        a_table(), _set(["rows", 0, 0], {"type": "raw_text", "text": "x" * 2001})
    ),
    "21 column settings": changed(a_table(), _set(["column_settings"], [{}] * 21)),
    "a bad alignment": changed(a_table(), _set(["column_settings"], [{"align": "justify"}])),
}
BROKEN_CHARTS = {
    "a 51-character title": changed(a_chart(), _set(["title"], "x" * 51)),
    "no title": changed(a_chart(), _set(["title"], "")),
    "a scatter chart": changed(a_chart(), _set(["chart", "type"], "scatter")),
    "7 series": a_chart(series=7),
    "no series": a_chart(series=0),
    "21 points": a_chart(points=21),
    "a 21-character series name": changed(
        a_chart(), _set(["chart", "series", 0, "name"], "n" * 21)
    ),
    "two series of one name": changed(a_chart(), _set(["chart", "series", 1, "name"], "s0")),
    "a 21-character category": changed(
        a_chart(), _set(["chart", "axis_config", "categories", 0], "c" * 21)
    ),
    "a point off the categories": changed(
        a_chart(), _set(["chart", "series", 0, "data", 0, "label"], "elsewhere")
    ),
    "a value that is no number": changed(
        a_chart(), _set(["chart", "series", 0, "data", 0, "value"], "4")
    ),
    "a 51-character axis title": changed(
        a_chart(), _set(["chart", "axis_config", "x_label"], "x" * 51)
    ),
    "7 pie segments": a_pie(segments=7),
    "a 21-character segment": changed(a_pie(), _set(["chart", "segments", 0, "label"], "p" * 21)),
    "a zero segment": changed(a_pie(), _set(["chart", "segments", 0, "value"], 0)),
}


def test_blocks_at_the_limits_pass() -> None:
    check_table(a_table(rows=100, cells=20))
    check_chart(a_chart(points=20, series=6))
    check_chart(a_pie(segments=6))
    check_message("t", [a_table(), a_chart(), a_pie()])


@pytest.mark.parametrize("name", sorted(BROKEN_TABLES))
def test_each_table_limit_is_checked(name: str) -> None:
    with pytest.raises(BlockLimitError):
        check_message("t", [BROKEN_TABLES[name]])


@pytest.mark.parametrize("name", sorted(BROKEN_CHARTS))
def test_each_chart_limit_is_checked(name: str) -> None:
    with pytest.raises(BlockLimitError):
        check_message("t", [BROKEN_CHARTS[name]])


def test_a_message_holds_one_table_and_two_charts() -> None:
    with pytest.raises(BlockLimitError, match="tables"):
        check_message("t", [a_table(), a_table()])
    with pytest.raises(BlockLimitError, match="charts"):
        check_message("t", [a_chart(), a_chart(), a_pie()])


def test_the_table_builder_cuts_rows_and_cells_and_keeps_mentions_inert() -> None:
    rows = [[f"<!channel> {i}", "x" * 5000, ""] for i in range(150)]
    built = table(["A", "B", "C"], rows, align=("right",), wrapped=(False, True))
    assert len(built["rows"]) == limits.TABLE_ROWS  # the header and 99 rows
    assert built["rows"][1][0]["text"] == "<\u200b!channel> 0"
    assert len(built["rows"][1][1]["text"]) == limits.TABLE_CELL_TEXT
    assert built["rows"][1][2]["text"] == "-"  # Slack wants text in a cell
    assert built["column_settings"] == [
        {"align": "right", "is_wrapped": False},
        {"is_wrapped": True},
    ]
    with pytest.raises(BlockLimitError):
        table(["A", "B"], [["only one"]])
    with pytest.raises(BlockLimitError):
        table([str(i) for i in range(21)], [])
    assert cell("  two\nlines  ")["text"] == "two lines"


def test_chart_labels_are_cut_to_twenty_characters_and_stay_unique() -> None:
    long = "Leads get lost between marketing and sales"
    cut = labels([long, long, "Short", "  "])
    assert all(len(label) <= 20 for label in cut) and len(set(cut)) == 4
    assert cut[0] == "Leads get lost…" and cut[1].endswith(" 2") and cut[3] == "-"


def test_the_chart_builders_fit_the_block_and_say_no_to_bad_series() -> None:
    titles = [f"Candidate number {i} with a long title" for i in range(30)]
    chart = series_chart(
        "bar",
        "Impact and effort of the top roadmap candidates this week " * 2,
        titles,
        {"Impact (1-5)": list(range(30)), "Effort (points)": [3.0] * 30},
        x_label="Candidates",
        y_label="Impact and points",
    )
    spec = chart["chart"]
    assert len(chart["title"]) <= 50 and chart["title"].endswith("…")
    assert len(spec["axis_config"]["categories"]) == 20
    assert [len(s["data"]) for s in spec["series"]] == [20, 20]
    with pytest.raises(BlockLimitError, match="fewer values"):
        series_chart("line", "t", ["a", "b"], {"only one": [1]})
    pie = pie_chart("Where the effort goes", {"XL": 48, "L": 24, "M": 0, "S": 3})
    assert [s["label"] for s in pie["chart"]["segments"]] == ["XL", "L", "S"]  # no 0 slice


def test_the_digest_picture_and_chart_label_candidates_by_title() -> None:
    from unittest import mock

    from bot.blocks.reminders import build_digest_chart
    from bot.blocks.wording import load_slack_wording
    from bot.digest import chart_points
    from bot.digest_chart import impact_effort_png
    from bot.roadmap.board import build_board
    from bot.roadmap.model import Candidate, Size

    board = build_board(
        [
            Candidate(
                id=1,
                team_id=1,
                problem="Leads get lost. Badly.",
                root_cause="",
                impact=4,
                effort=Size.M,
            ),
            Candidate(
                id=2,
                team_id=1,
                problem="Month-end close takes ten days",
                root_cause="",
                impact=3,
                effort=Size.S,
            ),
            Candidate(id=3, team_id=1, problem="Not sized yet", root_cause=""),
        ]
    )
    points = chart_points(board)
    assert sorted(p.title for p in points) == ["Leads get lost", "Month-end close takes ten days"]
    from matplotlib.axes import Axes

    with mock.patch.object(Axes, "annotate", autospec=True, side_effect=Axes.annotate) as drawn:
        png = impact_effort_png(points, title="Top candidates")
    assert png is not None and png[:4] == b"\x89PNG"
    labels_drawn = [call.args[1] for call in drawn.call_args_list]
    assert "Leads get lost" in labels_drawn and "Month-end close takes ten d…" in labels_drawn
    message = build_digest_chart(
        [(p.title, p.impact, p.effort_points) for p in points],
        week="2026-W49",
        wording=load_slack_wording(),
    )
    assert message is not None
    (chart,) = message["blocks"]
    categories = chart["chart"]["axis_config"]["categories"]
    assert sorted(categories) == ["Leads get lost", "Month-end close…"]
    assert build_digest_chart([], week="2026-W49", wording=load_slack_wording()) is None
