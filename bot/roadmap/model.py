"""The roadmap's vocabulary: T-shirt sizes, impact kinds, statuses, priorities and a candidate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import TypeVar

from bot.flows.summary import RootCauseStatus
from bot.flows.titles import TITLE_MAX as TITLE_MAX
from bot.flows.titles import title_of
from bot.metrics.check import MetricDraft


class Size(StrEnum):
    """T-shirt effort, as the engineers who would build it size it."""

    XS = "XS"
    S = "S"
    M = "M"
    L = "L"
    XL = "XL"


class ImpactKind(StrEnum):
    """What a candidate moves when it is done."""

    CUSTOMER_EXPERIENCE = "customer_experience"
    REVENUE = "revenue"
    COST = "cost"
    RISK = "risk"
    EFFICIENCY = "efficiency"

    @property
    def label(self) -> str:
        """How the sheet and Slack write it: `customer experience`."""
        return self.value.replace("_", " ")


class Status(StrEnum):
    """Where a candidate stands; `merged` ones live on only to make a merge undoable."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    SHIPPED = "shipped"  # its stakeholders are asked whether it fixed their pain point
    DONE = "done"
    REJECTED = "rejected"
    MERGED = "merged"

    @property
    def label(self) -> str:
        """How the sheet and Slack write it: `in progress`."""
        return self.value.replace("_", " ")


EDITABLE_STATUSES = tuple(s for s in Status if s is not Status.MERGED)
"""The statuses a person may set (merged is set by merging)."""

PLANNED_STATUSES = frozenset({Status.PROPOSED, Status.ACCEPTED, Status.IN_PROGRESS})
"""Candidates that still need capacity."""


class Priority(StrEnum):
    """P1 first."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"

    @property
    def rank(self) -> int:
        """1, 2 or 3."""
        return int(self.value[1])


IMPACT_RANGE = range(1, 6)
REASON_MAX = 500
"""Longest override reason (the table keeps 500 characters)."""
NOTE_MAX = 2000
"""Longest sizing note."""
HORIZONS = (1, 2, 3)
E = TypeVar("E", bound=StrEnum)


def parse_enum(kind: type[E], text: str) -> E:
    """A member from its value or label in any case (`In progress`, `in_progress`); ValueError."""
    wanted = " ".join(text.strip().replace("_", " ").replace("-", " ").split()).casefold()
    for member in kind:
        if member.value.replace("_", " ").casefold() == wanted:
            return member
    raise ValueError(f"not a {kind.__name__}: {text!r}")


@dataclass(frozen=True)
class Evidence:
    """One pain point behind a candidate: who said it, in which words, and its root-cause check."""

    pain_point_id: int
    interview_id: int
    key: str
    problem: str
    root_cause: str
    quote: str
    stakeholder_id: int
    stakeholder: str
    department: str | None = None
    stakeholder_slack_id: str | None = None
    facilitator_slack_id: str | None = None
    verdict: RootCauseStatus | None = None  # None: the why chain found no root cause
    verdict_evidence: str | None = None
    still_holds: bool | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True)
class Candidate:
    """A roadmap candidate: the sheet's columns, and the pain points it comes from."""

    id: int
    team_id: int
    problem: str
    root_cause: str
    title: str = ""  # what every list shows; proposed at the playback, edited on the card
    solution: str = ""
    justification: str = ""
    teams_affected: str = ""
    impact_kind: ImpactKind | None = None
    impact: int | None = None
    effort: Size | None = None
    effort_note: str | None = None
    sized_by: str | None = None
    sized_at: datetime | None = None
    metric: str | None = None
    baseline: str | None = None
    target: str | None = None
    deadline: date | None = None
    priority_override: Priority | None = None
    override_reason: str | None = None
    override_by: str | None = None
    horizon_pin: int | None = None
    status: Status = Status.PROPOSED
    drafts: frozenset[str] = frozenset()  # fields drafted from the interview, not yet confirmed
    merged_into: int | None = None
    evidence: tuple[Evidence, ...] = ()
    updated_at: datetime | None = None
    confidential: int = 0  # confidential pain points their stakeholders linked: counted, unnamed

    def __post_init__(self) -> None:
        # A candidate stored before titles were (or made in a test) shows its problem's first
        # sentence, so every list always has a short label.
        if not self.title.strip():
            object.__setattr__(self, "title", title_of(self.problem))

    @property
    def stakeholders(self) -> tuple[Evidence, ...]:
        """One evidence row per distinct stakeholder still affected, by name."""
        seen: dict[int, Evidence] = {}
        for item in self.evidence:
            if item.still_holds is not False:
                seen.setdefault(item.stakeholder_id, item)
        return tuple(
            sorted(seen.values(), key=lambda e: (e.stakeholder.casefold(), e.stakeholder_id))
        )

    @property
    def reach(self) -> int:
        """Distinct stakeholders who raised it (and have not said it stopped hurting), and the
        confidential pain points linked to it (a count: never a name)."""
        return len(self.stakeholders) + self.confidential

    @property
    def confidence(self) -> RootCauseStatus:
        """The best check of its root causes: one validated cause is enough to be confident."""
        verdicts = {e.verdict for e in self.evidence if e.verdict is not None}
        for status in (RootCauseStatus.VALIDATED, RootCauseStatus.HYPOTHESIS):
            if status in verdicts:
                return status
        return RootCauseStatus.REFUTED if verdicts else RootCauseStatus.HYPOTHESIS


CANDIDATE_ENUMS: Mapping[str, Callable[[str], Enum]] = {
    "impact_kind": ImpactKind,
    "effort": Size,
    "priority_override": Priority,
    "status": Status,
}
"""Candidate's fields that storage keeps as their enum's value (read back by name)."""


@dataclass(frozen=True)
class ImpactForm:
    """What the impact and metric modal asks for, read and checked."""

    impact_kind: ImpactKind
    impact: int
    metric: str
    baseline: str
    target: str
    deadline: date | None
    solution: str | None = None
    justification: str | None = None
    first_metric: MetricDraft | None = None  # the metric to track, when the form gives one


@dataclass(frozen=True)
class VerdictForm:
    """A root cause marked validated, refuted or back to a hypothesis, with the evidence."""

    candidate_id: int
    interview_id: int
    key: str
    status: RootCauseStatus
    evidence: str | None


@dataclass(frozen=True)
class Suggestion:
    """A likely duplicate: `candidate` (newer) looks like `other` (older), `score` out of 100."""

    id: int
    candidate: Candidate
    other: Candidate
    score: float


@dataclass(frozen=True)
class Merge:
    """One merge that can be undone: `merged_id` went into `kept_id`."""

    id: int
    kept_id: int
    merged_id: int
    merged_by: str


@dataclass(frozen=True)
class SizingRequest:
    """An engineer asked to size a candidate, and their answer once given."""

    id: int
    candidate_id: int
    engineer: str
    requested_by: str
    size: Size | None = None
    note: str | None = None
    confidence: str | None = None  # low, medium or high, as the engineer said
    request_note: str | None = None  # what whoever asked wrote to the engineer
    status: str = "pending"
