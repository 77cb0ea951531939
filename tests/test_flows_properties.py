"""Property tests: no sequence of inputs crashes the engine or loses an answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.flows.engine import begin, step
from bot.flows.inputs import (
    Answer,
    Ask,
    Back,
    Confirm,
    Edit,
    Input,
    Pause,
    Resume,
    Retract,
    Revise,
    RootCause,
    Skip,
    Start,
    UseRemark,
)
from bot.flows.path import questions
from bot.flows.walk import is_blank
from tests.factories import make_script

SCRIPT = make_script()
KEYS = [
    "goal.1",
    "goal.1.measure",
    "goal.2",
    "obstacle.1",
    "why.1",
    "why.1.1",
    "why.1.2",
    "extra.wand",
    "playback",
    "note.1",
    "nonsense",
    "",
]

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["- a\n- b", "1. x\n2. y\n3. z", "<!channel>", "{{ 7*7 }}", "   ", "\u200b"]),
)
inputs: st.SearchStrategy[Input] = st.one_of(
    st.builds(Answer, texts),
    st.builds(Answer, texts),  # answers are the common case: weight them
    st.just(Skip()),
    st.just(Back()),
    st.builds(RootCause, st.none() | texts),
    st.just(Pause()),
    st.just(Resume()),
    st.just(Start()),
    st.builds(Edit, st.sampled_from(KEYS)),
    st.builds(Revise, st.sampled_from(KEYS), texts),
    st.builds(Retract, st.sampled_from(KEYS)),
    st.builds(Ask, st.sampled_from(["still", "changed"]), st.just("Anything changed?")),
    st.builds(Confirm, texts),
    st.just(UseRemark()),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(inputs, max_size=60))
def test_no_input_sequence_crashes_or_loses_an_answer(events: list[Input]) -> None:
    outcome = begin()
    given_texts: list[str] = []
    for event in events:
        outcome = step(SCRIPT, outcome.state, event)
        if not isinstance(event, Revise | Retract | Ask):
            assert outcome.says, "every input gets a reply"
        text = event.text if isinstance(event, Answer | RootCause) else None
        if isinstance(event, Revise) and outcome.changed:
            text = event.text
        if text is not None and not is_blank(text):
            given_texts.append(text)
        state = outcome.state
        if state.current is not None and not state.paused:
            assert state.current in {q.key for q in questions(SCRIPT, state)}
    kept = set()
    for record in outcome.state.answers.values():
        kept.add(record.text)
        kept.update(record.history)
    assert set(given_texts) <= kept
