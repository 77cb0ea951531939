"""The SMART form's first metric, checked: numbers for baseline and target, a unit, a direction
that agrees with baseline → target, a deadline in the future and within the 3-year horizon, an
owner and a cadence. Every problem is named at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from bot.metrics.model import HORIZON_YEARS, Cadence, Direction, MetricState

E = TypeVar("E", bound=StrEnum)
UNIT_MAX = 32
"""Longest unit (the table keeps 32 characters)."""


class FormProblem(StrEnum):
    """What is wrong with one part of the form; each has a sentence in slack.toml [metrics]."""

    NOT_A_NUMBER = "not_a_number"
    MISSING_UNIT = "missing_unit"
    UNIT_TOO_LONG = "unit_too_long"
    WRONG_WAY_UP = "wrong_way_up"
    WRONG_WAY_DOWN = "wrong_way_down"
    BEYOND_HORIZON = "beyond_horizon"
    MISSING_OWNER = "missing_owner"
    MISSING_DIRECTION = "missing_direction"
    MISSING_CADENCE = "missing_cadence"


@dataclass(frozen=True)
class MetricDraft:
    """A checked first metric, ready to store (baseline taken today)."""

    name: str
    unit: str
    direction: Direction
    baseline: float
    target: float
    deadline: date
    owner: str
    cadence: Cadence
    state: MetricState


@dataclass(frozen=True)
class FormInput:
    """The metric parts of the SMART form as typed (the name and deadline are checked with the
    candidate's SMART text, in bot/roadmap/smart.py)."""

    baseline: tuple[float, str] | None  # the number and the unit written with it
    target: tuple[float, str] | None
    unit: str
    direction: str | None
    owner: str | None
    cadence: str | None
    committed: bool


def horizon_end(today: date) -> date:
    """The last day of the three-year horizon (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:
        return today.replace(year=today.year + HORIZON_YEARS, day=28)


def check_form(
    form: FormInput, *, name: str, deadline: date | None, today: date
) -> MetricDraft | dict[str, FormProblem]:
    """The draft, or {part: problem} for baseline, target, unit, direction, deadline, owner and
    cadence."""
    problems: dict[str, FormProblem] = {}
    for part, value in (("baseline", form.baseline), ("target", form.target)):
        if value is None:
            problems[part] = FormProblem.NOT_A_NUMBER
    written = [v[1] for v in (form.baseline, form.target) if v is not None and v[1]]
    unit = " ".join(form.unit.split()) or (written[0] if written else "")
    if not unit:
        problems["unit"] = FormProblem.MISSING_UNIT
    elif len(unit) > UNIT_MAX:
        problems["unit"] = FormProblem.UNIT_TOO_LONG
    direction = _member(Direction, form.direction)
    if direction is None:
        problems["direction"] = FormProblem.MISSING_DIRECTION
    elif form.baseline is not None and form.target is not None:
        baseline, target = form.baseline[0], form.target[0]
        if direction is Direction.INCREASE and target <= baseline:
            problems["direction"] = FormProblem.WRONG_WAY_UP
        elif direction is Direction.DECREASE and target >= baseline:
            problems["direction"] = FormProblem.WRONG_WAY_DOWN
    if deadline is not None and deadline > horizon_end(today):
        problems["deadline"] = FormProblem.BEYOND_HORIZON
    owner = (form.owner or "").strip()
    if not owner:
        problems["owner"] = FormProblem.MISSING_OWNER
    cadence = _member(Cadence, form.cadence)
    if cadence is None:
        problems["cadence"] = FormProblem.MISSING_CADENCE
    if problems or deadline is None:
        return problems
    assert form.baseline is not None and form.target is not None
    assert direction is not None and cadence is not None
    return MetricDraft(
        name=name,
        unit=unit,
        direction=direction,
        baseline=form.baseline[0],
        target=form.target[0],
        deadline=deadline,
        owner=owner,
        cadence=cadence,
        state=MetricState.COMMITTED if form.committed else MetricState.DRAFT,
    )


def _member(kind: type[E], value: str | None) -> E | None:
    try:
        return kind(value) if value else None
    except ValueError:
        return None
