"""Builders of real objects for tests: a small script, and a flow driven by a list of inputs."""

from __future__ import annotations

from collections.abc import Iterable

from bot.flows.engine import Outcome, begin, step
from bot.flows.inputs import Input, Start
from bot.flows.script import Purpose, QuestionSpec, Script, Section
from bot.flows.state import FlowState


def make_script(*, goal_details: bool = True, extras: bool = True) -> Script:
    """A compact pain-points script with one goal detail and one extra question."""
    return Script(
        purpose=Purpose.PAIN_POINTS,
        version=3,
        title="Pain points",
        description="What hurts",
        intro="Hello",
        goals=Section(
            first="Goal?",
            more="Another goal?",
            details=(QuestionSpec("measure", "Measured how?"),) if goal_details else (),
        ),
        obstacles=Section(first="Obstacle?", more="Another obstacle?"),
        whys=("Why 1?", "Why 2?", "Why 3?", "Why 4?", "Why 5?"),
        extras=(QuestionSpec("wand", "Magic wand?"),) if extras else (),
        playback="Right?",
        closing="Thanks",
    )


def run(script: Script, inputs: Iterable[Input], *, start: bool = True) -> Outcome:
    """Feed inputs to a new interview and return the last outcome."""
    outcome = begin()
    if start:
        outcome = step(script, outcome.state, Start())
    for event in inputs:
        outcome = step(script, outcome.state, event)
    return outcome


def current(outcome: Outcome) -> str | None:
    """The key of the question on screen."""
    return outcome.state.current


def answers(state: FlowState) -> dict[str, str]:
    """Answer texts by key (skipped answers as '<skipped>')."""
    return {k: ("<skipped>" if r.skipped else r.text) for k, r in state.answers.items()}
