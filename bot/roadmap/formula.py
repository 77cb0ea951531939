"""The priority formula, and RICE and ICE as other views of the same inputs.

    score = impact x reach factor x confidence x effort factor

- impact: 1-5, set by the facilitator;
- reach factor: 1 + log2(stakeholders), so the second stakeholder who raises a problem adds as
  much as the first and the tenth adds little (0 when nobody is affected any more);
- confidence: 1.0 when a root cause was validated, 0.5 while it is a hypothesis, 0.2 when
  refuted (the problem may be real but the cause we would fix is not);
- effort factor: the points of an M divided by the points of the candidate's size, so the
  score is value per effort relative to a medium item (XS 6, S 2, M 1, L 0.5, XL 0.25 with the
  default points).

P1 from a score of 4, P2 from 1.5, P3 below. A candidate without an impact or a size has no
score until it gets them. A manual override wins over the formula and needs a reason.

RICE = reach x impact x confidence / effort points (stakeholders, 1-5, 0.2-1, points).
ICE = impact x confidence x ease, each 1-5 (confidence: validated 5, hypothesis 3, refuted 1;
ease: XS 5 … XL 1), so 1-125.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from bot.flows.summary import RootCauseStatus
from bot.roadmap.model import IMPACT_RANGE, Candidate, Priority, Size

P1_FROM = 4.0
P2_FROM = 1.5
CONFIDENCE: Mapping[RootCauseStatus, float] = {
    RootCauseStatus.VALIDATED: 1.0,
    RootCauseStatus.HYPOTHESIS: 0.5,
    RootCauseStatus.REFUTED: 0.2,
}
ICE_CONFIDENCE: Mapping[RootCauseStatus, int] = {
    RootCauseStatus.VALIDATED: 5,
    RootCauseStatus.HYPOTHESIS: 3,
    RootCauseStatus.REFUTED: 1,
}
EASE: Mapping[Size, int] = {Size.XS: 5, Size.S: 4, Size.M: 3, Size.L: 2, Size.XL: 1}
DEFAULT_POINTS: Mapping[Size, float] = {Size.XS: 1, Size.S: 3, Size.M: 6, Size.L: 12, Size.XL: 24}
"""Effort points per size: roughly team-weeks, so an XL is two quarters of a 12-point team."""


class FormulaError(ValueError):
    """Raised for inputs the formula cannot take (impact outside 1-5, an override with no
    reason); the use case shows the sentence to the person who gave them."""


@dataclass(frozen=True)
class Inputs:
    """What the formula reads from a candidate."""

    impact: int | None
    effort: Size | None
    reach: int
    confidence: RootCauseStatus
    override: Priority | None = None
    override_reason: str | None = None

    @classmethod
    def of(cls, candidate: Candidate) -> Inputs:
        """The inputs of one candidate."""
        return cls(
            impact=candidate.impact,
            effort=candidate.effort,
            reach=candidate.reach,
            confidence=candidate.confidence,
            override=candidate.priority_override,
            override_reason=candidate.override_reason,
        )


@dataclass(frozen=True)
class Score:
    """A candidate's score with its inputs; `value` is None until impact and effort are set."""

    inputs: Inputs
    value: float | None
    formula_priority: Priority | None
    rice: float | None
    ice: int | None
    reach_factor: float
    confidence_factor: float
    effort_factor: float | None

    @property
    def priority(self) -> Priority | None:
        """The override when there is one, else what the formula says."""
        return self.inputs.override or self.formula_priority

    @property
    def overridden(self) -> bool:
        """Whether a person set the priority."""
        return self.inputs.override is not None

    @property
    def missing(self) -> tuple[str, ...]:
        """What the formula still needs: `impact`, `effort`."""
        return tuple(
            name
            for name, value in (("impact", self.inputs.impact), ("effort", self.inputs.effort))
            if value is None
        )

    def explain(self) -> str:
        """The formula with its inputs, e.g. `impact 4 x reach 2.00 (2 stakeholders) x …`."""
        i = self.inputs
        people = "stakeholder" if i.reach == 1 else "stakeholders"
        parts = [
            f"impact {i.impact if i.impact is not None else '?'}",
            f"reach {self.reach_factor:.2f} ({i.reach} {people})",
            f"confidence {self.confidence_factor:g} ({i.confidence.value})",
            f"effort {self.effort_factor:g} ({i.effort.value})"
            if i.effort is not None and self.effort_factor is not None
            else "effort ? (not sized)",
        ]
        text = " \u00d7 ".join(parts)
        if self.value is None:
            return f"{text}: needs {' and '.join(self.missing)}"
        return f"{text} = {self.value:.2f} → {self.formula_priority}"


def reach_factor(reach: int) -> float:
    """1 + log2(stakeholders); 0 when nobody is affected."""
    if reach < 0:
        raise FormulaError("reach cannot be negative")
    return 0.0 if reach == 0 else 1.0 + math.log2(reach)


def priority_of(value: float) -> Priority:
    """The band a score falls in."""
    if value >= P1_FROM:
        return Priority.P1
    return Priority.P2 if value >= P2_FROM else Priority.P3


def score(inputs: Inputs, points: Mapping[Size, float] = DEFAULT_POINTS) -> Score:
    """Score one candidate; FormulaError for an impact outside 1-5 or an override without a
    reason."""
    if inputs.impact is not None and inputs.impact not in IMPACT_RANGE:
        raise FormulaError(f"impact must be 1 to 5, got {inputs.impact}")
    if inputs.override is not None and not (inputs.override_reason or "").strip():
        raise FormulaError("a priority override needs a reason")
    reach = reach_factor(inputs.reach)
    confidence = CONFIDENCE[inputs.confidence]
    effort = None if inputs.effort is None else points[Size.M] / points[inputs.effort]
    value = rice = ice = None
    if inputs.impact is not None and inputs.effort is not None and effort is not None:
        value = inputs.impact * reach * confidence * effort
        rice = inputs.reach * inputs.impact * confidence / points[inputs.effort]
        ice = inputs.impact * ICE_CONFIDENCE[inputs.confidence] * EASE[inputs.effort]
    return Score(
        inputs=inputs,
        value=value,
        formula_priority=None if value is None else priority_of(value),
        rice=rice,
        ice=ice,
        reach_factor=reach,
        confidence_factor=confidence,
        effort_factor=effort,
    )


def rank_key(candidate_id: int, result: Score) -> tuple[int, float, int, int]:
    """Sort key: priority (unscored last), then score, then reach, then the older candidate."""
    priority = result.priority
    return (
        priority.rank if priority is not None else 4,
        -(result.value if result.value is not None else -1.0),
        -result.inputs.reach,
        candidate_id,
    )


def check_points(points: Mapping[Size, float]) -> str | None:
    """Why a points table cannot be used (a size missing, not positive, not increasing)."""
    missing = [s.value for s in Size if s not in points]
    if missing:
        return f"no points for {', '.join(missing)}"
    values = [points[s] for s in Size]
    if any(not math.isfinite(v) or v <= 0 for v in values):
        return "every size needs a positive number of points"
    if any(b <= a for a, b in itertools.pairwise(values)):
        return "points must grow from XS to XL"
    return None
