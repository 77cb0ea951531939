"""The plan under capacity: years by order, pins, what a big item displaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.roadmap.formula import DEFAULT_POINTS
from bot.roadmap.model import PLANNED_STATUSES, Priority, Size, Status
from bot.roadmap.plan import PlanItem, build_plan

POINTS = DEFAULT_POINTS  # XS 1, S 3, M 6, L 12, XL 24


def item(cid: int, size: Size | None, order: int | None = None, **kw: object) -> PlanItem:
    return PlanItem(id=cid, size=size, priority=Priority.P2, order=order or cid, **kw)  # type: ignore[arg-type]


def test_candidates_fill_quarters_in_order_and_land_in_the_year_they_start() -> None:
    # 6 points a quarter, 24 a year: four M (6) fill year 1, the fifth starts year 2.
    plan = build_plan([item(i, Size.M) for i in range(1, 6)], points=POINTS, capacity=6)
    assert [plan.year_of(i) for i in range(1, 6)] == [1, 1, 1, 1, 2]
    assert plan.used == (24, 6, 0)
    assert [p.first_quarter for p in plan.in_year(1)] == [0, 1, 2, 3]


def test_one_six_month_item_displaces_three_small_ones() -> None:
    # 12 points a quarter: an XL (24) is two quarters of the whole team.
    sizes = [Size.XL, Size.L, Size.M, Size.S, Size.S, Size.S]
    plan = build_plan([item(i, s) for i, s in enumerate(sizes, 1)], points=POINTS, capacity=12)
    xl = plan.placements[1]
    assert (xl.first_quarter, xl.last_quarter) == (0, 1)
    assert [plan.year_of(i) for i in range(2, 7)] == [1, 1, 1, 1, 2]
    first = plan.displacements[0]
    assert first.id == 1 and first.size is Size.XL and first.year == 1
    assert first.moved == (6,) and first.moved_points == 3
    # Cut capacity so the XL alone fills year 1: the three small ones wait a year for it.
    tight = build_plan(
        [item(1, Size.XL), item(3, Size.S), item(4, Size.S), item(5, Size.S)],
        points=POINTS,
        capacity=6,
    )
    assert [tight.year_of(i) for i in (1, 3, 4, 5)] == [1, 2, 2, 2]
    (xl_shift,) = tight.displacements
    assert set(xl_shift.moved) == {3, 4, 5} and xl_shift.moved_points == 9


def test_items_in_progress_come_first_and_finished_ones_take_no_capacity() -> None:
    items = [
        item(1, Size.M),
        item(2, Size.M, status=Status.IN_PROGRESS, order=9),
        item(3, Size.XL, status=Status.DONE),
        item(4, Size.XL, status=Status.REJECTED),
    ]
    plan = build_plan(items, points=POINTS, capacity=6)
    assert plan.placements[2].first_quarter == 0 and plan.placements[1].first_quarter == 1
    assert 3 not in plan.placements and 4 not in plan.placements


def test_a_pinned_year_is_honoured_and_overfilling_it_is_reported() -> None:
    items = [item(1, Size.M), item(2, Size.XL, pinned_year=2), item(3, Size.XL, pinned_year=2)]
    plan = build_plan(items, points=POINTS, capacity=6)  # 24 points a year
    assert plan.year_of(2) == 2 and plan.year_of(3) == 2
    assert plan.used[1] == 48 and plan.over_capacity(2) == 24
    assert plan.year_of(1) == 1 and plan.over_capacity(1) == 0
    assert all(d.id not in (2, 3) for d in plan.displacements)  # pinned: a person's choice


def test_unsized_wait_for_sizing_and_what_does_not_fit_in_three_years_is_later() -> None:
    items = [item(1, None), *(item(i, Size.XL) for i in range(2, 6)), item(6, Size.XS)]
    plan = build_plan(items, points=POINTS, capacity=6)  # 72 points in three years
    assert plan.unsized == (1,)
    assert [plan.year_of(i) for i in (2, 3, 4)] == [1, 2, 3]
    assert plan.beyond == (5, 6)  # three XL fill all three years: no room even for an XS


def test_a_small_item_still_fits_after_a_big_one_that_does_not() -> None:
    items = [item(1, Size.XL), item(2, Size.XL), item(3, Size.XL), item(4, Size.S)]
    plan = build_plan(items, points=POINTS, capacity=5)  # 60 points in three years
    assert [plan.year_of(i) for i in (1, 2, 4)] == [1, 2, 3]
    assert plan.beyond == (3,)
    assert 3 in plan.displacements[0].moved  # without the first XL the third one fits


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        build_plan([], points=POINTS, capacity=0)


def test_an_empty_roadmap_has_an_empty_plan() -> None:
    plan = build_plan([], points=POINTS, capacity=12)
    assert plan.placements == {} and plan.used == (0, 0, 0) and plan.displacements == ()


def test_an_item_running_into_the_next_year_counts_its_points_in_both() -> None:
    # 12 points a quarter: an L fills Q1-Q3 (36), the XL runs Q4 of year 1 and Q1 of year 2.
    items = [item(1, Size.L), item(2, Size.L), item(3, Size.L), item(4, Size.XL)]
    plan = build_plan(items, points=POINTS, capacity=12)
    xl = plan.placements[4]
    assert (xl.first_quarter, xl.last_quarter) == (3, 4)
    assert xl.points_in_year(1) == 12 and xl.points_in_year(2) == 12
    assert plan.used == (48, 12, 0)
    assert all(plan.over_capacity(year) == 0 for year in (1, 2, 3))


def test_a_year_overfilled_by_pins_names_them_in_the_plan_text() -> None:
    items = [item(1, Size.M), item(2, Size.XL, pinned_year=2), item(3, Size.XL, pinned_year=2)]
    plan = build_plan(items, points=POINTS, capacity=6)
    assert plan.pinned_in(2) == [2, 3] and plan.pinned_in(1) == []


_SIZES = st.sampled_from([*Size, None])
_ITEMS = st.lists(
    st.tuples(_SIZES, st.sampled_from([None, None, None, 1, 2, 3]), st.sampled_from(list(Status))),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(specs=_ITEMS, capacity=st.sampled_from([0.5, 1, 3, 5, 6, 12, 20, 48, 100]))
def test_plan_properties_for_any_candidates_and_capacity(
    specs: list[tuple[Size | None, int | None, Status]], capacity: float
) -> None:
    items = [
        item(i, size, order=i, pinned_year=pin, status=status)
        for i, (size, pin, status) in enumerate(specs, start=1)
    ]
    plan = build_plan(items, points=POINTS, capacity=capacity)
    by_id = {i.id: i for i in items}
    quarters = plan.quarter_used()

    # Every point of a placed item is counted exactly once, in the quarters it runs in.
    for placed in plan.placements.values():
        size = by_id[placed.id].size
        assert size is not None and placed.points == POINTS[size]
        assert sum(p for _, p in placed.by_quarter) == pytest.approx(placed.points)
        assert placed.first_quarter == min(q for q, _ in placed.by_quarter)
        assert sum(placed.points_in_year(y) for y in (1, 2, 3)) == pytest.approx(placed.points)
    placed_points = sum(p.points for p in plan.placements.values())
    assert sum(plan.used) == pytest.approx(placed_points) == pytest.approx(sum(quarters))
    for year in (1, 2, 3):
        assert plan.used[year - 1] == pytest.approx(sum(quarters[(year - 1) * 4 : year * 4]))

    # No quarter holds more than its capacity unless a pinned item runs in it.
    for quarter, used in enumerate(quarters):
        pinned_here = any(
            p.pinned and any(q == quarter for q, _ in p.by_quarter)
            for p in plan.placements.values()
        )
        assert used <= capacity + 1e-6 or pinned_here
    for year in (1, 2, 3):
        assert plan.over_capacity(year) == 0 or plan.pinned_in(year)

    # Only work still to do is planned; each planned item is placed, later, or waits for a size.
    active = {i.id for i in items if i.status in PLANNED_STATUSES}
    assert set(plan.placements) | set(plan.beyond) | set(plan.unsized) == active
    assert not (set(plan.placements) & set(plan.beyond))
    assert set(plan.unsized) == {i for i in active if by_id[i].size is None}
    for pinned in (i for i in active if by_id[i].pinned_year and by_id[i].size):
        assert plan.year_of(pinned) == by_id[pinned].pinned_year

    # One lane in rank order (work in progress first): an item never starts before an earlier one.
    lane = sorted(
        (p for p in plan.placements.values() if not p.pinned),
        key=lambda p: (by_id[p.id].status is not Status.IN_PROGRESS, by_id[p.id].order),
    )
    starts = [p.first_quarter for p in lane]
    assert starts == sorted(starts)

    # "Beyond the horizon" only when it really did not fit: the quarters after the last start
    # that the lane reached had less free capacity than the item needs.
    for later in plan.beyond:
        size = by_id[later].size
        assert size is not None
        earlier_starts = [
            p.first_quarter
            for p in lane
            if (by_id[p.id].status is not Status.IN_PROGRESS, by_id[p.id].order)
            < (by_id[later].status is not Status.IN_PROGRESS, by_id[later].order)
        ]
        start = max(earlier_starts, default=0)
        free_after = sum(max(capacity - used, 0.0) for used in quarters[start:])
        assert free_after < POINTS[size] + 1e-6


def test_a_candidate_title_is_the_first_sentence_cut_at_a_word() -> None:
    from bot.roadmap.model import TITLE_MAX, title_of

    assert title_of("Leads get lost between marketing and sales. Nobody owns them.") == (
        "Leads get lost between marketing and sales"
    )
    long = "word " * 40
    title = title_of(long)
    assert len(title) <= TITLE_MAX and title.endswith("…") and "wor…" not in title
    assert title_of("  G&A   numbers\nare late  ") == "G&A numbers are late"
    assert title_of("") == ""
