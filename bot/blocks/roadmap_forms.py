"""The roadmap's modals (impact and SMART metric, override, root-cause check; the sizing forms
are in sizing.py) and readers of what was submitted: a value, or {block_id: error}."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from bot.blocks.elements import (
    Block,
    choice,
    input_block,
    modal,
    option,
    text_input,
)
from bot.blocks.limits import truncate
from bot.blocks.metrics import metric_inputs, parse_first_metric
from bot.blocks.roadmap_ids import (
    BASELINE,
    CLEAR,
    DEADLINE,
    EVIDENCE,
    IMPACT_SCORE,
    IMPACT_VIEW,
    JUSTIFICATION,
    KIND,
    METRIC,
    OVERRIDE_VIEW,
    PRIORITY,
    REASON,
    SOLUTION,
    TARGET,
    VERDICT_CHOICE,
    VERDICT_VIEW,
)
from bot.blocks.values import QUESTION_KEY, entry, parse_id, selected, typed, view_values
from bot.blocks.wording import SlackWording
from bot.flows.summary import RootCauseStatus
from bot.metrics.model import Metric
from bot.roadmap.model import (
    REASON_MAX,
    Candidate,
    ImpactForm,
    ImpactKind,
    Priority,
    VerdictForm,
)
from bot.roadmap.smart import METRIC_MAX, TEXT_MAX, MetricProblem, check_metric

LONG_TEXT = 3000
EVIDENCE_MAX = 3000

_PROBLEMS = {
    "metric": METRIC,
    "baseline": BASELINE,
    "target": TARGET,
    "deadline": DEADLINE,
}


_select = functools.partial(choice, "static_select")
_radios = functools.partial(choice, "radio_buttons")


def _modal(
    callback_id: str, title: str, submit: str, close: str, blocks: list[Block], metadata: str
) -> Block:
    return modal(
        callback_id, title=title, submit=submit, close=close, blocks=blocks, metadata=metadata
    )


def _entry(view: dict[str, Any], input_id: str) -> dict[str, Any]:
    return entry(view_values(view), input_id)


def _value(view: dict[str, Any], input_id: str) -> str:
    return typed(_entry(view, input_id))


def _selected(view: dict[str, Any], input_id: str) -> str | None:
    return selected(_entry(view, input_id))


def _metadata_id(view: dict[str, Any]) -> int | None:
    try:
        return parse_id(str(view.get("private_metadata", "")))
    except ValueError:
        return None


# --- impact and SMART metric ---------------------------------------------------------------


def build_impact_modal(
    candidate: Candidate,
    *,
    wording: SlackWording,
    metric: Metric | None = None,
    owner: str | None = None,
) -> Block:
    """Impact (kind and 1-5), the SMART metric (its first tracked metric's unit, direction,
    owner, cadence and commit too), solution and justification."""
    w = wording.roadmap
    kinds = [option(getattr(w, f"kind_{k.value}"), k.value) for k in ImpactKind]
    scores = [option(str(n), str(n)) for n in range(1, 6)]
    deadline: Block = {"type": "datepicker", "action_id": DEADLINE}
    if candidate.deadline is not None:
        deadline["initial_date"] = candidate.deadline.isoformat()
    kind = candidate.impact_kind.value if candidate.impact_kind else None
    impact = str(candidate.impact) if candidate.impact else None
    blocks = [
        input_block(KIND, w.kind_label, _select(KIND, kinds, initial=kind)),
        input_block(
            IMPACT_SCORE,
            w.impact_label,
            _radios(IMPACT_SCORE, scores, initial=impact),
        ),
        input_block(
            METRIC,
            w.metric_label,
            text_input(
                METRIC, most=METRIC_MAX, initial=candidate.metric, placeholder=w.metric_placeholder
            ),
        ),
        input_block(
            BASELINE,
            w.baseline_label,
            text_input(
                BASELINE,
                most=TEXT_MAX,
                initial=candidate.baseline,
                placeholder=w.baseline_placeholder,
            ),
        ),
        input_block(
            TARGET,
            w.target_label,
            text_input(
                TARGET, most=TEXT_MAX, initial=candidate.target, placeholder=w.target_placeholder
            ),
        ),
        input_block(DEADLINE, w.deadline_label, deadline),
        *metric_inputs(metric, wording=wording, owner_default=owner),
        input_block(
            SOLUTION,
            w.solution_label,
            text_input(SOLUTION, most=LONG_TEXT, initial=candidate.solution, multiline=True),
            optional=True,
        ),
        input_block(
            JUSTIFICATION,
            w.justification_label,
            text_input(
                JUSTIFICATION, most=LONG_TEXT, initial=candidate.justification, multiline=True
            ),
            optional=True,
        ),
    ]
    return _modal(IMPACT_VIEW, w.impact_title, w.submit, w.close, blocks, str(candidate.id))


def parse_impact(
    view: dict[str, Any], *, wording: SlackWording, today: date
) -> tuple[int, ImpactForm] | dict[str, str]:
    """(candidate id, form) or {block_id: error}: all four metric parts, a target that differs
    from the baseline, a deadline after today."""
    w = wording.roadmap
    errors: dict[str, str] = {}
    candidate_id = _metadata_id(view)
    if candidate_id is None:
        errors[KIND] = w.expired
    kind = _selected(view, KIND)
    if kind not in {k.value for k in ImpactKind}:
        errors[KIND] = w.missing_kind
    score = _selected(view, IMPACT_SCORE)
    if score not in {str(n) for n in range(1, 6)}:
        errors[IMPACT_SCORE] = w.missing_impact
    raw_date = _entry(view, DEADLINE).get("selected_date")
    deadline = None
    if isinstance(raw_date, str):
        try:
            deadline = date.fromisoformat(raw_date)
        except ValueError:
            deadline = None
    texts = {key: _value(view, block) for key, block in _PROBLEMS.items() if key != "deadline"}
    checked = check_metric(
        texts["metric"], texts["baseline"], texts["target"], deadline, today=today
    )
    if isinstance(checked, dict):
        for part, problem in checked.items():
            errors[_PROBLEMS[part]] = getattr(w, problem.value)
    first = parse_first_metric(view, texts, deadline, today=today, wording=wording)
    if isinstance(first, dict):
        for block, text in first.items():
            errors.setdefault(block, text)
    solution, justification = _value(view, SOLUTION), _value(view, JUSTIFICATION)
    for block, text in ((SOLUTION, solution), (JUSTIFICATION, justification)):
        if len(text) > LONG_TEXT:
            errors[block] = getattr(w, MetricProblem.TOO_LONG.value)
    if errors:
        return errors
    assert candidate_id is not None and kind is not None and score is not None
    assert not isinstance(checked, dict) and not isinstance(first, dict)
    return candidate_id, ImpactForm(
        impact_kind=ImpactKind(kind),
        impact=int(score),
        metric=checked.metric,
        baseline=checked.baseline,
        target=checked.target,
        deadline=checked.deadline,
        solution=solution,
        justification=justification,
        first_metric=first,
    )


# --- override ------------------------------------------------------------------------------


def build_override_modal(candidate: Candidate, *, wording: SlackWording) -> Block:
    """P1, P2, P3 or back to the formula, and the reason (required: Slack asks for it before
    the form is sent; going back to the formula says why too, in the note that confirms it)."""
    w = wording.roadmap
    options = [option(p.value, p.value) for p in Priority] + [option(w.option_clear, CLEAR)]
    current = candidate.priority_override.value if candidate.priority_override else CLEAR
    blocks = [
        input_block(PRIORITY, w.priority_label, _radios(PRIORITY, options, initial=current)),
        input_block(
            REASON,
            w.reason_label,
            text_input(
                REASON,
                most=REASON_MAX,
                initial=candidate.override_reason,
                placeholder=w.reason_placeholder,
                multiline=True,
            ),
        ),
    ]
    return _modal(OVERRIDE_VIEW, w.override_title, w.submit, w.close, blocks, str(candidate.id))


def parse_override(
    view: dict[str, Any], *, wording: SlackWording
) -> tuple[int, Priority | None, str] | dict[str, str]:
    """(candidate id, priority or None to clear, reason) or {block_id: error}."""
    w = wording.roadmap
    candidate_id = _metadata_id(view)
    chosen = _selected(view, PRIORITY)
    reason = " ".join(_value(view, REASON).split())
    if candidate_id is None:
        return {PRIORITY: w.expired}
    if chosen != CLEAR and chosen not in {p.value for p in Priority}:
        return {PRIORITY: w.missing_priority}
    if not reason:
        return {REASON: w.missing_reason}
    if len(reason) > REASON_MAX:
        return {REASON: w.too_long}
    return candidate_id, None if chosen == CLEAR else Priority(chosen), reason


# --- a root-cause check ---------------------------------------------------------------------


def verdict_value(candidate_id: int, interview_id: int, key: str) -> str:
    """The value of a Check root cause button (and the modal's metadata)."""
    return f"{candidate_id}:{interview_id}:{key}"


def parse_verdict_value(value: str) -> tuple[int, int, str]:
    """(candidate id, interview id, root-cause key); ValueError on garbage."""
    parts = value.split(":", 2) if isinstance(value, str) else []
    if len(parts) != 3 or not QUESTION_KEY.fullmatch(parts[2]):
        raise ValueError(f"not a root-cause value: {value!r}")
    return parse_id(parts[0]), parse_id(parts[1]), parts[2]


def build_verdict_modal(
    value: str, *, cause: str, current: RootCauseStatus | None, wording: SlackWording
) -> Block:
    """Validated, refuted or still a hypothesis, and the evidence a data person found."""
    w = wording.roadmap
    options = [
        option(w.option_validated, RootCauseStatus.VALIDATED.value),
        option(w.option_refuted, RootCauseStatus.REFUTED.value),
        option(w.option_hypothesis, RootCauseStatus.HYPOTHESIS.value),
    ]
    initial = current.value if current is not None else None
    blocks = [
        {"type": "section", "text": {"type": "plain_text", "text": truncate(cause, 2900) or "-"}},
        input_block(
            VERDICT_CHOICE,
            w.verdict_label,
            _radios(VERDICT_CHOICE, options, initial=initial),
        ),
        input_block(
            EVIDENCE,
            w.evidence_label,
            text_input(
                EVIDENCE, most=EVIDENCE_MAX, placeholder=w.evidence_placeholder, multiline=True
            ),
            optional=True,
        ),
    ]
    return _modal(VERDICT_VIEW, w.verdict_title, w.submit, w.close, blocks, value)


def parse_verdict(view: dict[str, Any], *, wording: SlackWording) -> VerdictForm | dict[str, str]:
    """The check, or {block_id: error}: validated and refuted need the evidence."""
    w = wording.roadmap
    try:
        candidate_id, interview_id, key = parse_verdict_value(str(view.get("private_metadata")))
    except ValueError:
        return {VERDICT_CHOICE: w.expired}
    chosen = _selected(view, VERDICT_CHOICE)
    if chosen not in {s.value for s in RootCauseStatus}:
        return {VERDICT_CHOICE: w.missing_verdict}
    status = RootCauseStatus(chosen)
    evidence = _value(view, EVIDENCE)
    if status is not RootCauseStatus.HYPOTHESIS and not evidence:
        return {EVIDENCE: w.missing_evidence}
    if len(evidence) > EVIDENCE_MAX:
        return {EVIDENCE: w.too_long}
    return VerdictForm(candidate_id, interview_id, key, status, evidence or None)
