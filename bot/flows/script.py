"""The question script of one interview purpose, as plain data (loaded from prompts/scripts)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_WHY_LEVELS = 5


class Purpose(StrEnum):
    """Why an interview is held; each purpose has its own script."""

    OPERATIONS = "operations"
    PAIN_POINTS = "pain_points"
    GOALS_OBSTACLES = "goals_obstacles"
    OPPORTUNITIES = "opportunities"


class Fills(StrEnum):
    """The roadmap field a question's answer drafts (declared in the script: `fills = ...`)."""

    SOLUTION = "solution"
    JUSTIFICATION = "justification"
    TEAMS_AFFECTED = "teams_affected"
    METRIC = "metric"


@dataclass(frozen=True)
class QuestionSpec:
    """A fixed question: `key` is stable across script versions, `text` is the wording, `label`
    names the answer in a summary (instead of repeating the question), `fills` the roadmap field
    the answer drafts."""

    key: str
    text: str
    label: str = ""
    fills: Fills | None = None


@dataclass(frozen=True)
class Section:
    """A repeatable part of the interview (goals, obstacles): one item after another."""

    first: str
    more: str
    details: tuple[QuestionSpec, ...] = ()


@dataclass(frozen=True)
class StepList:
    """A process or customer journey walked step by step: `first` asks for the first step,
    `next` for each following one until the stakeholder skips it (the journey ends); every step
    has the same `details`, and a step whose `pain` detail is answered becomes an obstacle with
    its own five whys."""

    first: str
    next: str
    details: tuple[QuestionSpec, ...]
    pain: str


@dataclass(frozen=True)
class Script:
    """Everything the interview asks for one purpose, in the order it is asked."""

    purpose: Purpose
    version: int
    title: str
    description: str
    intro: str
    goals: Section
    obstacles: Section
    whys: tuple[str, ...]
    extras: tuple[QuestionSpec, ...]
    playback: str
    closing: str
    follow_ups: tuple[QuestionSpec, ...] = ()  # asked by DM some days after the interview
    journey: StepList | None = None  # asked after the goals, before the obstacles
