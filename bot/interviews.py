"""Interview use cases: start one, apply an input, summarise it (flows + storage + scripts).

Each step reads the interview, runs the pure flow and writes the answer, the new cursor and
the derived rows in one transaction, so a crash between two steps loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from bot.flows.engine import begin, step
from bot.flows.inputs import Input
from bot.flows.script import Purpose, Script
from bot.flows.state import FlowState, dump_cursor, load_state
from bot.flows.summarise import build_summary
from bot.flows.summary import InterviewSummary, RootCauseStatus
from bot.flows.types import Say, SayKind
from bot.flows.walk import Recorded
from storage import (
    AnswerChange,
    InterviewRecord,
    InterviewStatus,
    JobSpec,
    NewEvent,
    Outgoing,
    PainRow,
    PersonRecord,
    RootRow,
    Route,
    Storage,
    Structure,
    WhyRow,
    Write,
    verdicts_after,
)

MODES = ("dm", "live", "terminal")


@dataclass(frozen=True)
class Turn:
    """What one step produced: the state after it, what to say, the interview as it was read."""

    interview_id: int
    state: FlowState
    says: tuple[Say, ...]
    status: str
    record: InterviewRecord | None = None
    applied: bool = True
    detour: str | None = None  # set when a routed message went elsewhere (see storage Route)


Guard = Callable[[InterviewRecord, FlowState], bool]
Presenter = Callable[[InterviewRecord, Turn, InterviewSummary | None], Sequence[Outgoing]]
# What a step means for time-based work: jobs to (re)schedule and job keys to cancel.
Scheduler = Callable[[InterviewRecord, Turn], tuple[Sequence[JobSpec], Sequence[str]]]
SUMMARY_KINDS = frozenset({SayKind.PLAYBACK, SayKind.CLOSING})
MEMO_SIZE = 4096  # interviews whose last structure is remembered (then it starts afresh)


def is_structural(key: str) -> bool:
    """Whether an answer shapes the stored goals, obstacles, whys, root causes or pain points:
    the details and extra questions do too (they draft a pain point's roadmap fields), and so
    does a title; notes, remarks and follow-ups do not, so they skip the derived-rows update."""
    name = key.partition(".")[0]
    return name in ("goal", "step", "obstacle", "why", "extra", "title")


def status_of(state: FlowState) -> InterviewStatus:
    """The stored status for a flow state."""
    if state.finished and state.current is None:
        if state.asking is not None:
            return InterviewStatus.FOLLOWING_UP
        return InterviewStatus.FINISHED
    if state.paused:
        return InterviewStatus.PAUSED
    return InterviewStatus.ACTIVE if state.started else InterviewStatus.INVITED


def state_of(record: InterviewRecord) -> FlowState:
    """Rebuild the flow state from a stored interview."""
    answers = {
        key: Recorded(question=a.question, text=a.text, skipped=a.skipped, history=a.history)
        for key, a in record.answers.items()
    }
    return load_state(record.cursor, answers)


class Interviews:
    """The interview use cases over one storage and one set of scripts."""

    def __init__(self, storage: Storage, scripts: Mapping[Purpose, Script]) -> None:
        self.storage = storage
        self.scripts = MappingProxyType(dict(scripts))
        # The structure each interview's last turn stored, to diff the next turn against
        # without summarising its state a second time (see _structure).
        self._structures: dict[int, tuple[tuple[object, ...], FlowState, Structure]] = {}
        self._states: dict[int, FlowState] = {}  # the state each interview's last turn ended in

    def script(self, purpose: str) -> Script:
        """The current script for a purpose (stored answers keep the wording they were asked in)."""
        return self.scripts[Purpose(purpose)]

    async def start(
        self,
        *,
        team_id: int,
        purpose: Purpose,
        facilitator: PersonRecord,
        stakeholder: PersonRecord,
        mode: str,
        confidential: bool = False,
        context_note: str | None = None,
        present: Callable[[InterviewRecord], Sequence[Outgoing]] | None = None,
        schedule: Callable[[InterviewRecord], Sequence[JobSpec]] | None = None,
    ) -> Turn:
        """Create an interview; it shows the intro and waits for Start."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        script = self.scripts[purpose]
        outcome = begin()
        record = await self.storage.create_interview(
            team_id=team_id,
            purpose=purpose.value,
            script_id=purpose.value,
            script_version=script.version,
            facilitator_id=facilitator.id,
            stakeholder_id=stakeholder.id,
            mode=mode,
            status=status_of(outcome.state),
            cursor=dump_cursor(outcome.state),
            confidential=confidential,
            context_note=context_note,
            outbox=present,
            jobs=schedule,
        )
        return Turn(record.id, outcome.state, outcome.says, record.status, record)

    async def apply(
        self,
        interview_id: int | Route[Turn],
        event: Input,
        *,
        team_id: int | None = None,
        source_event_id: str | None = None,
        source_ts: str | None = None,
        inbox_id: int | None = None,
        new_event: NewEvent | None = None,
        guard: Guard | None = None,
        present: Presenter | None = None,
        schedule: Scheduler | None = None,
    ) -> Turn:
        """Apply one input to a stored interview and store the result atomically.

        `guard` can refuse the input after the interview is read and locked (a stale button, the
        wrong person); `present` turns what the flow said into outgoing messages, which are
        stored in the same transaction, as is the completion of the incoming event `inbox_id`.
        """

        def decide(record: InterviewRecord) -> Write[Turn]:
            before = self._same_state(record.id, state_of(record))
            if record.status == "cancelled" or (guard is not None and not guard(record, before)):
                turn = Turn(record.id, before, (), record.status, record, applied=False)
                return Write(record.cursor, record.status, turn)
            script = self.script(record.purpose)
            outcome = step(script, before, event)
            state = outcome.state
            changes = tuple(
                AnswerChange(key, r.question, r.text, r.skipped)
                for key in outcome.changed
                if (r := state.answers.get(key)) is not None
            )
            status = status_of(state)
            summary = None
            if state.roots != before.roots or any(is_structural(c.key) for c in changes):
                summary = self._summarise(record, state)
            turn = Turn(record.id, state, outcome.says, status, record)
            outbox: tuple[Outgoing, ...] = ()
            if present is not None:
                needs_summary = any(s.kind in SUMMARY_KINDS for s in outcome.says)
                if needs_summary and summary is None:
                    summary = self._summarise(record, state)
                outbox = tuple(present(record, turn, summary))
            structure = structure_of(summary) if summary is not None else None
            before_structure = None
            if structure is not None:
                before_structure = self._structure(record, before)
                self._remember(record, state, structure)
            jobs, cancel = schedule(record, turn) if schedule is not None else ((), ())
            self._remember_state(record.id, state)
            return Write(
                dump_cursor(state),
                status,
                turn,
                changes,
                structure,
                outbox,
                jobs=tuple(jobs),
                cancel_jobs=tuple(cancel),
                structure_before=before_structure,
            )

        return await self.storage.update_interview(
            interview_id,
            decide,
            team_id=team_id,
            source_event_id=source_event_id,
            source_ts=source_ts,
            inbox_id=inbox_id,
            new_event=new_event,
        )

    async def summary(self, interview_id: int, *, team_id: int | None = None) -> InterviewSummary:
        """The summary of a stored interview, with root-cause verdicts."""
        record = await self.storage.get_interview(interview_id, team_id=team_id)
        return self._summarise(record, state_of(record))

    def _same_state(self, interview_id: int, state: FlowState) -> FlowState:
        """`state`, or the equal state object the interview's last turn here ended in: the
        path it walked is kept on that object (bot/flows/path.py), so this turn need not walk
        it again. Equality covers everything: a turn that rolled back, or one taken by another
        replica, leaves a state that does not match."""
        known = self._states.get(interview_id)
        return known if known is not None and known == state else state

    def _remember_state(self, interview_id: int, state: FlowState) -> None:
        if len(self._states) >= MEMO_SIZE:
            self._states.clear()
        self._states[interview_id] = state

    def _structure(self, record: InterviewRecord, state: FlowState) -> Structure:
        """The derived rows of `state`: most often the ones the previous turn computed."""
        known = self._structures.get(record.id)
        if known is not None and known[0] == _summary_inputs(record) and known[1] == state:
            return known[2]
        return structure_of(self._summarise(record, state))

    def _remember(self, record: InterviewRecord, state: FlowState, structure: Structure) -> None:
        # A memo of a pure function, keyed by everything it reads: a turn that rolls back, or
        # a change made elsewhere, leaves a key the next read does not match.
        if len(self._structures) >= MEMO_SIZE:
            self._structures.clear()
        # Keyed by the verdicts as the next turn will read them, after this turn's write.
        # (Keyed by the verdicts read before the write, every turn that found a new root cause
        # missed the memo on the next one: 250 of 1,600 turns in bench/turn.py.)
        verdicts = verdicts_after(record.verdicts, (root.key for root in structure.roots))
        after = replace(record, verdicts=verdicts)
        self._structures[record.id] = (_summary_inputs(after), state, structure)

    def summary_of(self, record: InterviewRecord) -> InterviewSummary:
        """The summary of an interview record (stored, or read from a backup)."""
        return self._summarise(record, state_of(record))

    def _summarise(self, record: InterviewRecord, state: FlowState) -> InterviewSummary:
        verdicts = {
            key: (RootCauseStatus(status), evidence)
            for key, (status, evidence) in record.verdicts.items()
        }
        return build_summary(
            self.script(record.purpose),
            state,
            interview_id=record.id,
            stakeholder=record.stakeholder.name,
            facilitator=record.facilitator.name,
            status=status_of(state),
            verdicts=verdicts,
            respondent="stakeholder" if record.mode == "dm" else "facilitator",
        )


def _summary_inputs(record: InterviewRecord) -> tuple[object, ...]:
    """What `_summarise` reads from a record besides the flow state."""
    verdicts = tuple(sorted(record.verdicts.items()))
    people = (record.stakeholder.name, record.facilitator.name)
    return (record.purpose, record.script_version, record.mode, *people, verdicts)


def structure_of(summary: InterviewSummary) -> Structure:
    """The derived rows to store for a summary."""
    whys: list[WhyRow] = []
    for obstacle in summary.obstacles:
        stack = list(obstacle.whys)
        while stack:
            node = stack.pop()
            whys.append(WhyRow(node.key, obstacle.position, node.depth, node.cause))
            stack.extend(node.children)
    roots = [
        RootRow(root.key, obstacle.position, root.text, root.marked_by_stakeholder)
        for obstacle in summary.obstacles
        for root in obstacle.root_causes
    ]
    pains = [
        PainRow(p.key, p.obstacle, p.problem, p.root_cause, p.evidence, p.title, p.drafts)
        for p in summary.pain_points
    ]
    return Structure(
        goals=tuple((g.position, g.text) for g in summary.goals),
        obstacles=tuple((o.position, o.text) for o in summary.obstacles),
        whys=tuple(whys),
        roots=tuple(roots),
        pain_points=tuple(pains),
    )
