"""The Slack wording as typed, read-only data: one frozen dataclass per [section] of slack.toml."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from bot.blocks.commands import UsageReason
from bot.blocks.wording_metrics import MetricsWording
from bot.blocks.wording_roadmap import RoadmapWording
from bot.flows.types import Phase


@dataclass(frozen=True)
class Buttons:
    """Button labels."""

    start: str
    not_now: str
    skip: str
    root_cause: str
    pause: str
    resume: str
    looks_right: str
    edit_titles: str
    correct: str
    new_interview: str
    open_summary: str
    continue_interview: str
    snooze_day: str
    snooze_week: str
    decline: str
    still_holds: str
    no_longer_holds: str
    back: str
    use_remark: str


@dataclass(frozen=True)
class Invitation:
    """The invitation to be interviewed."""

    text: str
    note: str
    confidential: str
    shared: str
    live_opening: str
    live_closing: str


@dataclass(frozen=True)
class Prompt:
    """Around each question: the progress line and the notification text."""

    progress: str
    why_progress: str
    fallback: str


@dataclass(frozen=True)
class Phases:
    """The name of each interview phase, for the progress line."""

    intro: str
    goals: str
    journey: str
    obstacles: str
    whys: str
    extras: str
    playback: str
    done: str

    def label(self, phase: Phase) -> str:
        """The label of one phase."""
        return str(getattr(self, phase.value))


@dataclass(frozen=True)
class Summary:
    """Around the summary messages."""

    fallback: str
    fallback_part: str
    confirm: str
    nothing_recorded: str
    nothing_recorded_confirm: str


@dataclass(frozen=True)
class Pick:
    """Asking which interview a DM answers."""

    question: str


@dataclass(frozen=True)
class Home:
    """The App Home tab."""

    intro: str
    facilitating: str
    waiting: str
    past: str
    empty: str
    row: str
    more: str


@dataclass(frozen=True)
class Statuses:
    """The name of each stored interview status."""

    invited: str
    active: str
    paused: str
    finished: str
    cancelled: str
    declined: str
    following_up: str

    def label(self, status: str) -> str | None:
        """The label of a known status, None for any other."""
        known = status in {f.name for f in dataclasses.fields(self)}
        return str(getattr(self, status)) if known else None


@dataclass(frozen=True)
class Form:
    """The new-interview modal."""

    title: str
    submit: str
    close: str
    stakeholder_label: str
    stakeholder_placeholder: str
    purpose_label: str
    purpose_placeholder: str
    mode_label: str
    mode_dm: str
    mode_live: str
    context_label: str
    context_placeholder: str
    confidential_label: str
    confidential_option: str
    missing_stakeholder: str
    unknown_purpose: str
    unknown_mode: str
    context_too_long: str


@dataclass(frozen=True)
class Correct:
    """The correct-an-answer modal."""

    title: str
    submit: str
    close: str
    question_label: str
    question_placeholder: str
    text_label: str
    text_placeholder: str
    nothing_to_correct: str
    missing_question: str
    missing_text: str
    text_too_long: str
    expired: str
    titles_title: str
    titles_intro: str
    titles_label: str
    nothing_to_title: str
    missing_title: str
    title_too_long: str
    option: str
    too_long_to_show: str


@dataclass(frozen=True)
class Usage:
    """The `/interview` help text and why a command was not understood."""

    help: str
    short: str
    unknown_command: str
    extra_words: str
    missing_id: str
    bad_id: str
    missing_person: str
    not_a_person: str
    missing_purpose: str
    unknown_purpose: str
    missing_question: str
    bad_format: str
    bad_channel: str

    def reason(self, reason: UsageReason) -> str:
        """The sentence for one reason."""
        return str(getattr(self, reason.value))


@dataclass(frozen=True)
class Notices:
    """Short ephemeral replies."""

    started: str
    not_allowed: str
    no_such_interview: str
    cancelled: str
    stale_button: str
    not_now: str
    already_not_now: str
    postponed: str
    list_empty: str
    no_open_interview: str
    said_not_now: str
    status_line: str
    summary_sent: str
    not_open: str
    cancelled_for_respondent: str
    cannot_interview: str
    cannot_interview_yourself: str
    invited: str
    live_started: str
    failed: str
    not_finished: str
    follow_up_planned: str
    typed_command: str
    answer_changed: str


@dataclass(frozen=True)
class Reminders:
    """Nudges, snoozes, stalls and the months-later check of pain points."""

    nudge: str
    snoozed_day: str
    snoozed_week: str
    declined: str
    stalled: str
    facilitator_declined: str
    check_intro: str
    check_item: str
    checked: str


@dataclass(frozen=True)
class Digest:
    """Around the weekly digest (its body is prompts/templates/digest.*.j2)."""

    fallback: str
    thread_fallback: str
    chart_title: str
    chart_impact: str
    chart_effort: str
    chart_fallback: str
    metrics_chart_title: str
    metrics_chart_axis: str
    metrics_chart_fallback: str


@dataclass(frozen=True)
class SlackWording:
    """Everything prompts/slack.toml says, one attribute per [section]."""

    button: Buttons
    invitation: Invitation
    prompt: Prompt
    phase: Phases
    summary: Summary
    pick: Pick
    home: Home
    status: Statuses
    form: Form
    correct: Correct
    usage: Usage
    notice: Notices
    reminder: Reminders
    digest: Digest
    roadmap: RoadmapWording
    metrics: MetricsWording


# slack.toml's [section] names, each with the dataclass that holds its texts.
SECTIONS: dict[str, type[Any]] = {
    "button": Buttons,
    "invitation": Invitation,
    "prompt": Prompt,
    "phase": Phases,
    "summary": Summary,
    "pick": Pick,
    "home": Home,
    "status": Statuses,
    "form": Form,
    "correct": Correct,
    "usage": Usage,
    "notice": Notices,
    "reminder": Reminders,
    "digest": Digest,
    "roadmap": RoadmapWording,
    "metrics": MetricsWording,
}
