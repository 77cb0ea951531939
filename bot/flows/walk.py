"""The order of questions an interview asks, derived from the answers given so far.

The state machine never stores "where we are" as a counter: the question list is recomputed
from the answers, so going back, editing an earlier answer or branching a why chain can never
leave the cursor pointing at a question that no longer exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bot.flows.script import MAX_WHY_LEVELS, Script, Section, StepList
from bot.flows.types import Phase, Question

MAX_ITEMS = 10  # goals or obstacles in one interview
MAX_STEPS = 20  # steps of one journey
STEP_OBSTACLE = 100
"""A painful step N is obstacle STEP_OBSTACLE + N (its whys: why.10N...), apart from the
obstacles asked for on their own, so adding or removing one never renumbers another."""
MAX_BRANCHES = 5  # causes taken from one why answer
MAX_WHYS_PER_OBSTACLE = 15  # why questions per obstacle, so branching cannot explode
PLAYBACK_KEY = "playback"
FIRST_KEY = "goal.1"  # every interview starts with its first goal: nothing comes before it
INTRO_KEY = "intro"
NOTE_PREFIX = "note."
FOLLOW_UP_PREFIX = "followup."
TITLE_PREFIX = "title."  # a pain point's title, kept or edited at the playback: title.<obstacle>

_BULLET = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,2}[.)])\s+(?P<cause>\S.*)$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


@dataclass(frozen=True)
class Recorded:
    """An answer in the flow state: the text as given, the question as asked, earlier texts."""

    question: str
    text: str
    skipped: bool = False
    history: tuple[str, ...] = ()


def is_blank(text: str) -> bool:
    """True when the text has nothing visible (whitespace and zero-width characters only)."""
    return not text.translate(_INVISIBLE).strip()


def split_causes(text: str) -> list[str]:
    """The causes named in a why answer: two or more bullet lines are separate causes."""
    bullets = [m.group("cause").strip() for line in text.splitlines() if (m := _BULLET.match(line))]
    if len(bullets) < 2:
        return [text.strip()]
    if len(bullets) > MAX_BRANCHES:
        # Keep every word: the causes beyond the limit stay together in the last branch.
        bullets = [*bullets[: MAX_BRANCHES - 1], "; ".join(bullets[MAX_BRANCHES - 1 :])]
    return bullets


def why_key(obstacle: int, path: tuple[int, ...]) -> str:
    """Key of the why question about obstacle `obstacle` (path empty) or one of its causes."""
    return ".".join(["why", str(obstacle), *map(str, path)])


@dataclass(frozen=True)
class WalkContext:
    """What the walk needs besides the script: answers, root marks, whether playback is done, and
    the withdrawn answers (their questions wait to be asked again)."""

    answers: Mapping[str, Recorded]
    roots: frozenset[str]
    finished: bool
    withdrawn: frozenset[str] = frozenset()


def walk(script: Script, ctx: WalkContext) -> Iterator[Question]:
    """Yield the questions in order, stopping after the first one still waiting for an answer."""
    for question in _all_questions(script, ctx):
        yield question
        if _pending(question, ctx):
            return


def _pending(question: Question, ctx: WalkContext) -> bool:
    if question.key == PLAYBACK_KEY:
        return not ctx.finished
    return question.key not in ctx.answers or question.key in ctx.withdrawn


def _all_questions(script: Script, ctx: WalkContext) -> Iterator[Question]:
    yield from _section(script, ctx, script.goals, "goal", Phase.GOALS)
    if script.journey is not None:
        yield from _steps(script, ctx, script.journey)
    yield from _section(script, ctx, script.obstacles, "obstacle", Phase.OBSTACLES)
    for spec in script.extras:
        yield Question(key=f"extra.{spec.key}", phase=Phase.EXTRAS, text=spec.text)
    yield Question(key=PLAYBACK_KEY, phase=Phase.PLAYBACK, text=script.playback)


def _section(
    script: Script, ctx: WalkContext, section: Section, name: str, phase: Phase
) -> Iterator[Question]:
    for position in range(1, MAX_ITEMS + 1):
        key = f"{name}.{position}"
        yield Question(key=key, phase=phase, text=section.first if position == 1 else section.more)
        answer = ctx.answers.get(key)
        if answer is None or answer.skipped:
            return
        for spec in section.details:
            yield Question(
                key=f"{key}.{spec.key}", phase=phase, text=spec.text, subject=answer.text
            )
        if name == "obstacle":
            yield from _why_node(script, ctx, position, (), answer.text, [MAX_WHYS_PER_OBSTACLE])


def step_pain(journey: StepList, ctx_answers: Mapping[str, Recorded], number: int) -> str | None:
    """What goes wrong at step `number`, when the stakeholder said something does."""
    record = ctx_answers.get(f"step.{number}.{journey.pain}")
    if record is None or record.skipped or is_blank(record.text):
        return None
    return record.text


def _steps(script: Script, ctx: WalkContext, journey: StepList) -> Iterator[Question]:
    for number in range(1, MAX_STEPS + 1):
        key = f"step.{number}"
        text = journey.first if number == 1 else journey.next
        yield Question(key=key, phase=Phase.JOURNEY, text=text)
        answer = ctx.answers.get(key)
        if answer is None or answer.skipped:
            return
        for spec in journey.details:
            yield Question(
                key=f"{key}.{spec.key}", phase=Phase.JOURNEY, text=spec.text, subject=answer.text
            )
            if spec.key == journey.pain and (pain := step_pain(journey, ctx.answers, number)):
                # A step that goes wrong is an obstacle: its five whys come before the next step.
                position = STEP_OBSTACLE + number
                yield from _why_node(script, ctx, position, (), pain, [MAX_WHYS_PER_OBSTACLE])


def _why_node(
    script: Script,
    ctx: WalkContext,
    position: int,
    path: tuple[int, ...],
    subject: str,
    budget: list[int],
    next_cause: str | None = None,
) -> Iterator[Question]:
    key = why_key(position, path)
    depth = len(path) + 1
    if key in ctx.roots or depth > MAX_WHY_LEVELS or budget[0] <= 0:
        return
    budget[0] -= 1
    yield Question(
        key=key,
        phase=Phase.WHYS,
        text=script.whys[depth - 1],
        subject=subject,
        depth=depth,
        branch=path[-1] if path else 0,
        next_cause=next_cause if path and path[-1] == 1 else None,
    )
    answer = ctx.answers.get(key)
    if answer is None or answer.skipped:
        return
    causes = split_causes(answer.text)
    for index, cause in enumerate(causes, start=1):
        later = causes[1] if index == 1 and len(causes) > 1 else None
        yield from _why_node(script, ctx, position, (*path, index), cause, budget, later)
