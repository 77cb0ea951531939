"""The summary of one interview as plain data: what the templates in prompts/templates render."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.flows.walk import PLAYBACK_KEY


class RootCauseStatus(StrEnum):
    """A stakeholder's root cause is a hypothesis until a data person checks it."""

    HYPOTHESIS = "hypothesis"
    VALIDATED = "validated"
    REFUTED = "refuted"


@dataclass(frozen=True)
class QA:
    """One question as it was asked and the answer given (`skipped` when there was none)."""

    key: str
    question: str
    answer: str
    skipped: bool = False
    label: str = ""  # what the answer is, in a word or two; the question is shown without one

    @property
    def heading(self) -> str:
        """What a summary shows before the answer: the label, or the question as asked."""
        return self.label or self.question


@dataclass(frozen=True)
class WhyNode:
    """One cause in a why chain; `children` are the causes of this cause."""

    key: str
    depth: int
    cause: str
    is_root: bool
    marked_by_stakeholder: bool
    children: tuple[WhyNode, ...] = ()


@dataclass(frozen=True)
class RootCause:
    """A leaf of a why chain: the stakeholder's hypothesis of what is really behind an obstacle."""

    key: str
    text: str
    status: RootCauseStatus = RootCauseStatus.HYPOTHESIS
    evidence: str | None = None
    marked_by_stakeholder: bool = False


@dataclass(frozen=True)
class GoalView:
    """A business goal with its follow-up answers (for example how it is measured)."""

    position: int
    text: str
    details: tuple[QA, ...] = ()


@dataclass(frozen=True)
class ObstacleView:
    """An obstacle with its follow-up answers, its why chain and the root causes it ends in."""

    position: int
    text: str
    details: tuple[QA, ...] = ()
    whys: tuple[WhyNode, ...] = ()
    root_causes: tuple[RootCause, ...] = ()
    step: int = 0  # the journey step that goes wrong, for an obstacle found while walking it


@dataclass(frozen=True)
class StepView:
    """One step of the journey walked: what happens, its details (who, tool, hand-over), and
    what goes wrong there (empty when nothing does)."""

    number: int
    text: str
    details: tuple[QA, ...] = ()
    goes_wrong: str = ""


@dataclass(frozen=True)
class PainPointView:
    """What hurts, why, and the stakeholder's own words as evidence."""

    problem: str
    root_cause: str
    evidence: str
    key: str = ""  # the root cause's key, or obstacle.N when the chain found none
    obstacle: int = 0
    title: str = ""
    drafts: tuple[tuple[str, str], ...] = ()  # (roadmap field, text drafted from an answer)


@dataclass(frozen=True)
class ProblemView:
    """One obstacle as a person reads it: its title and every root cause its why chain found
    (storage keeps one pain point per root cause; a summary shows them together)."""

    obstacle: int
    title: str
    problem: str
    root_causes: tuple[str, ...]
    number: int = 0  # its number in the summary (what `:title N` and the modal name)


@dataclass(frozen=True)
class InterviewSummary:
    """Everything an interview found, ready to render."""

    interview_id: int | None
    purpose: str
    script_title: str
    script_version: int
    stakeholder: str
    facilitator: str
    status: str
    goals: tuple[GoalView, ...] = ()
    obstacles: tuple[ObstacleView, ...] = ()
    extras: tuple[QA, ...] = ()
    pain_points: tuple[PainPointView, ...] = ()
    skipped: tuple[str, ...] = field(default=())
    # Who answered (and so marked root causes): the stakeholder by DM, or the facilitator
    # taking notes (live in Slack, or in the terminal).
    respondent: str = "stakeholder"
    script_description: str = ""
    journey: tuple[StepView, ...] = ()

    @property
    def problems(self) -> tuple[ProblemView, ...]:
        """The pain points grouped by obstacle: two causes of one obstacle are one problem."""
        grouped: dict[int, ProblemView] = {}
        for point in self.pain_points:
            seen = grouped.get(point.obstacle)
            causes = (point.root_cause,) if point.root_cause.strip() else ()
            if seen is None:
                grouped[point.obstacle] = ProblemView(
                    point.obstacle, point.title, point.problem, causes, len(grouped) + 1
                )
            else:
                grouped[point.obstacle] = ProblemView(
                    seen.obstacle, seen.title, seen.problem, seen.root_causes + causes, seen.number
                )
        return tuple(grouped.values())

    @property
    def main_goal(self) -> str:
        """The first goal named, or empty."""
        return self.goals[0].text if self.goals else ""

    @property
    def recorded_nothing(self) -> bool:
        """Every question was skipped: there is nothing to play back or count as an interview."""
        answered = [q for q in self.extras if not q.skipped and q.key != PLAYBACK_KEY]
        return not self.goals and not self.journey and not self.obstacles and not answered
