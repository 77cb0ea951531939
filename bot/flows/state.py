"""An interview's state in the flow, and how it is stored between turns (the cursor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bot.flows.types import Phase
from bot.flows.walk import PLAYBACK_KEY, Recorded


def _no_answers() -> MappingProxyType[str, Recorded]:
    return MappingProxyType({})


@dataclass(frozen=True)
class FlowState:
    """Everything the flow knows about one interview; `current` is the question on screen."""

    answers: MappingProxyType[str, Recorded] = field(default_factory=_no_answers)
    roots: frozenset[str] = frozenset()
    current: str | None = None
    review: bool = False  # reached by Back: after answering, go to the next question in order
    paused: bool = False
    started: bool = False
    finished: bool = False
    asking: tuple[str, str] | None = None  # a follow-up after the end: (key, question)
    held: str | None = None  # a remark typed while paused, offered as the answer to `current`
    withdrawn: frozenset[str] = frozenset()  # answers taken back: their questions are asked again

    @property
    def phase(self) -> Phase:
        """The phase of the question on screen (INTRO before start, DONE after playback)."""
        if not self.started:
            return Phase.INTRO
        if self.finished and self.current is None:
            return Phase.DONE
        return _phase_of(self.current)


def _phase_of(key: str | None) -> Phase:
    if key is None:
        return Phase.INTRO
    head = key.split(".", 1)[0]
    return {
        "goal": Phase.GOALS,
        "step": Phase.JOURNEY,
        "obstacle": Phase.OBSTACLES,
        "why": Phase.WHYS,
        "extra": Phase.EXTRAS,
        PLAYBACK_KEY: Phase.PLAYBACK,
    }.get(head, Phase.INTRO)


def dump_cursor(state: FlowState) -> dict[str, Any]:
    """The part of the state that is not answers, as JSON-ready data for storage."""
    return {
        "current": state.current,
        "review": state.review,
        "paused": state.paused,
        "started": state.started,
        "finished": state.finished,
        "roots": sorted(state.roots),
        "asking": list(state.asking) if state.asking else None,
        "held": state.held,
        "withdrawn": sorted(state.withdrawn),
    }


def load_state(cursor: dict[str, Any], answers: dict[str, Recorded]) -> FlowState:
    """Rebuild a state from storage: the cursor from `dump_cursor` and the stored answers."""
    return FlowState(
        answers=MappingProxyType(dict(answers)),
        roots=frozenset(str(k) for k in cursor.get("roots", ())),
        current=cursor.get("current"),
        review=bool(cursor.get("review", False)),
        paused=bool(cursor.get("paused", False)),
        started=bool(cursor.get("started", False)),
        finished=bool(cursor.get("finished", False)),
        asking=_asking(cursor.get("asking")),
        held=held if isinstance(held := cursor.get("held"), str) else None,
        withdrawn=frozenset(str(k) for k in cursor.get("withdrawn", ())),
    )


def _asking(value: Any) -> tuple[str, str] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return str(value[0]), str(value[1])
    return None
