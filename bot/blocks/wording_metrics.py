"""Success metrics' Slack wording as typed, read-only data: the [metrics] section of slack.toml,
with the fields each text may use and Slack's limit for each text shown in a size-limited place."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.blocks import limits


@dataclass(frozen=True)
class MetricsWording:
    """The SMART form's metric parts, the check-in DM and its modals, Home and the roadmap."""

    unit_label: str
    unit_placeholder: str
    direction_label: str
    direction_increase: str
    direction_decrease: str
    direction_at_least: str
    direction_at_most: str
    owner_label: str
    cadence_label: str
    cadence_weekly: str
    cadence_biweekly: str
    cadence_monthly: str
    commit_label: str
    commit_option: str
    not_a_number: str
    missing_unit: str
    unit_too_long: str
    wrong_way_up: str
    wrong_way_down: str
    beyond_horizon: str
    missing_owner: str
    missing_direction: str
    missing_cadence: str
    checkin: str
    reminder: str
    button_record: str
    button_no_change: str
    button_skip: str
    button_retire: str
    record_title: str
    retire_title: str
    save: str
    cancel: str
    value_label: str
    value_placeholder: str
    confidence_label: str
    confidence_on_track: str
    confidence_at_risk: str
    confidence_off_track: str
    note_label: str
    reason_label: str
    missing_reason: str
    reason_too_long: str
    recorded: str
    skipped: str
    retired: str
    closed: str
    not_allowed: str
    expired: str
    home_heading: str
    home_row: str
    home_due: str
    ship_ask: str
    button_fixed: str
    button_partly: str
    button_no: str
    button_too_early: str
    ship_thanks: str
    ship_reopened: str
    ship_line: str
    ship_not_yours: str
    health: str
    health_metric: str


FIELDS: dict[str, frozenset[str]] = {
    "metrics.checkin": frozenset(
        {"baseline", "candidate", "deadline", "direction", "last", "name", "target"}
    ),
    "metrics.reminder": frozenset({"due", "name"}),
    "metrics.recorded": frozenset({"date", "status", "value"}),
    "metrics.skipped": frozenset({"due"}),
    "metrics.retired": frozenset({"name", "reason"}),
    "metrics.home_row": frozenset({"due", "name", "status", "value"}),
    "metrics.ship_ask": frozenset({"problem", "title"}),
    "metrics.ship_thanks": frozenset({"answer", "title"}),
    "metrics.ship_reopened": frozenset({"id", "person", "problem", "title"}),
    "metrics.ship_line": frozenset({"asked", "fixed"}),
    "metrics.health": frozenset({"metrics", "status"}),
    "metrics.health_metric": frozenset({"name", "sparkline", "status", "value"}),
}
_LIMITED = {
    limits.INPUT_LABEL: (
        "unit_label",
        "direction_label",
        "owner_label",
        "cadence_label",
        "commit_label",
        "value_label",
        "confidence_label",
        "note_label",
        "reason_label",
    ),
    limits.PLACEHOLDER: ("unit_placeholder", "value_placeholder"),
    limits.OPTION_TEXT: (
        "direction_increase",
        "direction_decrease",
        "direction_at_least",
        "direction_at_most",
        "cadence_weekly",
        "cadence_biweekly",
        "cadence_monthly",
        "commit_option",
        "confidence_on_track",
        "confidence_at_risk",
        "confidence_off_track",
    ),
    limits.BUTTON_TEXT: (
        "button_record",
        "button_no_change",
        "button_skip",
        "button_retire",
        "button_fixed",
        "button_partly",
        "button_no",
        "button_too_early",
    ),
    limits.VIEW_TITLE: ("record_title", "retire_title", "save", "cancel"),
    limits.HEADER_TEXT: ("home_heading",),
}
LIMITS: dict[str, int] = {f"metrics.{key}": most for most, keys in _LIMITED.items() for key in keys}
assert set(LIMITS) <= {f"metrics.{f.name}" for f in dataclasses.fields(MetricsWording)}
