"""A SMART success metric: metric, baseline, target and deadline, checked the same way in the
Slack modal and in an imported sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

TEXT_MAX = 200
"""Longest baseline or target (the table keeps 200 characters); a metric may take 500."""
METRIC_MAX = 500

_NUMBER = re.compile(r"^\s*([-+]?)\s*([$€£]?)\s*(\d[\d,]*(?:\.\d+)?)\s*(.*?)\s*$")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


class MetricProblem(StrEnum):
    """What is wrong with a metric; each has a sentence in slack.toml [roadmap]."""

    MISSING_METRIC = "missing_metric"
    MISSING_BASELINE = "missing_baseline"
    MISSING_TARGET = "missing_target"
    MISSING_DEADLINE = "missing_deadline"
    SAME_TARGET = "same_target"
    PAST_DEADLINE = "past_deadline"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Metric:
    """A checked SMART metric."""

    metric: str
    baseline: str
    target: str
    deadline: date


def check_metric(
    metric: str | None,
    baseline: str | None,
    target: str | None,
    deadline: date | None,
    *,
    today: date,
) -> Metric | dict[str, MetricProblem]:
    """The metric, or {part: problem} naming every part that is missing or contradictory."""
    texts = {
        "metric": (metric or "").strip(),
        "baseline": (baseline or "").strip(),
        "target": (target or "").strip(),
    }
    problems: dict[str, MetricProblem] = {}
    for part, text in texts.items():
        if not text:
            problems[part] = MetricProblem(f"missing_{part}")
        elif len(text) > (METRIC_MAX if part == "metric" else TEXT_MAX):
            problems[part] = MetricProblem.TOO_LONG
    if deadline is None:
        problems["deadline"] = MetricProblem.MISSING_DEADLINE
    elif deadline <= today:
        problems["deadline"] = MetricProblem.PAST_DEADLINE
    both = "target" not in problems and "baseline" not in problems
    if both and same_value(texts["baseline"], texts["target"]):
        problems["target"] = MetricProblem.SAME_TARGET
    if problems:
        return problems
    assert deadline is not None
    return Metric(texts["metric"], texts["baseline"], texts["target"], deadline)


def same_value(a: str, b: str) -> bool:
    """Whether two baseline/target texts say the same: `10%` and `10.0 %`, `Two days` and
    `two  days`."""
    if " ".join(a.split()).casefold() == " ".join(b.split()).casefold():
        return True
    x, y = parse_number(a), parse_number(b)
    return x is not None and x == y


def parse_number(text: str) -> tuple[float, str] | None:
    """A number with its unit (`-12.5`, `%`), when the text is one."""
    found = _NUMBER.match(text)
    if found is None:
        return None
    sign, currency, digits, unit = found.groups()
    # 1,000 is a thousand; 2,5 is two and a half (a decimal comma).
    plain = digits.replace(",", "") if _THOUSANDS.fullmatch(digits) else digits.replace(",", ".")
    try:
        value = float(plain)
    except ValueError:  # 1,2,3
        return None
    return (-value if sign == "-" else value, f"{currency}{unit.casefold()}".replace(" ", ""))
