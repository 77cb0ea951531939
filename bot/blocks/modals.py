"""The new-interview and correct-an-answer modals, and readers of what was submitted."""

from __future__ import annotations

from collections.abc import Mapping
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
from bot.blocks.limits import truncate
from bot.blocks.text import USER_ID, Mrkdwn, fill, inline
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


QUESTION_PREVIEW = 40
"""Characters of a question in the list of answers; the rest of the option shows the answer."""


def correct_text_block(chosen: str | None) -> str:
    """The block_id of the answer input: a new one per picked question, because Slack keeps what
    an input holds across views.update unless its block_id changes (and so would not pre-fill)."""
    return ids.CORRECT_TEXT if chosen is None else f"{ids.CORRECT_TEXT}.{chosen}"


def build_correct_modal(
    *,
    interview_id: int,
    questions: list[tuple[str, str]],
    wording: SlackWording,
    answers: Mapping[str, str] | None = None,
    chosen: str | None = None,
) -> Block:
    """Pick an answered question, (key, text) pairs in order, each shown with a preview of its
    answer in `answers`, and type its new answer (pre-filled with the `chosen` one's)."""
    correct = wording.correct
    answers = answers or {}
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
    options = [option(_choice_text(text, answers.get(key), wording), key) for key, text in latest]
    if chosen not in {key for key, _ in latest}:
        chosen = None
    now = answers.get(chosen, "") if chosen is not None else ""
    # A cut answer saved unchanged would lose its end: too long an answer is not pre-filled.
    fits = len(now) <= ANSWER_MAX
    new_text = text_input(
        ids.CORRECT_TEXT,
        most=ANSWER_MAX,
        initial=now if now and fits else None,
        placeholder=correct.text_placeholder if fits else correct.too_long_to_show,
        multiline=True,
    )
    pick = input_block(
        ids.CORRECT_QUESTION,
        correct.question_label,
        choice(
            "static_select",
            ids.CORRECT_QUESTION,
            options,
            initial=chosen,
            placeholder=correct.question_placeholder,
        ),
    )
    pick["dispatch_action"] = True  # picking a question fills in its answer (views.update)
    blocks = [pick, input_block(correct_text_block(chosen), correct.text_label, new_text)]
    return modal(
        ids.CORRECT_VIEW,
        title=correct.title,
        submit=correct.submit,
        close=correct.close,
        blocks=blocks,
        metadata=metadata,
    )


def _choice_text(question: str, answer: str | None, wording: SlackWording) -> str:
    """A question with the start of its answer, so two alike questions can be told apart."""
    if answer is None:
        return inline(question)
    short = Mrkdwn(truncate(inline(question), QUESTION_PREVIEW))
    return fill(wording.correct.option, question=short, answer=answer)


def parse_correct_pick(view: dict[str, Any], action: dict[str, Any]) -> tuple[int, str] | None:
    """(interview id, question key) when a question was picked in the correct modal, else None."""
    view = view if isinstance(view, dict) else {}
    key = selected(action if isinstance(action, dict) else {})
    if key is None or not QUESTION_KEY.fullmatch(key):
        return None
    try:
        return parse_id(view.get("private_metadata", "")), key
    except ValueError:
        return None


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
    block = _text_block(values)
    holder = values.get(block) if isinstance(values, dict) else None
    found = holder.get(ids.CORRECT_TEXT) if isinstance(holder, dict) else None
    text = found.get("value") if isinstance(found, dict) else None
    if not isinstance(text, str) or not text.strip():
        errors[block] = correct.missing_text
    elif len(text) > ANSWER_MAX:
        errors[block] = fill(correct.text_too_long, max=ANSWER_MAX)
    if errors:
        return errors
    assert key is not None and isinstance(text, str)  # checked above; tells mypy
    return interview_id, key, text


def _text_block(values: object) -> str:
    """The block_id the answer input has in this view (see `correct_text_block`)."""
    blocks = values if isinstance(values, dict) else {}
    prefix = ids.CORRECT_TEXT + "."
    return next(
        (b for b in blocks if isinstance(b, str) and b.startswith(prefix)), ids.CORRECT_TEXT
    )
