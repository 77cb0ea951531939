"""What an interview's answers propose for the roadmap: each pain point's title, and the fields
its answers draft (declared in the script with `fills`). Pure; a person confirms them later."""

from __future__ import annotations

from collections.abc import Mapping

from bot.flows.script import Fills, QuestionSpec, Script
from bot.flows.state import FlowState
from bot.flows.titles import title_of
from bot.flows.types import Question
from bot.flows.walk import STEP_OBSTACLE, TITLE_PREFIX, step_pain

Drafts = tuple[tuple[str, str], ...]
"""(roadmap field, drafted text) pairs, in the order of `Fills`."""


def title_key(obstacle: int) -> str:
    """Where the stakeholder's own title for obstacle `obstacle` is kept among the answers."""
    return f"{TITLE_PREFIX}{obstacle}"


def title_for(state: FlowState, obstacle: int, text: str) -> str:
    """The obstacle's title: the one kept or edited at the playback, else one proposed from
    its first sentence."""
    record = state.answers.get(title_key(obstacle))
    if record is not None and not record.skipped and record.text.strip():
        return " ".join(record.text.split())
    return title_of(text)


def drafts_of(script: Script, state: FlowState, asked: Mapping[str, Question]) -> dict[int, Drafts]:
    """For every obstacle answered, the roadmap fields drafted from what was said: its own
    details, and the goals' and extra questions' answers (those speak for the whole interview)."""
    shared = [
        *_answers(state, asked, "goal.1", script.goals.details),
        *_answers(state, asked, "extra", script.extras),
    ]
    out: dict[int, Drafts] = {}
    for key in asked:
        name, _, position = key.partition(".")
        if name != "obstacle" or not position.isdigit():
            continue
        record = state.answers.get(key)
        if record is None or record.skipped:
            continue
        own = _answers(state, asked, key, script.obstacles.details)
        out[int(position)] = _fields([*own, *shared])
    journey = script.journey
    if journey is None:
        return out
    for key in asked:
        name, _, number = key.partition(".")
        if name == "step" and number.isdigit() and step_pain(journey, state.answers, int(number)):
            own = _answers(state, asked, key, journey.details)
            out[STEP_OBSTACLE + int(number)] = _fields([*own, *shared])
    return out


def problem_positions(
    asked: Mapping[str, Question], state: FlowState, pain: str | None
) -> list[int]:
    """The obstacles' positions in the order a summary numbers its pain points: the journey's
    painful steps as walked, then the obstacles asked for on their own."""
    steps, found = [], []
    for key in asked:
        name, _, rest = key.partition(".")
        record = state.answers.get(key)
        if record is None or record.skipped or not record.text.strip():
            continue
        if name == "obstacle" and rest.isdigit():
            found.append(int(rest))
        number, _, detail = rest.partition(".")
        if name == "step" and number.isdigit() and pain is not None and detail == pain:
            steps.append(STEP_OBSTACLE + int(number))
    return [*steps, *found]


def _answers(
    state: FlowState, asked: Mapping[str, Question], prefix: str, specs: tuple[QuestionSpec, ...]
) -> list[tuple[Fills, str, str]]:
    found = []
    for spec in specs:
        record = state.answers.get(f"{prefix}.{spec.key}")
        if spec.fills is None or f"{prefix}.{spec.key}" not in asked or record is None:
            continue
        if not record.skipped and record.text.strip():
            found.append((spec.fills, spec.label, record.text.strip()))
    return found


def _fields(found: list[tuple[Fills, str, str]]) -> Drafts:
    drafts = []
    for field in Fills:
        parts = [(label, text) for kind, label, text in found if kind is field]
        if not parts:
            continue
        if field is Fills.METRIC or len(parts) == 1:
            # A metric is one name: the first goal's measure, not a list of every answer.
            drafts.append((field.value, parts[0][1]))
        else:
            lines = [f"{label}: {text}" if label else text for label, text in parts]
            drafts.append((field.value, "\n".join(lines)))
    return tuple(drafts)
