"""A plan under capacity: candidates laid into quarters of years 1-3, and what big items displace.

Capacity is effort points per quarter. Candidates are taken in order (in progress first, then
by priority and value per effort) and each fills the earliest free capacity, running on into
later quarters when it is bigger than what is left: one lane, so a big item pushes everything
after it back. A candidate pinned to a year by a person takes that year's capacity first.

A candidate's points are counted in the quarters it runs in (an XL from Q3 of year 1 to Q1 of
year 2 counts in both years), so a quarter holds more than its capacity only when pinned items
force it, and what does not fit in three years is "beyond the horizon", never squeezed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.roadmap.model import HORIZONS, PLANNED_STATUSES, Priority, Size, Status

QUARTERS_PER_YEAR = 4
YEARS = len(HORIZONS)
BIG = frozenset({Size.L, Size.XL})
MOST_DISPLACEMENTS = 5


@dataclass(frozen=True)
class PlanItem:
    """What the plan needs of a candidate; `order` is its rank (lower first)."""

    id: int
    size: Size | None
    priority: Priority | None
    order: int
    status: Status = Status.PROPOSED
    pinned_year: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where a candidate landed: 0-based quarters (first and last it uses), the points it takes
    in each quarter it runs in, and whether a person pinned its year."""

    id: int
    points: float
    first_quarter: int
    last_quarter: int
    by_quarter: tuple[tuple[int, float], ...] = ()
    pinned: bool = False

    def points_in_year(self, year: int) -> float:
        """The points of this candidate that fall in year 1, 2 or 3."""
        return sum(p for q, p in self.by_quarter if q // QUARTERS_PER_YEAR + 1 == year)

    @property
    def year(self) -> int:
        """1, 2 or 3: the year the work starts."""
        return self.first_quarter // QUARTERS_PER_YEAR + 1


@dataclass(frozen=True)
class Displacement:
    """A big item and the candidates that would start a year earlier (or fit at all) without it."""

    id: int
    size: Size
    points: float
    year: int
    moved: tuple[int, ...]
    moved_points: float


@dataclass(frozen=True)
class Plan:
    """Candidates by year, capacity used per year, and what could not be placed."""

    capacity: float
    placements: Mapping[int, Placement]
    used: tuple[float, ...]  # points per year, counted in the quarters the work runs in
    beyond: tuple[int, ...]  # sized candidates that do not fit in three years
    unsized: tuple[int, ...]  # candidates the plan cannot place until they are sized
    displacements: tuple[Displacement, ...] = field(default=())

    def year_of(self, candidate_id: int) -> int | None:
        """The year a candidate starts in, None when it is not planned."""
        placed = self.placements.get(candidate_id)
        return None if placed is None else placed.year

    def in_year(self, year: int) -> list[Placement]:
        """The candidates starting in a year, in the order they start."""
        found = [p for p in self.placements.values() if p.year == year]
        return sorted(found, key=lambda p: (p.first_quarter, p.last_quarter))

    def over_capacity(self, year: int) -> float:
        """Points a year holds beyond its capacity (only pinned items can overfill it)."""
        return max(0.0, self.used[year - 1] - self.capacity * QUARTERS_PER_YEAR)

    def continuing_in(self, year: int) -> list[Placement]:
        """The candidates started in an earlier year that still take points in this one."""
        found = [p for p in self.placements.values() if p.year < year and p.points_in_year(year)]
        return sorted(found, key=lambda p: (p.first_quarter, p.id))

    def pinned_in(self, year: int) -> list[int]:
        """The candidates a person pinned to a year (they are why it is over capacity)."""
        return sorted(p.id for p in self.placements.values() if p.pinned and p.year == year)

    def quarter_used(self) -> tuple[float, ...]:
        """Points per quarter, all twelve, counted once each where the work runs."""
        used = [0.0] * (YEARS * QUARTERS_PER_YEAR)
        for placed in self.placements.values():
            for quarter, taken in placed.by_quarter:
                used[quarter] += taken
        return tuple(used)


def build_plan(
    items: Sequence[PlanItem],
    *,
    points: Mapping[Size, float],
    capacity: float,
    displacements: bool = True,
) -> Plan:
    """Lay candidates that still need work into three years of `capacity` points a quarter."""
    if capacity <= 0:
        raise ValueError("capacity per quarter must be positive")
    plan = _lay(items, points, capacity)
    if not displacements:
        return plan
    return Plan(
        capacity=plan.capacity,
        placements=plan.placements,
        used=plan.used,
        beyond=plan.beyond,
        unsized=plan.unsized,
        displacements=_displacements(items, plan, points, capacity),
    )


def _order(item: PlanItem) -> tuple[int, int]:
    return (0 if item.status is Status.IN_PROGRESS else 1, item.order)


def _lay(items: Sequence[PlanItem], points: Mapping[Size, float], capacity: float) -> Plan:
    quarters = YEARS * QUARTERS_PER_YEAR
    free = [capacity] * quarters
    used = [0.0] * YEARS
    placements: dict[int, Placement] = {}
    beyond: list[int] = []
    unsized: list[int] = []
    active = sorted((i for i in items if i.status in PLANNED_STATUSES), key=_order)
    for item in active:
        if item.size is None:
            unsized.append(item.id)
    sized = [i for i in active if i.size is not None]
    # Pinned items first: a person said which year, so they take that year's capacity.
    for item in (i for i in sized if i.pinned_year in HORIZONS):
        assert item.size is not None and item.pinned_year is not None
        need = points[item.size]
        start = (item.pinned_year - 1) * QUARTERS_PER_YEAR
        end = start + QUARTERS_PER_YEAR
        taken = _take(free, start, end, need, overfill=True)
        placements[item.id] = _placement(item.id, need, taken, pinned=True)
    cursor = 0  # one lane: nothing starts before the quarter where the previous one did
    for item in (i for i in sized if i.pinned_year not in HORIZONS):
        assert item.size is not None
        need = points[item.size]
        while cursor < quarters and free[cursor] <= 1e-9:
            cursor += 1
        if sum(max(f, 0.0) for f in free[cursor:]) < need - 1e-9:
            beyond.append(item.id)
            continue
        taken = _take(free, cursor, quarters, need, overfill=False)
        placements[item.id] = _placement(item.id, need, taken, pinned=False)
        cursor = taken[0][0]
    for placed in placements.values():
        for quarter, points_taken in placed.by_quarter:
            used[quarter // QUARTERS_PER_YEAR] += points_taken
    return Plan(capacity, placements, tuple(used), tuple(beyond), tuple(unsized))


def _placement(
    candidate_id: int, need: float, taken: list[tuple[int, float]], *, pinned: bool
) -> Placement:
    quarters = [q for q, _ in taken]
    return Placement(candidate_id, need, min(quarters), max(quarters), tuple(taken), pinned)


def _take(
    free: list[float], start: int, end: int, need: float, *, overfill: bool
) -> list[tuple[int, float]]:
    """Use `need` points of free capacity from quarter `start`: (quarter, points) in order.
    With `overfill`, what does not fit before `end` goes into the last quarter anyway."""
    taken: dict[int, float] = {}
    left = need
    for quarter in range(start, end):
        if left <= 1e-9:
            break
        if free[quarter] <= 1e-9:
            continue
        part = min(free[quarter], left)
        free[quarter] -= part
        left -= part
        taken[quarter] = part
    if left > 1e-9:
        assert overfill, "the caller checked that the item fits"
        free[end - 1] -= left
        taken[end - 1] = taken.get(end - 1, 0.0) + left
    elif need <= 0:
        taken[start] = 0.0  # a zero-point item still starts somewhere
    return sorted(taken.items())


def _displacements(
    items: Sequence[PlanItem], plan: Plan, points: Mapping[Size, float], capacity: float
) -> tuple[Displacement, ...]:
    """For the first big items planned, who would start earlier without each of them."""
    found: list[Displacement] = []
    by_id = {i.id: i for i in items}
    big = [
        p
        for p in sorted(plan.placements.values(), key=lambda p: (p.first_quarter, p.id))
        if by_id[p.id].size in BIG and by_id[p.id].pinned_year is None
    ]
    for placed in big[:MOST_DISPLACEMENTS]:
        without = _lay([i for i in items if i.id != placed.id], points, capacity)
        moved = []
        for other, where in plan.placements.items():
            before = where.year
            after = without.year_of(other)
            if other != placed.id and after is not None and after < before:
                moved.append(other)
        moved += [other for other in plan.beyond if without.year_of(other) is not None]
        size = by_id[placed.id].size
        assert size is not None
        found.append(
            Displacement(
                id=placed.id,
                size=size,
                points=placed.points,
                year=placed.year,
                moved=tuple(moved),
                moved_points=sum(points[s] for m in moved if (s := by_id[m].size) is not None),
            )
        )
    return tuple(found)
