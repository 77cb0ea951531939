"""Success metrics in Block Kit: the metric part of the SMART form, the check-in DM with its
buttons, the Record value and No longer relevant modals, and the readers of what came back."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from bot.blocks.elements import (
    Block,
    actions,
    button,
    choice,
    input_block,
    message,
    modal,
    option,
    section,
    text_input,
)
from bot.blocks.metric_ids import (
    CADENCE,
    COMMIT,
    COMMITTED,
    CONFIDENCE,
    DIRECTION,
    NO_CHANGE,
    NOTE,
    OWNER,
    REASON,
    RECORD,
    RECORD_VIEW,
    RETIRE,
    RETIRE_VIEW,
    SKIP,
    UNIT,
    VALUE,
)
from bot.blocks.roadmap_ids import BASELINE, DEADLINE, TARGET
from bot.blocks.text import fill
from bot.blocks.values import entry, selected, typed, view_values
from bot.blocks.wording import SlackWording
from bot.metrics.check import UNIT_MAX, FormInput, MetricDraft, check_form
from bot.metrics.model import Cadence, Confidence, Direction, Metric, MetricState, number_text
from bot.metrics.values import MetricInputError, check_note, parse_value
from bot.roadmap.smart import parse_number

NOTE_MAX = 2000
REASON_MAX = 500
_select = functools.partial(choice, "static_select")


# --- the SMART form's metric part ----------------------------------------------------------


def metric_inputs(
    metric: Metric | None, *, wording: SlackWording, owner_default: str | None = None
) -> list[Block]:
    """Unit, direction, owner, cadence and commit, filled from the candidate's first metric
    (the owner is the person filling the form until one is picked)."""
    w = wording.metrics
    directions = [option(getattr(w, f"direction_{d.value}"), d.value) for d in Direction]
    cadences = [option(getattr(w, f"cadence_{c.value}"), c.value) for c in Cadence]
    owner: Block = {"type": "users_select", "action_id": OWNER}
    commit: Block = {
        "type": "checkboxes",
        "action_id": COMMIT,
        "options": [option(w.commit_option, COMMITTED)],
    }
    if owner_default:
        owner["initial_user"] = owner_default
    if metric is not None:
        owner["initial_user"] = metric.owner
        if metric.state is MetricState.COMMITTED:
            commit["initial_options"] = commit["options"]
    unit = metric.unit if metric else None
    direction = metric.direction.value if metric else Direction.INCREASE.value
    cadence = metric.cadence.value if metric else Cadence.WEEKLY.value
    return [
        input_block(
            UNIT,
            w.unit_label,
            text_input(UNIT, most=UNIT_MAX, initial=unit, placeholder=w.unit_placeholder),
            optional=True,
        ),
        input_block(
            DIRECTION, w.direction_label, _select(DIRECTION, directions, initial=direction)
        ),
        input_block(OWNER, w.owner_label, owner),
        input_block(CADENCE, w.cadence_label, _select(CADENCE, cadences, initial=cadence)),
        input_block(COMMIT, w.commit_label, commit, optional=True),
    ]


def parse_metric_inputs(
    view: dict[str, Any], *, baseline: tuple[float, str] | None, target: tuple[float, str] | None
) -> FormInput:
    """The metric part of a submitted SMART form (baseline and target read by the caller)."""
    values = view_values(view)
    owner = entry(values, OWNER).get("selected_user")
    ticked = entry(values, COMMIT).get("selected_options")
    committed = isinstance(ticked, list) and any(
        isinstance(o, dict) and o.get("value") == COMMITTED for o in ticked
    )
    return FormInput(
        baseline=baseline,
        target=target,
        unit=typed(entry(values, UNIT)),
        direction=selected(entry(values, DIRECTION)),
        owner=owner if isinstance(owner, str) else None,
        cadence=selected(entry(values, CADENCE)),
        committed=committed,
    )


METRIC_BLOCKS = {
    "unit": UNIT,
    "direction": DIRECTION,
    "owner": OWNER,
    "cadence": CADENCE,
}
"""Which input shows each part's problem (baseline, target and deadline are the form's own)."""
_FORM_BLOCKS = {"baseline": BASELINE, "target": TARGET, "deadline": DEADLINE, **METRIC_BLOCKS}


def parse_first_metric(
    view: dict[str, Any],
    texts: dict[str, str],
    deadline: date | None,
    *,
    today: date,
    wording: SlackWording,
) -> MetricDraft | dict[str, str]:
    """The SMART form's first tracked metric, or {block_id: error}; `texts` holds the form's
    metric, baseline and target as typed."""
    baseline, target = parse_number(texts["baseline"]), parse_number(texts["target"])
    form = parse_metric_inputs(view, baseline=baseline, target=target)
    name = " ".join(texts["metric"].split())
    found = check_form(form, name=name, deadline=deadline, today=today)
    if not isinstance(found, dict):
        return found
    w = wording.metrics
    return {_FORM_BLOCKS[part]: getattr(w, problem.value) for part, problem in found.items()}


# --- the check-in DM -------------------------------------------------------------------------


def checkin_value(metric_id: int, due: date) -> str:
    """A check-in button's value: which metric, which due date (`12:2026-12-08`)."""
    return f"{metric_id}:{due.isoformat()}"


def parse_checkin_value(value: str) -> tuple[int, date]:
    """The metric id and due date of a check-in button; ValueError when malformed."""
    head, _, tail = value.partition(":")
    if not head.isdigit() or len(head) > 12:
        raise ValueError(f"not a check-in value: {value[:40]!r}")
    return int(head), date.fromisoformat(tail)


def build_checkin(metric: Metric, candidate: str, due: date, *, wording: SlackWording) -> Block:
    """The DM asking the owner for this period's value, with its four buttons."""
    w = wording.metrics
    text = context_line(metric, candidate, wording=wording)
    value = checkin_value(metric.id, due)
    buttons = actions(
        button(w.button_record, RECORD, value, style="primary"),
        button(w.button_no_change, NO_CHANGE, value),
        button(w.button_skip, SKIP, value),
        button(w.button_retire, RETIRE, value, style="danger"),
    )
    return message(text, [section(text), buttons])


def build_reminder(metric: Metric, candidate: str, due: date, *, wording: SlackWording) -> Block:
    """The one reminder a week after a missed check-in, with the same buttons."""
    w = wording.metrics
    first = fill(w.reminder, name=metric.name, due=due.isoformat())
    line = context_line(metric, candidate, wording=wording)
    value = checkin_value(metric.id, due)
    buttons = actions(
        button(w.button_record, RECORD, value, style="primary"),
        button(w.button_no_change, NO_CHANGE, value),
        button(w.button_retire, RETIRE, value, style="danger"),
    )
    return message(first, [section(first), section(line), buttons])


def context_line(metric: Metric, candidate: str, *, wording: SlackWording) -> str:
    """Target, baseline and last value, in the check-in's words."""
    return fill(
        wording.metrics.checkin,
        name=metric.name,
        candidate=candidate,
        direction=metric.direction.label,
        target=number_text(metric.target, metric.unit),
        deadline=metric.deadline.isoformat(),
        baseline=number_text(metric.baseline, metric.unit),
        last=number_text(metric.latest_value, metric.unit),
    )


def outcome_message(text: str) -> Block:
    """What the check-in DM becomes once answered: one line, no buttons."""
    return message(text, [section(text)])


# --- the Record value and No longer relevant modals ------------------------------------------


def build_record_modal(metric: Metric, value: str, *, wording: SlackWording) -> Block:
    """A number, the owner's confidence and a note; `value` is the button's (metric, due)."""
    w = wording.metrics
    confidences = [option(getattr(w, f"confidence_{c.value}"), c.value) for c in Confidence]
    blocks = [
        input_block(
            VALUE, w.value_label, text_input(VALUE, most=200, placeholder=w.value_placeholder)
        ),
        input_block(
            CONFIDENCE,
            w.confidence_label,
            choice("radio_buttons", CONFIDENCE, confidences),
            optional=True,
        ),
        input_block(
            NOTE, w.note_label, text_input(NOTE, most=NOTE_MAX, multiline=True), optional=True
        ),
    ]
    return modal(
        RECORD_VIEW,
        title=w.record_title,
        submit=w.save,
        close=w.cancel,
        blocks=blocks,
        metadata=value,
    )


def parse_record(view: dict[str, Any]) -> tuple[str, str, str | None, str]:
    """What was typed: (button value, the value's text, the confidence, the note)."""
    values = view_values(view)
    metadata = str(view.get("private_metadata", ""))
    return (
        metadata,
        typed(entry(values, VALUE)),
        selected(entry(values, CONFIDENCE)),
        typed(entry(values, NOTE)),
    )


def build_retire_modal(value: str, *, wording: SlackWording) -> Block:
    """Ask why the metric is no longer relevant before closing it."""
    w = wording.metrics
    reason = text_input(REASON, most=REASON_MAX, multiline=True)
    return modal(
        RETIRE_VIEW,
        title=w.retire_title,
        submit=w.save,
        close=w.cancel,
        blocks=[input_block(REASON, w.reason_label, reason)],
        metadata=value,
    )


def parse_retire(view: dict[str, Any]) -> tuple[str, str]:
    """(button value, the reason typed)."""
    return str(view.get("private_metadata", "")), typed(entry(view_values(view), REASON))


def read_record(
    view: dict[str, Any], *, wording: SlackWording
) -> tuple[str, float, Confidence | None, str | None] | dict[str, str]:
    """(metadata, value, confidence, note) from the Record value modal, or {block_id: error}."""
    metadata, text, confidence, note = parse_record(view)
    errors: dict[str, str] = {}
    try:
        value = parse_value(text)
    except MetricInputError:
        errors[VALUE] = wording.metrics.not_a_number
    try:
        kept = check_note(note)
    except MetricInputError as exc:
        errors[NOTE] = str(exc)
    said = confidence if confidence in {c.value for c in Confidence} else None
    if errors:
        return errors
    return metadata, value, Confidence(said) if said else None, kept


def read_retire(view: dict[str, Any], *, wording: SlackWording) -> tuple[str, str] | dict[str, str]:
    """(metadata, reason) from the No longer relevant modal, or {block_id: error}."""
    metadata, reason = parse_retire(view)
    reason = " ".join(reason.split())
    if not reason:
        return {REASON: wording.metrics.missing_reason}
    if len(reason) > REASON_MAX:
        return {REASON: wording.metrics.reason_too_long}
    return metadata, reason
