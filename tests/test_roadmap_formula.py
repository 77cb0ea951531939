"""The priority formula, RICE and ICE: inputs, bands, overrides and edge cases."""

from __future__ import annotations

import math

import pytest

from bot.flows.summary import RootCauseStatus as V
from bot.roadmap.formula import (
    DEFAULT_POINTS,
    P1_FROM,
    P2_FROM,
    FormulaError,
    Inputs,
    check_points,
    rank_key,
    reach_factor,
    score,
)
from bot.roadmap.model import Candidate, Evidence, Priority, Size


def inputs(
    impact: int | None = 3, effort: Size | None = Size.M, reach: int = 1, **kw: object
) -> Inputs:
    return Inputs(
        impact=impact,
        effort=effort,
        reach=reach,
        confidence=kw.pop("confidence", V.HYPOTHESIS),
        **kw,
    )  # type: ignore[arg-type]


def evidence(
    pid: int, who: int, verdict: V | None = V.HYPOTHESIS, holds: bool | None = None
) -> Evidence:
    return Evidence(
        pid, pid, f"why.{pid}", "p", "r", "q", who, f"P{who}", verdict=verdict, still_holds=holds
    )


def test_score_multiplies_impact_reach_confidence_and_value_per_effort() -> None:
    result = score(inputs(impact=4, effort=Size.M, reach=2, confidence=V.VALIDATED))
    assert result.value == pytest.approx(4 * 2.0 * 1.0 * 1.0)
    assert result.formula_priority is Priority.P1
    times = " \u00d7 "
    assert (
        result.explain()
        == times.join(
            ["impact 4", "reach 2.00 (2 stakeholders)", "confidence 1 (validated)", "effort 1 (M)"]
        )
        + " = 8.00 → P1"
    )


def test_effort_factor_is_relative_to_a_medium_item() -> None:
    factors = {s: score(inputs(effort=s)).effort_factor for s in Size}
    assert factors == {Size.XS: 6, Size.S: 2, Size.M: 1, Size.L: 0.5, Size.XL: 0.25}


def test_bands_start_exactly_at_their_thresholds() -> None:
    # impact x reach x confidence x effort: 4 x 1 x 1 x 1 = 4 (P1); 3 x 1 x 0.5 x 1 = 1.5 (P2)
    assert score(inputs(impact=4, confidence=V.VALIDATED)).value == P1_FROM
    assert score(inputs(impact=4, confidence=V.VALIDATED)).priority is Priority.P1
    assert score(inputs(impact=3)).value == P2_FROM
    assert score(inputs(impact=3)).priority is Priority.P2
    assert score(inputs(impact=2)).priority is Priority.P3  # 1.0


def test_unsized_or_unrated_candidates_have_no_score_and_say_what_is_missing() -> None:
    neither = score(inputs(impact=None, effort=None))
    assert neither.value is None and neither.priority is None and neither.rice is None
    assert neither.missing == ("impact", "effort")
    assert neither.explain().endswith("needs impact and effort")
    assert score(inputs(effort=None)).missing == ("effort",)


def test_override_wins_keeps_the_formula_visible_and_needs_a_reason() -> None:
    result = score(inputs(impact=1, override=Priority.P1, override_reason="CEO promise"))
    assert result.priority is Priority.P1 and result.overridden
    assert result.formula_priority is Priority.P3
    with pytest.raises(FormulaError, match="reason"):
        score(inputs(override=Priority.P1, override_reason="   "))
    assert (
        score(inputs(impact=None, override=Priority.P2, override_reason="x")).priority
        is Priority.P2
    )


@pytest.mark.parametrize("impact", [0, 6, -1])
def test_impact_outside_one_to_five_is_refused(impact: int) -> None:
    with pytest.raises(FormulaError, match="1 to 5"):
        score(inputs(impact=impact))


def test_reach_grows_logarithmically_and_nobody_affected_scores_zero() -> None:
    assert [reach_factor(n) for n in (1, 2, 4, 8)] == [1, 2, 3, 4]
    assert reach_factor(3) == pytest.approx(1 + math.log2(3))
    nobody = score(inputs(impact=5, reach=0))
    assert nobody.value == 0 and nobody.priority is Priority.P3
    with pytest.raises(FormulaError):
        reach_factor(-1)


def test_confidence_validated_counts_more_than_a_hypothesis_and_refuted_least() -> None:
    values = [score(inputs(confidence=v)).value for v in (V.VALIDATED, V.HYPOTHESIS, V.REFUTED)]
    assert values == sorted(values, reverse=True) and len(set(values)) == 3


def test_rice_and_ice_are_other_views_of_the_same_inputs() -> None:
    result = score(inputs(impact=4, effort=Size.L, reach=3, confidence=V.VALIDATED))
    assert result.rice == pytest.approx(3 * 4 * 1.0 / DEFAULT_POINTS[Size.L])
    assert result.ice == 4 * 5 * 2
    assert score(inputs(impact=5, effort=Size.XS, confidence=V.VALIDATED)).ice == 125
    assert score(inputs(impact=1, effort=Size.XL, confidence=V.REFUTED)).ice == 1


def test_custom_points_change_value_per_effort() -> None:
    points = {Size.XS: 1, Size.S: 2, Size.M: 4, Size.L: 8, Size.XL: 16}
    assert score(inputs(effort=Size.XL), points).effort_factor == 0.25
    assert score(inputs(effort=Size.XS), points).effort_factor == 4


def test_points_must_cover_every_size_be_positive_and_grow() -> None:
    assert check_points(DEFAULT_POINTS) is None
    assert "XL" in (check_points({Size.XS: 1, Size.S: 2, Size.M: 3, Size.L: 4}) or "")
    assert "positive" in (check_points({**DEFAULT_POINTS, Size.XS: 0}) or "")
    assert "grow" in (check_points({**DEFAULT_POINTS, Size.L: 6}) or "")
    assert "positive" in (check_points({**DEFAULT_POINTS, Size.XL: math.inf}) or "")


def test_ranking_puts_priority_then_score_then_reach_then_age_and_unscored_last() -> None:
    results = {
        1: score(inputs(impact=None)),
        2: score(inputs(impact=2)),
        3: score(inputs(impact=5, confidence=V.VALIDATED)),
        4: score(inputs(impact=2, reach=2)),
        5: score(inputs(impact=2)),
        6: score(inputs(impact=1, override=Priority.P1, override_reason="board")),
    }
    order = sorted(results, key=lambda i: rank_key(i, results[i]))
    assert order == [3, 6, 4, 2, 5, 1]


def test_a_candidate_counts_each_stakeholder_once_and_not_those_no_longer_affected() -> None:
    candidate = Candidate(
        id=1,
        team_id=1,
        problem="p",
        root_cause="r",
        evidence=(evidence(1, 7), evidence(2, 7), evidence(3, 8), evidence(4, 9, holds=False)),
    )
    assert candidate.reach == 2
    assert [e.stakeholder_id for e in candidate.stakeholders] == [7, 8]


def test_confidence_is_the_best_check_of_its_root_causes() -> None:
    def conf(*verdicts: V | None) -> V:
        items = tuple(evidence(i, i, v) for i, v in enumerate(verdicts))
        return Candidate(id=1, team_id=1, problem="p", root_cause="", evidence=items).confidence

    assert conf() is V.HYPOTHESIS  # no evidence at all
    assert conf(None) is V.HYPOTHESIS  # no root cause found
    assert conf(V.REFUTED) is V.REFUTED
    assert conf(V.REFUTED, V.HYPOTHESIS) is V.HYPOTHESIS
    assert conf(V.REFUTED, V.VALIDATED, V.HYPOTHESIS) is V.VALIDATED
