"""The new-interview and correct-an-answer modals, and readers of what was submitted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.blocks import ids, limits
from bot.blocks.elements import (
    Block,
    choice,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)
from bot.blocks.text import USER_ID, fill, inline
from bot.blocks.values import QUESTION_KEY, entry, parse_id, selected, view_values
from bot.blocks.wording import SlackWording, load_slack_wording
from bot.flows.script import Purpose

CONTEXT_MAX = 2000
"""Longest context note: the interview table keeps 2,000 characters."""

ANSWER_MAX = limits.TEXT_INPUT_MAX
"""Longest corrected answer a modal can take (Slack's limit for a text input)."""

_PURPOSES = frozenset(p.value for p in Purpose)


@dataclass(frozen=True)
class NewInterviewForm:
    """What the new-interview modal asked for, checked."""

    stakeholder_id: str
    purpose: Purpose
    mode: Literal["dm", "live"]
    context_note: str | None
    confidential: bool


def build_new_interview_modal(
    *,
    purposes: list[tuple[str, str]],
    wording: SlackWording,
    initial_stakeholder: str | None = None,
    private_metadata: str = "",
) -> Block:
    """The new-interview modal (views.open); `purposes` are (value, title) pairs."""
    if not purposes:
        raise ValueError("the new-interview modal needs at least one purpose")
    form = wording.form
    stakeholder: Block = {
        "type": "users_select",
        "action_id": ids.STAKEHOLDER,
        "placeholder": plain(form.stakeholder_placeholder),
    }
    if initial_stakeholder is not None and USER_ID.fullmatch(initial_stakeholder):
        stakeholder["initial_user"] = initial_stakeholder
    dm = option(form.mode_dm, ids.MODE_DM)
    purpose_options = [
        option(inline(title), value) for value, title in purposes[: limits.SELECT_OPTIONS]
    ]
    context_note = text_input(
        ids.CONTEXT, most=CONTEXT_MAX, placeholder=form.context_placeholder, multiline=True
    )
    blocks = [
        input_block(ids.STAKEHOLDER, form.stakeholder_label, stakeholder),
        input_block(
            ids.PURPOSE,
            form.purpose_label,
            choice(
                "static_select",
                ids.PURPOSE,
                purpose_options,
                placeholder=form.purpose_placeholder,
            ),
        ),
        input_block(
            ids.MODE,
            form.mode_label,
            choice(
                "radio_buttons",
                ids.MODE,
                [dm, option(form.mode_live, ids.MODE_LIVE)],
                initial=ids.MODE_DM,
            ),
        ),
        input_block(ids.CONTEXT, form.context_label, context_note, optional=True),
        input_block(
            ids.CONFIDENTIAL,
            form.confidential_label,
            {
                "type": "checkboxes",
                "action_id": ids.CONFIDENTIAL,
                "options": [option(form.confidential_option, ids.CONFIDENTIAL_YES)],
            },
            optional=True,
        ),
    ]
    return modal(
        ids.NEW_INTERVIEW_VIEW,
        title=form.title,
        submit=form.submit,
        close=form.close,
        blocks=blocks,
        metadata=private_metadata,
    )


def parse_new_interview(
    state_values: dict[str, Any], *, wording: SlackWording | None = None
) -> NewInterviewForm | dict[str, str]:
    """The form from `view.state.values`, or {block_id: error} for ack(response_action="errors")."""
    form = (wording or load_slack_wording()).form
    errors: dict[str, str] = {}
    user = entry(state_values, ids.STAKEHOLDER).get("selected_user")
    if not isinstance(user, str) or not USER_ID.fullmatch(user):
        errors[ids.STAKEHOLDER] = form.missing_stakeholder
    purpose = selected(entry(state_values, ids.PURPOSE))
    if purpose not in _PURPOSES:
        errors[ids.PURPOSE] = form.unknown_purpose
    mode = selected(entry(state_values, ids.MODE))
    if mode != ids.MODE_DM and mode != ids.MODE_LIVE:
        errors[ids.MODE] = form.unknown_mode
    note = entry(state_values, ids.CONTEXT).get("value")
    note = note.strip() if isinstance(note, str) else ""
    if len(note) > CONTEXT_MAX:
        errors[ids.CONTEXT] = fill(form.context_too_long, max=CONTEXT_MAX)
    chosen = entry(state_values, ids.CONFIDENTIAL).get("selected_options")
    confidential = isinstance(chosen, list) and any(
        isinstance(o, dict) and o.get("value") == ids.CONFIDENTIAL_YES for o in chosen
    )
    if errors:
        return errors
    assert isinstance(user, str) and purpose is not None  # checked above; tells mypy
    return NewInterviewForm(
        stakeholder_id=user,
        purpose=Purpose(purpose),
        mode="dm" if mode == ids.MODE_DM else "live",
        context_note=note or None,
        confidential=confidential,
    )


def build_correct_modal(
    *, interview_id: int, questions: list[tuple[str, str]], wording: SlackWording
) -> Block:
    """Pick an answered question, (key, text) pairs in order, and type its new answer."""
    correct = wording.correct
    metadata = str(interview_id)
    if not questions:
        blocks = [section(correct.nothing_to_correct)]
        return modal(
            ids.CORRECT_VIEW,
            title=correct.title,
            close=correct.close,
            blocks=blocks,
            metadata=metadata,
        )
    # A select holds 100 options: the latest answers are the likeliest to need a correction.
    latest = questions[-limits.SELECT_OPTIONS :]
    answers = [option(inline(text), key) for key, text in latest]
    new_text = text_input(
        ids.CORRECT_TEXT, most=ANSWER_MAX, placeholder=correct.text_placeholder, multiline=True
    )
    blocks = [
        input_block(
            ids.CORRECT_QUESTION,
            correct.question_label,
            choice(
                "static_select",
                ids.CORRECT_QUESTION,
                answers,
                placeholder=correct.question_placeholder,
            ),
        ),
        input_block(ids.CORRECT_TEXT, correct.text_label, new_text),
    ]
    return modal(
        ids.CORRECT_VIEW,
        title=correct.title,
        submit=correct.submit,
        close=correct.close,
        blocks=blocks,
        metadata=metadata,
    )


def parse_correct(
    view: dict[str, Any], *, wording: SlackWording | None = None
) -> tuple[int, str, str] | dict[str, str]:
    """(interview id, question key, new answer) from the submitted view, or {block_id: error}."""
    correct = (wording or load_slack_wording()).correct
    view = view if isinstance(view, dict) else {}
    values = view_values(view)
    errors: dict[str, str] = {}
    key = selected(entry(values, ids.CORRECT_QUESTION))
    if key is None or not QUESTION_KEY.fullmatch(key):
        errors[ids.CORRECT_QUESTION] = correct.missing_question
    interview_id = 0
    try:
        interview_id = parse_id(view.get("private_metadata", ""))
    except ValueError:
        errors[ids.CORRECT_QUESTION] = correct.expired
    text = entry(values, ids.CORRECT_TEXT).get("value")
    if not isinstance(text, str) or not text.strip():
        errors[ids.CORRECT_TEXT] = correct.missing_text
    elif len(text) > ANSWER_MAX:
        errors[ids.CORRECT_TEXT] = fill(correct.text_too_long, max=ANSWER_MAX)
    if errors:
        return errors
    assert key is not None and isinstance(text, str)  # checked above; tells mypy
    return interview_id, key, text
