"""Success metrics as progress (% of the way from baseline to target), property-tested, and the
chart of several metrics on shared dates, as Slack's block and as its PNG fallback."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.blocks.limits import check_chart
from bot.blocks.reminders import build_metrics_chart
from bot.blocks.wording import load_slack_wording
from bot.digest_chart import progress_png
from bot.metrics.model import Cadence, Checkin, Direction, Metric
from bot.metrics.progress import MOST_METRICS, progress, progress_chart

START = date(2026, 1, 5)
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def metric(
    direction: Direction,
    baseline: float,
    target: float,
    values: tuple[tuple[int, float], ...] = (),
    name: str = "Tickets closed within a day",
) -> Metric:
    return Metric(
        id=1,
        candidate_id=1,
        name=name,
        unit="%",
        direction=direction,
        baseline=baseline,
        baseline_date=START,
        target=target,
        deadline=START + timedelta(days=100),
        owner="UALICE0001",
        cadence=Cadence.WEEKLY,
        checkins=tuple(Checkin(START + timedelta(days=d), v) for d, v in values),
    )


@given(st.sampled_from(list(Direction)), numbers, numbers)
def test_the_baseline_is_0_and_the_target_100_whichever_way(
    direction: Direction, baseline: float, target: float
) -> None:
    assume(abs(target - baseline) > 1e-3)
    m = metric(direction, baseline, target)
    assert abs(progress(m, baseline) or 0.0) < 1e-6
    assert abs((progress(m, target) or 0.0) - 100) < 1e-6


@given(st.sampled_from(list(Direction)), numbers, numbers, numbers, numbers)
def test_progress_grows_the_way_the_metric_should_go(
    direction: Direction, baseline: float, target: float, a: float, b: float
) -> None:
    assume(abs(target - baseline) > 1e-3 and a < b)
    m = metric(direction, baseline, target)
    low, high = progress(m, a), progress(m, b)
    assert low is not None and high is not None
    towards_target = target > baseline
    assert (high >= low) if towards_target else (high <= low)


def test_a_stay_metric_at_its_threshold_is_100_and_better_is_more() -> None:
    above = metric(Direction.AT_LEAST, 98, 98)
    assert progress(above, 98) == 100
    assert progress(above, 99) > 100 > progress(above, 97)  # type: ignore[operator]
    below = metric(Direction.AT_MOST, 20, 20)
    assert progress(below, 10) == 150 and progress(below, 30) == 50
    assert progress(metric(Direction.AT_MOST, 0, 0), 3) is None  # no scale to draw on


def test_the_chart_carries_each_metric_forward_on_shared_dates() -> None:
    tickets = metric(Direction.INCREASE, 0, 100, ((7, 9), (14, 12), (28, 52)))
    latency = dataclasses.replace(
        metric(Direction.DECREASE, 40, 20, ((14, 35), (21, 30)), name="Hours to a fix"), id=2
    )
    unchecked = dataclasses.replace(metric(Direction.INCREASE, 0, 10), id=3)
    chart = progress_chart([tickets, unchecked, latency])
    assert chart is not None
    assert chart.dates == tuple(START + timedelta(days=d) for d in (7, 14, 21, 28))
    assert [(s.metric.id, s.values) for s in chart.series] == [
        (1, (9.0, 12.0, 12.0, 52.0)),  # kept from the last check-in on the days it had none
        (2, (0.0, 25.0, 50.0, 50.0)),  # the baseline before its first check-in
    ]
    assert progress_chart([unchecked]) is None


def test_six_metrics_at_most_and_the_newest_twenty_dates() -> None:
    many = [
        dataclasses.replace(
            metric(Direction.INCREASE, 0, 100, tuple((d, d) for d in range(1, 31))),
            id=i,
            name=f"Metric {i}",
        )
        for i in range(1, 9)
    ]
    chart = progress_chart(many)
    assert chart is not None and len(chart.series) == MOST_METRICS and chart.left_out == 2
    assert len(chart.dates) == 20 and chart.dates[0] == START + timedelta(days=11)
    message = build_metrics_chart(chart, week="2026-W49", wording=load_slack_wording())
    (block,) = message["blocks"]
    check_chart(block)
    assert block["chart"]["type"] == "line"
    assert block["chart"]["axis_config"]["categories"][0] == "2026-01-16"
    assert block["chart"]["axis_config"]["y_label"] == "% of the way from baseline to target"
    assert message["text"] == "Success metrics: the way from baseline to target, 2026-W49"


def test_the_png_fallback_draws_the_same_chart() -> None:
    hostile = metric(
        Direction.INCREASE, 0, 100, ((7, 9), (14, 12)), name="<!channel> {{ 7*7 }} 🚀 ✓"
    )
    chart = progress_chart([hostile])
    assert chart is not None
    png = progress_png(chart, title="Success metrics, 2026-W49", axis="% of the way")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000
