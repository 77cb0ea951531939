"""The path of questions a flow state has reached: walked from its answers (bot/flows/walk.py),
the question on screen, and how many on the path are answered. No I/O."""

from __future__ import annotations

import threading

from bot.flows.script import Script
from bot.flows.state import FlowState
from bot.flows.types import Question
from bot.flows.walk import PLAYBACK_KEY, WalkContext, walk

_walks = threading.local()


def questions(script: Script, state: FlowState) -> list[Question]:
    """The questions reachable from the answers so far, up to the first unanswered one."""
    # A turn walks its new state three times (the next question, its progress, the summary):
    # the last walk is kept per thread, by identity (held, so neither object can be replaced
    # by another at the same address; both are immutable).
    last = getattr(_walks, "last", None)
    if last is not None and last[0] is script and last[1] is state:
        return list(last[2])
    found = tuple(walk(script, _ctx(state)))
    _walks.last = (script, state, found)
    return list(found)


def current_question(script: Script, state: FlowState) -> Question | None:
    """The question on screen, or None before the start and after the end."""
    if state.current is None:
        return None
    return next((q for q in walk(script, _ctx(state)) if q.key == state.current), None)


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
