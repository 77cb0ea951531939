"""What a stakeholder (or a facilitator taking notes) can do at any point of an interview."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """Begin the interview after the intro (or show the current question again)."""


@dataclass(frozen=True)
class Answer:
    """Free text answering the current question; bullet lines in a why answer are several causes."""

    text: str


@dataclass(frozen=True)
class Skip:
    """Leave the current question unanswered; on a 'more' question it ends that section."""


@dataclass(frozen=True)
class Back:
    """Go back to the question before the current one and answer it again."""


@dataclass(frozen=True)
class RootCause:
    """The cause being asked about is the root cause; with text, the answer's causes are roots."""

    text: str | None = None


@dataclass(frozen=True)
class Pause:
    """Stop for now; nothing is asked until the interview is resumed."""


@dataclass(frozen=True)
class Resume:
    """Continue a paused interview where it stopped."""


@dataclass(frozen=True)
class Edit:
    """Answer an earlier question again, named by its key (for example `goal.1`)."""

    key: str


@dataclass(frozen=True)
class Revise:
    """Replace an earlier answer in place (the stakeholder edited their message); no jump."""

    key: str
    text: str


@dataclass(frozen=True)
class Retract:
    """Withdraw an earlier answer (the stakeholder deleted their message); it is asked again."""

    key: str


@dataclass(frozen=True)
class Confirm:
    """At the playback: the summary is right; `text` (the button's words) is kept as the reply."""

    text: str = ""


@dataclass(frozen=True)
class Retitle:
    """At the playback: give pain point number `obstacle` (as the summary numbers them) this
    title; the proposed titles are kept unless one is changed."""

    obstacle: int
    text: str


@dataclass(frozen=True)
class UseRemark:
    """Answer the question on screen with the message kept as a remark while it was paused."""


@dataclass(frozen=True)
class Ask:
    """After the interview: ask one follow-up question; the next answer is kept under `key`."""

    key: str
    text: str


Input = (
    Start
    | Answer
    | Skip
    | Back
    | RootCause
    | Pause
    | Resume
    | Edit
    | Revise
    | Retract
    | Confirm
    | UseRemark
    | Ask
    | Retitle
)
