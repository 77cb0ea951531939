"""The interview state machine: (script, state, input) -> (new state, what to say). No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType

from bot.flows.drafts import problem_positions
from bot.flows.inputs import (
    Answer,
    Ask,
    Back,
    Confirm,
    Edit,
    Input,
    Pause,
    Resume,
    Retitle,
    Retract,
    Revise,
    RootCause,
    Skip,
    Start,
    UseRemark,
)
from bot.flows.path import answered, answered_count, current_question, questions
from bot.flows.script import Script
from bot.flows.state import FlowState
from bot.flows.titles import TITLE_MAX
from bot.flows.types import Phase, Progress, Question, Say, SayKind
from bot.flows.walk import (
    FOLLOW_UP_PREFIX,
    INTRO_KEY,
    NOTE_PREFIX,
    PLAYBACK_KEY,
    TITLE_PREFIX,
    Recorded,
    is_blank,
    split_causes,
)


@dataclass(frozen=True)
class Outcome:
    """The result of one step: the new state, what to say, and which answer keys changed."""

    state: FlowState
    says: tuple[Say, ...]
    changed: tuple[str, ...] = field(default=())


def begin() -> Outcome:
    """A new interview: nothing answered, the intro shown."""
    return Outcome(FlowState(), (Say(SayKind.INTRO),))


def step(script: Script, state: FlowState, event: Input) -> Outcome:
    """Apply one input; never raises for any input in any state."""
    if state.held is not None and not isinstance(event, UseRemark | Revise | Retract):
        # The offer to use a remark as the answer lasts until the stakeholder does anything else.
        state = replace(state, held=None)
    if isinstance(event, Pause):
        return _pause(script, state)
    if isinstance(event, Ask) and not (state.finished and state.current is None):
        return Outcome(state, ())  # follow-ups wait for the end of the interview
    if isinstance(event, Revise | Retract):
        # Edits of earlier messages change the record, never the position or the pause.
        return _revise(script, state, event)
    if state.paused:
        # Any other input resumes: a stakeholder who just answers should not be told to resume.
        state = replace(state, paused=False)
        if isinstance(event, Resume):
            return _reask(script, state, SayKind.RESUMED)
        if isinstance(event, Answer) and not is_blank(event.text) and _on_a_question(script, state):
            return _hold(script, state, event.text)
        resumed = _step_active(script, state, event)
        return replace(resumed, says=(Say(SayKind.RESUMED), *resumed.says))
    return _step_active(script, state, event)


def _step_active(script: Script, state: FlowState, event: Input) -> Outcome:
    if isinstance(event, Resume):
        return _reask(script, state, SayKind.NOT_PAUSED)
    if not state.started:
        return _before_start(script, state, event)
    if state.finished and state.current is None:
        return _after_finish(script, state, event)
    match event:
        case Start():
            return _reask(script, state, None)
        case Answer(text=text):
            if is_blank(text):
                return _reask(script, state, SayKind.BLANK_ANSWER)
            return _record(script, state, text, skipped=False)
        case Skip():
            return _record(script, state, "", skipped=True)
        case Back():
            return _back(script, state)
        case RootCause(text=text):
            return _root_cause(script, state, text)
        case Edit(key=key):
            return _edit(script, state, key)
        case Confirm(text=text):
            return _confirm(script, state, text)
        case UseRemark():
            return _use_remark(script, state)
        case Retitle(obstacle=obstacle, text=text):
            return _retitle(script, state, obstacle, text)
    raise AssertionError(f"unhandled input {event!r}")  # pragma: no cover


def _before_start(script: Script, state: FlowState, event: Input) -> Outcome:
    changed: tuple[str, ...] = ()
    if isinstance(event, Answer | RootCause) and event.text and not is_blank(event.text):
        # A reply to the intro is kept as a remark rather than guessed onto the first question.
        state = _put(state, INTRO_KEY, Recorded(question=script.intro, text=event.text))
        changed = (INTRO_KEY,)
    state = replace(state, started=True)
    first = questions(script, state)[0]
    state = replace(state, current=first.key)
    return Outcome(state, (_ask(script, state, first),), changed)


def _after_finish(script: Script, state: FlowState, event: Input) -> Outcome:
    if isinstance(event, Ask):
        state = replace(state, asking=(f"{FOLLOW_UP_PREFIX}{event.key}", event.text))
        return Outcome(state, (_follow_up(state),))
    if state.asking is not None and isinstance(event, Answer | Skip):
        key, question = state.asking
        if isinstance(event, Answer) and is_blank(event.text):
            return Outcome(state, (Say(SayKind.BLANK_ANSWER), _follow_up(state)))
        changed: tuple[str, ...] = ()
        if isinstance(event, Answer):
            state = _put(state, key, Recorded(question=question, text=event.text))
            changed = (key,)
        return Outcome(replace(state, asking=None), (Say(SayKind.NOTED),), changed)
    if isinstance(event, Edit):
        return _edit(script, state, event.key)
    if isinstance(event, Answer | RootCause) and event.text and not is_blank(event.text):
        # Late remarks are notes on the interview, never dropped.
        key = _note_key(state)
        state = _put(state, key, Recorded(question="", text=event.text))
        return Outcome(state, (Say(SayKind.ALREADY_FINISHED),), (key,))
    return Outcome(state, (Say(SayKind.ALREADY_FINISHED),))


def _follow_up(state: FlowState) -> Say:
    assert state.asking is not None
    key, text = state.asking
    return Say(SayKind.QUESTION, question=Question(key=key, phase=Phase.DONE, text=text))


def _record(script: Script, state: FlowState, text: str, *, skipped: bool) -> Outcome:
    asked = current_question(script, state)
    if asked is None:
        return _reask(script, state, None)
    if asked.key == PLAYBACK_KEY:
        if skipped:
            return _finish(state, asked, "")
        # Words typed at the playback ask for a change, never confirm it: keep them as a note and
        # ask what to change; only Confirm (Looks right, :ok) closes the interview.
        key = _note_key(state)
        state = _put(state, key, Recorded(question=asked.text, text=text))
        return Outcome(state, (Say(SayKind.CORRECTION_REQUESTED),), (key,))
    state = _put(state, asked.key, Recorded(question=asked.text, text=text, skipped=skipped))
    return _advance(script, state, asked.key, changed=(asked.key,))


def _confirm(script: Script, state: FlowState, text: str) -> Outcome:
    asked = current_question(script, state)
    if asked is None or asked.key != PLAYBACK_KEY:
        return _reask(script, state, SayKind.NOT_AT_PLAYBACK)
    return _finish(state, asked, text)


def _finish(state: FlowState, playback: Question, text: str) -> Outcome:
    changed: tuple[str, ...] = ()
    if not is_blank(text):
        state = _put(state, PLAYBACK_KEY, Recorded(question=playback.text, text=text))
        changed = (PLAYBACK_KEY,)
    done = replace(state, finished=True, current=None, review=False)
    return Outcome(done, (Say(SayKind.CLOSING),), changed)


def _retitle(script: Script, state: FlowState, obstacle: int, text: str) -> Outcome:
    """Keep the stakeholder's own title for one pain point and play the summary back again."""
    asked = current_question(script, state)
    if asked is None or asked.key != PLAYBACK_KEY:
        return _reask(script, state, SayKind.NOT_AT_PLAYBACK)
    title = " ".join(text.split())
    pain = script.journey.pain if script.journey is not None else None
    asked_now = {q.key: q for q in questions(script, state)}
    positions = problem_positions(asked_now, state, pain)
    if not 0 < obstacle <= len(positions) or is_blank(title) or len(title) > TITLE_MAX:
        return _reask(script, state, SayKind.BAD_TITLE)
    key = f"{TITLE_PREFIX}{positions[obstacle - 1]}"
    old = state.answers.get(key)
    if old is not None and not old.skipped and old.text == title:
        return _reask(script, state, None)
    state = _put(state, key, Recorded(question="Title", text=title))
    return Outcome(state, (Say(SayKind.TITLE_SET), _ask(script, state, asked)), (key,))


def _on_a_question(script: Script, state: FlowState) -> bool:
    """Whether a script question (not the intro, playback or end) is waiting for an answer."""
    if not state.started or state.current in (None, PLAYBACK_KEY):
        return False
    return current_question(script, state) is not None


def _hold(script: Script, state: FlowState, text: str) -> Outcome:
    """A message typed while paused: resume, keep it as a remark, ask the pending question again
    and offer it as the answer (it may be about something else: never guess)."""
    asked = current_question(script, state)
    assert asked is not None
    key = _note_key(state)
    state = replace(_put(state, key, Recorded(question=asked.text, text=text)), held=key)
    offer = replace(_ask(script, state, asked), kind=SayKind.HELD_AS_REMARK)
    return Outcome(state, (Say(SayKind.RESUMED), offer), (key,))


def _use_remark(script: Script, state: FlowState) -> Outcome:
    held = state.answers.get(state.held) if state.held is not None else None
    asked = current_question(script, state)
    if state.held is None or held is None or held.skipped or asked is None:
        return _reask(script, replace(state, held=None), SayKind.NOTHING_HELD)
    if asked.key == PLAYBACK_KEY:
        return _reask(script, replace(state, held=None), SayKind.NOTHING_HELD)
    # The words move from the remark to the answer; the remark keeps them in its history.
    moved = state.held
    state = replace(_put(state, moved, replace(held, text="", skipped=True)), held=None)
    recorded = _record(script, state, held.text, skipped=False)
    return replace(recorded, changed=(moved, *recorded.changed))


def _note_key(state: FlowState) -> str:
    return f"{NOTE_PREFIX}{sum(k.startswith(NOTE_PREFIX) for k in state.answers) + 1}"


def _advance(script: Script, state: FlowState, after: str, changed: tuple[str, ...]) -> Outcome:
    reachable = questions(script, state)
    keys = [q.key for q in reachable]
    target = reachable[-1]
    if state.review and after in keys and keys.index(after) + 1 < len(keys):
        target = reachable[keys.index(after) + 1]
    review = state.review and answered(state, target.key)
    state = replace(state, current=target.key, review=review)
    return Outcome(state, (_ask(script, state, target),), changed)


def _back(script: Script, state: FlowState) -> Outcome:
    keys = [q.key for q in questions(script, state)]
    if state.current not in keys or keys.index(state.current) == 0:
        return _reask(script, state, SayKind.NOTHING_BEFORE)
    previous = keys[keys.index(state.current) - 1]
    state = replace(state, current=previous, review=True)
    return _reask(script, state, None)


def _edit(script: Script, state: FlowState, key: str) -> Outcome:
    reachable = {q.key for q in questions(script, replace(state, finished=False))}
    if key.strip() not in reachable or not answered(state, key.strip()):
        return _reask(script, state, SayKind.UNKNOWN_QUESTION)
    state = replace(state, current=key.strip(), review=False, finished=False)
    return _reask(script, state, None)


def _root_cause(script: Script, state: FlowState, text: str | None) -> Outcome:
    asked = current_question(script, state)
    if asked is None or asked.phase is not Phase.WHYS:
        if text is None or is_blank(text) or asked is None:
            return _reask(script, state, SayKind.NOT_A_WHY)
        # The words still answer the question on screen: keep them, and say why no root was set.
        recorded = _record(script, state, text, skipped=False)
        return replace(recorded, says=(Say(SayKind.NOT_A_WHY), *recorded.says))
    if text is None or is_blank(text):
        # The cause being asked about is the root: its why question is not asked.
        state = replace(state, roots=state.roots | {asked.key})
        return _advance(script, state, asked.key, changed=())
    state = _put(state, asked.key, Recorded(question=asked.text, text=text))
    children = {f"{asked.key}.{i}" for i in range(1, len(split_causes(text)) + 1)}
    state = replace(state, roots=state.roots | children)
    return _advance(script, state, asked.key, changed=(asked.key,))


def _revise(script: Script, state: FlowState, event: Revise | Retract) -> Outcome:
    old = state.answers.get(event.key)
    if old is None:
        return Outcome(state, ())  # not an answer we know (an intro reply, a stale message)
    if isinstance(event, Retract) or is_blank(event.text):
        if old.skipped:
            return Outcome(state, ())
        state = _put(state, event.key, replace(old, text="", skipped=True))
        if state.current is not None and _is_question_key(event.key):
            # A withdrawn answer is not a skip: its question is asked again while on the path.
            state = replace(state, withdrawn=state.withdrawn | {event.key})
        kind = SayKind.RETRACTED
    else:
        if not old.skipped and old.text == event.text:
            return Outcome(state, ())
        state = _put(state, event.key, replace(old, text=event.text, skipped=False))
        kind = SayKind.REVISED
    says = [Say(kind)]
    if state.current is not None and current_question(script, state) is None:
        # The revision removed the question on screen (a why branch, a withdrawn answer before
        # it): move to the first open one and ask it, so the next answer cannot land on a
        # question unseen. While paused the move waits silently: Resume asks it.
        state = replace(state, current=questions(script, state)[-1].key, review=False)
        if not state.paused:
            says.append(_ask(script, state, questions(script, state)[-1]))
    return Outcome(state, tuple(says), (event.key,))


def _pause(script: Script, state: FlowState) -> Outcome:
    if state.paused:
        return Outcome(state, (Say(SayKind.STILL_PAUSED),))
    return Outcome(replace(state, paused=True), (Say(SayKind.PAUSED),))


def _reask(script: Script, state: FlowState, kind: SayKind | None) -> Outcome:
    """Say `kind` (if any) and show the current question again."""
    says: list[Say] = [Say(kind)] if kind is not None else []
    if not state.started:
        says.append(Say(SayKind.INTRO))
    elif state.finished and state.current is None:
        says.append(Say(SayKind.ALREADY_FINISHED))
    else:
        asked = current_question(script, state)
        if asked is None:  # the current question vanished (a script change): go to the first open
            asked = questions(script, state)[-1]
            state = replace(state, current=asked.key, review=False)
        says.append(_ask(script, state, asked))
    return Outcome(state, tuple(says))


def _ask(script: Script, state: FlowState, question: Question) -> Say:
    progress = Progress(
        answered=answered_count(script, state),
        phase=question.phase,
        why=question.depth,
        whys=len(script.whys) if question.depth else 0,
    )
    kind = SayKind.PLAYBACK if question.key == PLAYBACK_KEY else SayKind.QUESTION
    return Say(kind, question=question, progress=progress)


def _is_question_key(key: str) -> bool:
    """Whether a key names a script question (not a remark, a note or a follow-up)."""
    return key not in (INTRO_KEY, PLAYBACK_KEY) and not key.startswith(
        (NOTE_PREFIX, FOLLOW_UP_PREFIX, TITLE_PREFIX)
    )


def _put(state: FlowState, key: str, record: Recorded) -> FlowState:
    answers = dict(state.answers)
    old = answers.get(key)
    if old is not None and not old.skipped:
        record = replace(record, history=(*old.history, old.text))
    elif old is not None:
        record = replace(record, history=old.history)
    answers[key] = record
    return replace(state, answers=MappingProxyType(answers), withdrawn=state.withdrawn - {key})
