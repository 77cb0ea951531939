"""Load and strictly validate prompts/slack.toml: every label and sentence shown in Slack."""

from __future__ import annotations

import dataclasses
import functools
import string
import tomllib
from pathlib import Path
from typing import Any

from bot.blocks import limits, wording_metrics
from bot.blocks.wording_types import SECTIONS, Buttons, SlackWording
from bot.errors import ScriptError
from prompts import PROMPTS_DIR

__all__ = ["FIELDS", "LIMITS", "SLACK_WORDING_PATH", "SlackWording", "load_slack_wording"]

SLACK_WORDING_PATH = PROMPTS_DIR / "slack.toml"


# The named values each template may use; every other text takes none.
FIELDS: dict[str, frozenset[str]] = {
    "invitation.text": frozenset({"facilitator", "purpose"}),
    "invitation.note": frozenset({"facilitator"}),
    "invitation.confidential": frozenset({"facilitator"}),
    "invitation.shared": frozenset({"facilitator"}),
    "prompt.progress": frozenset({"phase", "answered"}),
    "prompt.why_progress": frozenset({"phase", "why", "whys"}),
    "summary.fallback": frozenset({"id"}),
    "summary.fallback_part": frozenset({"id", "part", "parts"}),
    "summary.nothing_recorded": frozenset({"id"}),
    "home.row": frozenset({"id", "title", "person", "status", "updated"}),
    "home.more": frozenset({"count"}),
    "form.context_too_long": frozenset({"max"}),
    "correct.text_too_long": frozenset({"max"}),
    "usage.help": frozenset({"purposes"}),
    "usage.short": frozenset({"purposes"}),
    "usage.unknown_purpose": frozenset({"purposes"}),
    "notice.started": frozenset({"id", "person"}),
    "invitation.live_opening": frozenset({"id", "person"}),
    "invitation.live_closing": frozenset({"id", "person"}),
    "notice.no_such_interview": frozenset({"id"}),
    "notice.cancelled": frozenset({"id"}),
    "notice.said_not_now": frozenset({"person", "id"}),
    "notice.status_line": frozenset({"id", "title", "person", "status", "answered", "phase"}),
    "notice.summary_sent": frozenset({"id"}),
    "notice.not_open": frozenset({"id"}),
    "notice.cancelled_for_respondent": frozenset({"id"}),
    "notice.invited": frozenset({"id", "person"}),
    "notice.live_started": frozenset({"id", "person"}),
    "notice.not_finished": frozenset({"id"}),
    "notice.follow_up_planned": frozenset({"id", "person"}),
    "notice.typed_command": frozenset({"command"}),
    "notice.answer_changed": frozenset({"question", "answer"}),
    "correct.option": frozenset({"question", "answer"}),
    "correct.titles_label": frozenset({"number"}),
    "reminder.nudge": frozenset({"facilitator", "purpose", "id"}),
    "reminder.stalled": frozenset({"id", "person", "since", "nudges"}),
    "reminder.facilitator_declined": frozenset({"id", "person"}),
    "reminder.check_intro": frozenset({"id", "purpose"}),
    "reminder.check_item": frozenset({"problem", "cause"}),
    "digest.fallback": frozenset({"week"}),
    "digest.thread_fallback": frozenset({"week", "part", "parts"}),
    "digest.chart_title": frozenset({"week"}),
    "digest.chart_fallback": frozenset({"week"}),
    "digest.metrics_chart_title": frozenset({"week"}),
    "digest.metrics_chart_fallback": frozenset({"week"}),
}

_TITLES = {
    f"{modal}.{key}": limits.VIEW_TITLE
    for modal in ("form", "correct")
    for key in ("title", "submit", "close")
}
_LABELS = {
    f"{modal}.{key}": limits.INPUT_LABEL
    for modal, key in (
        ("form", "stakeholder_label"),
        ("form", "purpose_label"),
        ("form", "mode_label"),
        ("form", "context_label"),
        ("form", "confidential_label"),
        ("correct", "question_label"),
        ("correct", "text_label"),
    )
}
_PLACEHOLDERS = {
    f"{modal}.{key}": limits.PLACEHOLDER
    for modal, key in (
        ("form", "stakeholder_placeholder"),
        ("form", "purpose_placeholder"),
        ("form", "context_placeholder"),
        ("correct", "question_placeholder"),
        ("correct", "text_placeholder"),
        ("correct", "too_long_to_show"),
    )
}
LIMITS: dict[str, int] = {
    **{f"button.{f.name}": limits.BUTTON_TEXT for f in dataclasses.fields(Buttons)},
    **{
        f"form.{key}": limits.OPTION_TEXT for key in ("mode_dm", "mode_live", "confidential_option")
    },
    "home.facilitating": limits.HEADER_TEXT,
    "home.waiting": limits.HEADER_TEXT,
    **_TITLES,
    **_LABELS,
    **_PLACEHOLDERS,
}
"""Slack's limit for each text shown in a size-limited place."""

# The roadmap's texts (issue 5).
FIELDS.update(
    {
        "roadmap.card_title": frozenset({"id"}),
        "roadmap.list_header": frozenset({"count", "total"}),
        "roadmap.people_many": frozenset({"count"}),
        "roadmap.year": frozenset({"year"}),
        "roadmap.year_pinned": frozenset({"year"}),
        "roadmap.formula": frozenset(
            {
                "confidence",
                "effort",
                "impact",
                "people",
                "priority",
                "reach",
                "score",
                "size",
                "verdict",
            }
        ),
        "roadmap.formula_missing": frozenset({"missing"}),
        "roadmap.views": frozenset({"ice", "rice"}),
        "roadmap.override_line": frozenset({"formula", "priority", "reason"}),
        "roadmap.metric_line": frozenset({"baseline", "deadline", "metric", "target"}),
        "roadmap.impact_line": frozenset({"impact", "kind"}),
        "roadmap.effort_line": frozenset({"person", "size"}),
        "roadmap.evidence_line": frozenset({"person", "quote"}),
        "roadmap.evidence_withheld": frozenset({"count"}),
        "roadmap.cause_line": frozenset({"cause", "verdict"}),
        "roadmap.merged_line": frozenset({"id", "person"}),
        "roadmap.plan_header": frozenset({"capacity", "yearly"}),
        "roadmap.plan_year": frozenset({"total", "used", "year"}),
        "roadmap.plan_over": frozenset({"over"}),
        "roadmap.plan_rows_cut": frozenset({"shown", "total"}),
        "roadmap.home_moved_heading": frozenset({"date"}),
        "roadmap.home_moved_row": frozenset({"changes", "id", "reasons", "title"}),
        "roadmap.home_moved_none": frozenset({"date"}),
        "roadmap.home_moved_more": frozenset({"count", "date"}),
        "roadmap.plan_later": frozenset({"ids"}),
        "roadmap.plan_unsized": frozenset({"ids"}),
        "roadmap.trade_off": frozenset(
            {"alternatives", "alt_impact", "alt_points", "id", "impact", "months", "points", "size"}
        ),
        "roadmap.button_details_of": frozenset({"id", "title"}),
        "roadmap.trade_off_none": frozenset({"id", "impact", "months", "points", "size"}),
        "roadmap.trade_off_item": frozenset({"id", "title"}),
        "roadmap.trade_off_kept": frozenset({"date", "id", "person"}),
        "roadmap.trade_off_swapped": frozenset({"alternatives", "date", "id", "person"}),
        "roadmap.duplicate_intro": frozenset({"score"}),
        "roadmap.duplicate_side": frozenset({"id", "problem"}),
        "roadmap.similar_line": frozenset({"id", "title", "score"}),
        "roadmap.button_same_as": frozenset({"id"}),
        "roadmap.new_candidate_line": frozenset({"id", "title"}),
        "roadmap.playback_offer": frozenset({"title"}),
        "roadmap.button_mine_is": frozenset({"id"}),
        "roadmap.mine_joined": frozenset({"id"}),
        "roadmap.confidential_offer": frozenset({"title"}),
        "roadmap.confidential_joined": frozenset({"id"}),
        "roadmap.confidential_counted": frozenset({"count"}),
        "roadmap.merged": frozenset({"kept", "merged"}),
        "roadmap.undone": frozenset({"merged"}),
        "roadmap.duplicates_sent": frozenset({"count"}),
        "roadmap.sizing_ask": frozenset({"id", "person", "problem"}),
        "roadmap.sizing_note_from": frozenset({"note", "person"}),
        "roadmap.sizing_scale_row": frozenset({"points", "share", "size"}),
        "roadmap.share_quarters": frozenset({"count"}),
        "roadmap.not_mine_done": frozenset({"id", "person"}),
        "roadmap.not_mine_for_requester": frozenset({"id", "person", "problem"}),
        "roadmap.sized_confidence": frozenset({"confidence"}),
        "roadmap.sized": frozenset({"id", "size"}),
        "roadmap.sized_for_requester": frozenset({"id", "person", "problem", "size"}),
        "roadmap.sized_note": frozenset({"note"}),
        "roadmap.already_sized": frozenset({"id", "size"}),
        "roadmap.size_changed_for_requester": frozenset(
            {"after", "before", "id", "person", "problem"}
        ),
        "roadmap.sizing_sent": frozenset({"id", "person"}),
        "roadmap.not_found": frozenset({"id"}),
        "roadmap.back_to_formula": frozenset({"id", "reason"}),
        "roadmap.posted": frozenset({"channel"}),
        "roadmap.cannot_post": frozenset({"channel"}),
        "roadmap.export_sent": frozenset({"format"}),
        "roadmap.export_comment": frozenset({"format"}),
        "roadmap.home_row": frozenset({"id", "priority", "problem", "rank"}),
        "roadmap.home_duplicates": frozenset({"count"}),
        "roadmap.home_sizing": frozenset({"count"}),
    }
)
LIMITS.update(
    {
        "roadmap.button_details": limits.BUTTON_TEXT,
        "roadmap.button_impact": limits.BUTTON_TEXT,
        "roadmap.button_sizing": limits.BUTTON_TEXT,
        "roadmap.button_override": limits.BUTTON_TEXT,
        "roadmap.button_verdict": limits.BUTTON_TEXT,
        "roadmap.button_merge": limits.BUTTON_TEXT,
        "roadmap.button_not_same": limits.BUTTON_TEXT,
        "roadmap.button_undo": limits.BUTTON_TEXT,
        "roadmap.button_same_as": limits.BUTTON_TEXT,
        "roadmap.button_mine_is": limits.BUTTON_TEXT,
        "roadmap.button_note": limits.BUTTON_TEXT,
        "roadmap.button_change_size": limits.BUTTON_TEXT,
        "roadmap.card_title": limits.VIEW_TITLE,
        "roadmap.impact_title": limits.VIEW_TITLE,
        "roadmap.sizing_title": limits.VIEW_TITLE,
        "roadmap.override_title": limits.VIEW_TITLE,
        "roadmap.verdict_title": limits.VIEW_TITLE,
        "roadmap.note_title": limits.VIEW_TITLE,
        "roadmap.submit": limits.VIEW_TITLE,
        "roadmap.send": limits.VIEW_TITLE,
        "roadmap.close": limits.VIEW_TITLE,
        "roadmap.close_card": limits.VIEW_TITLE,
        "roadmap.kind_label": limits.INPUT_LABEL,
        "roadmap.impact_label": limits.INPUT_LABEL,
        "roadmap.metric_label": limits.INPUT_LABEL,
        "roadmap.baseline_label": limits.INPUT_LABEL,
        "roadmap.target_label": limits.INPUT_LABEL,
        "roadmap.deadline_label": limits.INPUT_LABEL,
        "roadmap.solution_label": limits.INPUT_LABEL,
        "roadmap.justification_label": limits.INPUT_LABEL,
        "roadmap.engineer_label": limits.INPUT_LABEL,
        "roadmap.priority_label": limits.INPUT_LABEL,
        "roadmap.reason_label": limits.INPUT_LABEL,
        "roadmap.verdict_label": limits.INPUT_LABEL,
        "roadmap.evidence_label": limits.INPUT_LABEL,
        "roadmap.size_label": limits.INPUT_LABEL,
        "roadmap.note_label": limits.INPUT_LABEL,
        "roadmap.metric_placeholder": limits.PLACEHOLDER,
        "roadmap.baseline_placeholder": limits.PLACEHOLDER,
        "roadmap.target_placeholder": limits.PLACEHOLDER,
        "roadmap.reason_placeholder": limits.PLACEHOLDER,
        "roadmap.evidence_placeholder": limits.PLACEHOLDER,
        "roadmap.note_placeholder": limits.PLACEHOLDER,
        "roadmap.engineer_placeholder": limits.PLACEHOLDER,
        "roadmap.status_placeholder": limits.PLACEHOLDER,
        "roadmap.kind_customer_experience": limits.OPTION_TEXT,
        "roadmap.kind_revenue": limits.OPTION_TEXT,
        "roadmap.kind_cost": limits.OPTION_TEXT,
        "roadmap.kind_risk": limits.OPTION_TEXT,
        "roadmap.kind_efficiency": limits.OPTION_TEXT,
        "roadmap.option_clear": limits.OPTION_TEXT,
        "roadmap.option_validated": limits.OPTION_TEXT,
        "roadmap.option_refuted": limits.OPTION_TEXT,
        "roadmap.option_hypothesis": limits.OPTION_TEXT,
        "roadmap.home_heading": limits.HEADER_TEXT,
    }
)

# Success metrics' texts (issue 14).
FIELDS.update(wording_metrics.FIELDS)
LIMITS.update(wording_metrics.LIMITS)


def load_slack_wording(path: Path | None = None) -> SlackWording:
    """Load the Slack wording (default prompts/slack.toml); one ScriptError lists every problem."""
    file = SLACK_WORDING_PATH if path is None else path
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ScriptError(f"{file}: file not found") from None
    except OSError as exc:
        raise ScriptError(f"{file}: cannot read the file ({exc.strerror})") from None
    wording, problems = _parse(file, raw)
    if wording is None:
        raise ScriptError("\n".join(problems))
    return wording


# Cached on the file's content, so an edited file is validated again; the result is immutable.
@functools.lru_cache(maxsize=8)
def _parse(path: Path, raw: bytes) -> tuple[SlackWording | None, tuple[str, ...]]:
    problems: list[str] = []

    def report(where: str, what: str) -> None:
        problems.append(f"{path}: {where}: {what}" if where else f"{path}: {what}")

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, (f"{path}: not UTF-8 text",)
    except tomllib.TOMLDecodeError as exc:  # its message carries the line and column
        return None, (f"{path}: invalid TOML: {exc}",)
    for name in data:
        if name not in SECTIONS:
            report(name, "unknown section")
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        table = data.get(name)
        if not isinstance(table, dict):
            report(name, "missing section" if table is None else "expected a [table]")
            continue
        keys = [f.name for f in dataclasses.fields(cls)]
        for key in table:
            if key not in keys:
                report(f"{name}.{key}", "unknown key")
        texts: dict[str, object] = {}
        for key in keys:
            where = f"{name}.{key}"
            if key not in table:
                report(where, "missing")
                continue
            problem = _problem(table[key], where)
            if problem:
                report(where, problem)
            # A text without fields is stored as shown, so {{ }} in it become plain braces.
            text = table[key]
            texts[key] = text.format_map({}) if where not in FIELDS and not problem else text
        if len(texts) == len(keys):
            sections[name] = cls(**texts)
    if problems:
        return None, tuple(problems)
    return SlackWording(**sections), ()


def _problem(value: object, where: str) -> str | None:
    """What is wrong with one text, or None."""
    if not isinstance(value, str):
        return f"expected a string, got {type(value).__name__}"
    if not value.strip():
        return "empty"
    if "<" in value or ">" in value:
        return "contains < or >: write &lt; or &gt;"
    allowed = FIELDS.get(where, frozenset())
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError as exc:
        return f"{exc}; write {{{{ and }}}} for a literal brace"
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed:
            names = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
            return f"unknown field {{{name}}} (allowed: {names})"
        if spec or conversion:
            return f"field {{{name}}} takes no format or conversion"
    limit = LIMITS.get(where)
    if limit is not None and limits.slack_len(value) > limit:
        return f"{limits.slack_len(value)} characters, Slack allows {limit}"
    return None
