"""Build an InterviewSummary from a script and a flow state (pure; storage adds statuses)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.flows.drafts import Drafts, drafts_of, title_for
from bot.flows.path import questions
from bot.flows.script import Script
from bot.flows.state import FlowState
from bot.flows.summary import (
    QA,
    GoalView,
    InterviewSummary,
    ObstacleView,
    PainPointView,
    RootCause,
    RootCauseStatus,
    StepView,
    WhyNode,
)
from bot.flows.types import Question
from bot.flows.walk import (
    FOLLOW_UP_PREFIX,
    INTRO_KEY,
    NOTE_PREFIX,
    PLAYBACK_KEY,
    STEP_OBSTACLE,
    Recorded,
    split_causes,
    step_pain,
    why_key,
)

Verdicts = Mapping[str, tuple[RootCauseStatus, str | None]]


def build_summary(
    script: Script,
    state: FlowState,
    *,
    interview_id: int | None,
    stakeholder: str,
    facilitator: str,
    status: str,
    verdicts: Verdicts | None = None,
    respondent: str = "stakeholder",
) -> InterviewSummary:
    """Everything the interview found so far; `verdicts` are root-cause checks by key."""
    asked = {q.key: q for q in questions(script, state)}
    goals = tuple(_items(script, state, asked, "goal"))
    journey = tuple(journey_of(script, state, asked))
    painful = [
        (STEP_OBSTACLE + step.number, step.goes_wrong, (), step.number)
        for step in journey
        if step.goes_wrong
    ]
    found = [(p, t, d, 0) for p, t, d in _raw_items(script, state, asked, "obstacle")]
    obstacles = tuple(
        replace(_obstacle(state, asked, position, text, details, verdicts or {}), step=number)
        for position, text, details, number in (*painful, *found)
    )
    labels = {f"extra.{spec.key}": spec.label for spec in script.extras}
    extras = [
        qa
        for key, q in asked.items()
        if key.startswith("extra.") and (qa := _qa(state, q, labels.get(key, "")))
    ]
    # The reply to the playback (a confirmation or corrections) and remarks outside the script.
    notes = sorted((k for k in state.answers if k.startswith(NOTE_PREFIX)), key=_note_number)
    follow_ups = [k for k in state.answers if k.startswith(FOLLOW_UP_PREFIX)]
    for key in (INTRO_KEY, PLAYBACK_KEY, *notes, *follow_ups):
        # A remark taken back, or moved onto a question as its answer, is no longer a note.
        if key in state.answers and not state.answers[key].skipped:
            record = state.answers[key]
            extras.append(QA(key=key, question=record.question, answer=record.text))
    # Skipping "what goes wrong" at a step says nothing does: not a question left unanswered.
    pain = f".{script.journey.pain}" if script.journey is not None else None
    skipped = tuple(
        q.text
        for key, q in asked.items()
        if key in state.answers
        and state.answers[key].skipped
        and not _is_more(key)
        and not (pain and key.startswith("step.") and key.endswith(pain))
    )
    return InterviewSummary(
        interview_id=interview_id,
        purpose=script.purpose.value,
        script_title=script.title,
        script_version=script.version,
        stakeholder=stakeholder,
        facilitator=facilitator,
        status=status,
        goals=goals,
        obstacles=obstacles,
        extras=tuple(extras),
        pain_points=tuple(_pain_points(obstacles, state, drafts_of(script, state, asked))),
        skipped=skipped,
        script_description=script.description,
        journey=journey,
        respondent=respondent,
    )


def _qa(state: FlowState, question: Question, label: str = "") -> QA | None:
    record = state.answers.get(question.key)
    if record is None or question.key == PLAYBACK_KEY:
        return None
    return QA(question.key, record.question, record.text, record.skipped, label)


def _raw_items(
    script: Script, state: FlowState, asked: Mapping[str, Question], name: str
) -> list[tuple[int, str, tuple[QA, ...]]]:
    section = script.goals if name == "goal" else script.obstacles
    items = []
    for position in range(1, len(asked) + 1):
        record = state.answers.get(f"{name}.{position}")
        if f"{name}.{position}" not in asked or record is None or record.skipped:
            break
        details = (
            _qa(state, asked[f"{name}.{position}.{s.key}"], s.label)
            for s in section.details
            if f"{name}.{position}.{s.key}" in asked
        )
        items.append((position, record.text, tuple(d for d in details if d is not None)))
    return items


def _items(
    script: Script, state: FlowState, asked: Mapping[str, Question], name: str
) -> list[GoalView]:
    return [GoalView(p, t, d) for p, t, d in _raw_items(script, state, asked, name)]


def _obstacle(
    state: FlowState,
    asked: Mapping[str, Question],
    position: int,
    text: str,
    details: tuple[QA, ...],
    verdicts: Verdicts,
) -> ObstacleView:
    key = why_key(position, ())
    if key in state.roots:
        # The stakeholder said the obstacle itself is the root cause.
        root = _root(key, text, True, verdicts)
        return ObstacleView(position, text, details, (), (root,))
    whys = _children(state, asked, key, 1)
    roots: list[RootCause] = []
    for node in whys:
        _collect_roots(node, roots, verdicts)
    return ObstacleView(position, text, details, whys, tuple(roots))


def _children(
    state: FlowState, asked: Mapping[str, Question], key: str, depth: int
) -> tuple[WhyNode, ...]:
    """The causes named in the answer to why question `key`."""
    record = state.answers.get(key)
    if key not in asked or record is None or record.skipped:
        return ()
    nodes = []
    for index, cause in enumerate(split_causes(record.text), start=1):
        child = f"{key}.{index}"
        marked = child in state.roots
        below = () if marked else _children(state, asked, child, depth + 1)
        is_root = marked or not below
        nodes.append(WhyNode(child, depth, cause, is_root, marked, below))
    return tuple(nodes)


def _collect_roots(node: WhyNode, out: list[RootCause], verdicts: Verdicts) -> None:
    if node.is_root:
        out.append(_root(node.key, node.cause, node.marked_by_stakeholder, verdicts))
    for child in node.children:
        _collect_roots(child, out, verdicts)


def _root(key: str, text: str, marked: bool, verdicts: Verdicts) -> RootCause:
    status, evidence = verdicts.get(key, (RootCauseStatus.HYPOTHESIS, None))
    return RootCause(key, text, status, evidence, marked)


def journey_of(script: Script, state: FlowState, asked: Mapping[str, Question]) -> list[StepView]:
    """The journey's steps as walked, in order, each with what goes wrong there."""
    journey = script.journey
    if journey is None:
        return []
    steps = []
    for number in range(1, len(asked) + 1):
        key = f"step.{number}"
        record = state.answers.get(key)
        if key not in asked or record is None or record.skipped:
            break
        details = tuple(
            qa
            for spec in journey.details
            if spec.key != journey.pain
            and f"{key}.{spec.key}" in asked
            and (qa := _qa(state, asked[f"{key}.{spec.key}"], spec.label)) is not None
        )
        pain = step_pain(journey, state.answers, number) or ""
        steps.append(StepView(number, record.text, details, pain))
    return steps


def _pain_points(
    obstacles: tuple[ObstacleView, ...], state: FlowState, drafts: Mapping[int, Drafts]
) -> list[PainPointView]:
    points = []
    for obstacle in obstacles:
        # A step that goes wrong has no obstacle answer: what goes wrong there is its words.
        own_words = state.answers.get(f"obstacle.{obstacle.position}") or Recorded(
            question="", text=obstacle.text
        )
        title = title_for(state, obstacle.position, obstacle.text)
        mine = drafts.get(obstacle.position, ())
        if not obstacle.root_causes:
            key = f"obstacle.{obstacle.position}"
            points.append(
                PainPointView(
                    obstacle.text, "", own_words.text, key, obstacle.position, title, mine
                )
            )
        for root in obstacle.root_causes:
            # The evidence is the answer in which the stakeholder named this root cause.
            source = state.answers.get(root.key.rsplit(".", 1)[0]) or own_words
            points.append(
                PainPointView(
                    obstacle.text, root.text, source.text, root.key, obstacle.position, title, mine
                )
            )
    return points


def _note_number(key: str) -> int:
    return int(key.removeprefix(NOTE_PREFIX))


def _is_more(key: str) -> bool:
    """A skipped 'another one?' question means 'no more', not a question left unanswered."""
    name, _, position = key.partition(".")
    return name in ("goal", "obstacle", "step") and position.isdigit() and position != "1"
