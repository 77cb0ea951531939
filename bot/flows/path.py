"""The path of questions a flow state has reached: walked from its answers (bot/flows/walk.py),
the question on screen, and how many on the path are answered. No I/O."""

from __future__ import annotations

import threading

from bot.flows.script import Script
from bot.flows.state import FlowState
from bot.flows.types import Question
from bot.flows.walk import PLAYBACK_KEY, WalkContext, walk


def questions(script: Script, state: FlowState) -> list[Question]:
    """The questions reachable from the answers so far, up to the first unanswered one."""
    return list(_walked(script, state))


def current_question(script: Script, state: FlowState) -> Question | None:
    """The question on screen, or None before the start and after the end."""
    if state.current is None:
        return None
    return next((q for q in _walked(script, state) if q.key == state.current), None)


def _walked(script: Script, state: FlowState) -> tuple[Question, ...]:
    # A turn walks its state several times (the question on screen, the next one, its
    # progress, the summary), and the next turn starts from the state this one ended in (the
    # use case hands the same object back, bot/interviews.py). The walk is kept on the state
    # object, which is immutable, for the script it was walked with; a state made from another
    # by changing only where it stands (`replace(state, current=...)`) shares its answers, and
    # finds the walk of the last one walked on this thread by identity.
    known: tuple[Script, tuple[Question, ...]] | None = state.__dict__.get(_WALK)
    if known is not None and known[0] is script:
        return known[1]
    inputs = (script, state.answers, state.roots, state.finished, state.withdrawn)
    last = getattr(_last, "walk", None)
    if last is not None and all(a is b for a, b in zip(last[0], inputs, strict=True)):
        found: tuple[Question, ...] = last[1]
    else:
        found = tuple(walk(script, _ctx(state)))
        _last.walk = (inputs, found)  # held: no other object can take these addresses
    object.__setattr__(state, _WALK, (script, found))  # not a field: equality ignores it
    return found


_WALK = "_walk"
_last = threading.local()


def answered_count(script: Script, state: FlowState) -> int:
    """Questions on the path that have an answer: skipped and withdrawn ones do not count."""
    return sum(
        1
        for q in questions(script, state)
        if q.key != PLAYBACK_KEY and answered(state, q.key) and not state.answers[q.key].skipped
    )


def answered(state: FlowState, key: str) -> bool:
    """Whether the question `key` has an answer that stands (the playback: whether it ended)."""
    if key == PLAYBACK_KEY:
        return state.finished
    return key in state.answers and key not in state.withdrawn


def _ctx(state: FlowState) -> WalkContext:
    return WalkContext(
        answers=state.answers,
        roots=state.roots,
        finished=state.finished,
        withdrawn=state.withdrawn,
    )
