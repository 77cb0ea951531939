"""Inputs, questions and replies of the interview state machine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    """Where an interview stands; the order is the order of the method."""

    INTRO = "intro"
    GOALS = "goals"
    JOURNEY = "journey"
    OBSTACLES = "obstacles"
    WHYS = "whys"
    EXTRAS = "extras"
    PLAYBACK = "playback"
    DONE = "done"


@dataclass(frozen=True)
class Question:
    """A question as asked: `key` names its place, `subject` is the user text it asks about."""

    key: str
    phase: Phase
    text: str
    subject: str | None = None
    depth: int = 0
    branch: int = 0  # for a why about the 2nd, 3rd... cause named in one answer: its number
    next_cause: str | None = None  # for the first of several causes: the one asked about next


@dataclass(frozen=True)
class Progress:
    """How far the interview is: questions answered so far (not skipped), and the phase."""

    answered: int
    phase: Phase
    why: int = 0  # during the five whys: which why this is (why 3 of 5)
    whys: int = 0  # how many whys there are at most


class SayKind(StrEnum):
    """What the bot says; wording lives in prompts/ (scripts and messages.toml)."""

    INTRO = "intro"
    QUESTION = "question"
    BLANK_ANSWER = "blank_answer"
    PAUSED = "paused"
    RESUMED = "resumed"
    STILL_PAUSED = "still_paused"
    NOT_PAUSED = "not_paused"
    NOTHING_BEFORE = "nothing_before"
    UNKNOWN_QUESTION = "unknown_question"
    NOT_A_WHY = "not_a_why"
    PLAYBACK = "playback"
    CLOSING = "closing"
    ALREADY_FINISHED = "already_finished"
    REVISED = "revised"
    RETRACTED = "retracted"
    NOTED = "noted"
    HELD_AS_REMARK = "held_as_remark"
    NOTHING_HELD = "nothing_held"
    CORRECTION_REQUESTED = "correction_requested"
    NOT_AT_PLAYBACK = "not_at_playback"
    TITLE_SET = "title_set"
    BAD_TITLE = "bad_title"


@dataclass(frozen=True)
class Say:
    """One reply to show; `question` is set for QUESTION (and names the re-asked one otherwise)."""

    kind: SayKind
    question: Question | None = None
    progress: Progress | None = None
