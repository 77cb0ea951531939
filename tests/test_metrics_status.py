"""The computed status of a metric, property-tested: direction-aware, monotone in the value,
symmetric between increase and decrease, stale only after cadence plus grace."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.metrics.model import GRACE, Cadence, Checkin, Confidence, Direction, Metric
from bot.metrics.sparkline import BARS, MOST, sparkline
from bot.metrics.status import WORST_FIRST, Status, expected_by, health, measured, met, read

START = date(2026, 1, 5)
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=1, max_value=3 * 366)
RANK = {s: i for i, s in enumerate(WORST_FIRST)}


def metric(
    direction: Direction,
    baseline: float,
    target: float,
    length: int,
    values: tuple[tuple[int, float], ...] = (),
    cadence: Cadence = Cadence.WEEKLY,
) -> Metric:
    return Metric(
        id=1,
        candidate_id=1,
        name="m",
        unit="%",
        direction=direction,
        baseline=baseline,
        baseline_date=START,
        target=target,
        deadline=START + timedelta(days=length),
        owner="U1",
        cadence=cadence,
        checkins=tuple(Checkin(START + timedelta(days=d), v) for d, v in values),
    )


@st.composite
def lines(draw: st.DrawFn) -> tuple[Metric, date]:
    """An increase or decrease metric, one check-in, and a day to read it on."""
    direction = draw(st.sampled_from([Direction.INCREASE, Direction.DECREASE]))
    baseline, gap = draw(numbers), draw(st.floats(min_value=0.01, max_value=1e6))
    target = baseline + gap if direction is Direction.INCREASE else baseline - gap
    length = draw(days)
    on = draw(st.integers(min_value=0, max_value=length))
    value = draw(numbers)
    today = START + timedelta(days=draw(st.integers(min_value=on, max_value=length + 60)))
    return metric(direction, baseline, target, length, ((on, value),)), today


@given(lines())
def test_a_met_target_is_achieved_and_a_passed_deadline_without_it_is_missed(
    case: tuple[Metric, date],
) -> None:
    m, today = case
    status = measured(m, today)
    if met(m.direction, m.latest_value, m.target):
        assert status is Status.ACHIEVED
    elif today > m.deadline:
        assert status is Status.MISSED
    else:
        assert status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)


@given(lines(), st.floats(min_value=0, max_value=1e6))
def test_a_better_value_never_gives_a_worse_status(case: tuple[Metric, date], more: float) -> None:
    m, today = case
    better = m.latest_value + (more if m.direction is Direction.INCREASE else -more)
    improved = dataclasses.replace(m, checkins=(Checkin(m.last_checked, better),))
    assert RANK[measured(improved, today)] >= RANK[measured(m, today)]


@given(lines())
def test_decrease_is_increase_mirrored(case: tuple[Metric, date]) -> None:
    m, today = case
    other = Direction.DECREASE if m.direction is Direction.INCREASE else Direction.INCREASE
    mirrored = dataclasses.replace(
        m,
        direction=other,
        baseline=-m.baseline,
        target=-m.target,
        checkins=tuple(dataclasses.replace(c, value=-c.value) for c in m.checkins),
    )
    assert measured(mirrored, today) is measured(m, today)


@given(st.sampled_from([Direction.INCREASE, Direction.DECREASE]), days, st.data())
def test_on_the_line_is_on_track_and_a_tenth_of_the_span_behind_is_at_risk(
    direction: Direction, length: int, data: st.DataObject
) -> None:
    sign = 1 if direction is Direction.INCREASE else -1
    today_n = data.draw(st.integers(min_value=0, max_value=length - 1))
    base = metric(direction, 100.0, 100.0 + sign * 50, length)
    today = START + timedelta(days=today_n)
    line = expected_by(base, today)
    assume(not met(direction, line, base.target))
    on_line = dataclasses.replace(base, checkins=(Checkin(today, line),))
    behind = dataclasses.replace(base, checkins=(Checkin(today, line - sign * 4.9),))
    far = dataclasses.replace(base, checkins=(Checkin(today, line - sign * 5.1),))
    assert measured(on_line, today) is Status.ON_TRACK
    assert measured(behind, today) is Status.AT_RISK
    assert measured(far, today) is Status.OFF_TRACK


@given(st.sampled_from([Direction.AT_LEAST, Direction.AT_MOST]), numbers, numbers, days, days)
def test_stay_metrics_are_healthy_or_unhealthy_until_the_deadline(
    direction: Direction, target: float, value: float, length: int, when: int
) -> None:
    m = metric(direction, target, target, length, ((0, value),))
    today = START + timedelta(days=when)
    good = met(direction, value, target)
    if today > m.deadline:
        assert measured(m, today) is (Status.ACHIEVED if good else Status.MISSED)
    else:
        assert measured(m, today) is (Status.HEALTHY if good else Status.UNHEALTHY)


@given(st.sampled_from(list(Cadence)), st.integers(min_value=0, max_value=120))
def test_stale_only_after_cadence_plus_grace(cadence: Cadence, late: int) -> None:
    m = metric(Direction.INCREASE, 0, 100, 800, ((10, 1.0),), cadence=cadence)
    today = m.next_due + timedelta(days=late)
    assert (read(m, today).status is Status.STALE) == (timedelta(days=late) > GRACE)
    assert read(m, m.checkins[0].on).status is not Status.STALE


def test_an_achieved_metric_is_never_stale_and_monthly_keeps_the_day() -> None:
    m = metric(Direction.INCREASE, 0, 10, 800, ((3, 10.0),), cadence=Cadence.MONTHLY)
    assert read(m, START + timedelta(days=400)).status is Status.ACHIEVED
    assert Cadence.MONTHLY.next_after(date(2027, 1, 31)) == date(2027, 2, 28)
    assert Cadence.MONTHLY.next_after(date(2026, 12, 15)) == date(2027, 1, 15)


@given(lines(), st.sampled_from(list(Confidence)))
def test_disagreement_is_flagged_when_owner_and_numbers_part_ways(
    case: tuple[Metric, date], confidence: Confidence
) -> None:
    m, today = case
    said = dataclasses.replace(m.checkins[0], confidence=confidence, note="see")
    reading = read(dataclasses.replace(m, checkins=(said,)), today)
    good = reading.measured in (Status.ACHIEVED, Status.ON_TRACK)
    bad = reading.measured in (Status.MISSED, Status.OFF_TRACK)
    agrees = (
        (confidence is Confidence.ON_TRACK and good)
        or (confidence is Confidence.OFF_TRACK and bad)
        or (confidence is Confidence.AT_RISK and reading.measured is Status.AT_RISK)
    )
    assert reading.disagrees is not agrees
    assert (reading.disagreement is None) is agrees
    assert reading.confidence is confidence


def test_the_flag_reads_like_a_sentence() -> None:
    m = metric(Direction.INCREASE, 0, 100, 100, ((50, 10.0),))
    said = dataclasses.replace(m.checkins[0], confidence=Confidence.ON_TRACK)
    reading = read(dataclasses.replace(m, checkins=(said,)), START + timedelta(days=50))
    assert reading.disagreement == "numbers behind plan, owner says on track: see note"


@given(st.lists(st.sampled_from(list(Status)), min_size=1), st.sampled_from(list(Status)))
def test_a_candidates_health_is_its_weakest_metric_and_never_improves_with_one_more(
    statuses: list[Status], extra: Status
) -> None:
    worst = health(statuses)
    assert worst in statuses and all(RANK[worst] <= RANK[s] for s in statuses)
    after = health([*statuses, extra])
    assert after is not None and RANK[after] <= RANK[worst]
    assert health([]) is None


@given(st.lists(numbers, max_size=40))
def test_sparkline_keeps_order_and_spans_lowest_to_highest(values: list[float]) -> None:
    line = sparkline(values)
    shown = values[-MOST:]
    assert len(line) == len(shown) and set(line) <= set(BARS)
    for (a, x), (b, y) in zip(
        zip(shown, line, strict=True), zip(shown[1:], line[1:], strict=True), strict=False
    ):
        if a < b:
            assert BARS.index(x) <= BARS.index(y)
    if len(set(shown)) > 1:
        assert line[shown.index(min(shown))] == BARS[0]
        assert line[shown.index(max(shown))] == BARS[-1]
