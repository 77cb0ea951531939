"""Interview use cases against real storage: steps are stored atomically and survive restarts."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
import sqlalchemy as sa

from bot.flows import path
from bot.flows.inputs import Answer, Confirm, Input, Revise, RootCause, Skip, Start
from bot.flows.script import Purpose
from bot.flows.state import FlowState
from bot.interviews import Interviews, Turn
from storage import InterviewRecord, Storage
from storage.models import Goal
from tests.factories import make_script

SCRIPT = make_script()


async def _started(storage: Storage, script=SCRIPT) -> tuple[Interviews, Turn]:  # type: ignore[no-untyped-def]
    interviews = Interviews(storage, {Purpose.PAIN_POINTS: script})
    team = await storage.ensure_team(slack_team_id="T1")
    fac = await storage.ensure_person(team_id=team, slack_user_id="U1", name="Fay")
    sam = await storage.ensure_person(team_id=team, slack_user_id="U2", name="Sam")
    turn = await interviews.start(
        team_id=team, purpose=Purpose.PAIN_POINTS, facilitator=fac, stakeholder=sam, mode="dm"
    )
    return interviews, turn


async def _feed(interviews: Interviews, iid: int, events: list[Input]) -> Turn:
    turn = None
    for event in events:
        turn = await interviews.apply(iid, event)
    assert turn is not None
    return turn


async def test_a_new_process_resumes_where_the_last_one_stopped(db_url: str) -> None:
    first = await Storage.open(db_url)
    await first.upgrade()
    interviews, turn = await _started(first)
    assert turn.status == "invited"
    await _feed(interviews, turn.interview_id, [Start(), Answer("Grow"), Answer("ARR")])
    await first.close()  # the process "dies" here

    second = await Storage.open(db_url)
    again = Interviews(second, {Purpose.PAIN_POINTS: SCRIPT})
    turn = await again.apply(turn.interview_id, Start())
    assert turn.state.current == "goal.2" and turn.status == "active"
    assert turn.says[0].question is not None and turn.says[0].question.text == "Another goal?"
    await second.close()


async def test_finished_interview_stores_goals_obstacles_whys_roots_and_pain_points(
    storage: Storage,
) -> None:
    interviews, turn = await _started(storage)
    events: list[Input] = [
        Start(),
        Answer("Grow"),
        Answer("ARR"),
        Skip(),
        Answer("Leads lost"),
        Answer("- Manual CRM\n- No owner"),
        RootCause(),
        Answer("No budget"),
        RootCause(),
        Skip(),
        Answer("Wand"),
        Confirm("Yes"),
    ]
    turn = await _feed(interviews, turn.interview_id, events)
    assert turn.status == "finished"
    counts = await storage.count_rows()
    assert (counts["goal"], counts["obstacle"], counts["why_step"]) == (1, 1, 3)
    assert (counts["root_cause"], counts["pain_point"]) == (2, 2)
    summary = await interviews.summary(turn.interview_id)
    (obstacle,) = summary.obstacles
    assert [r.text for r in obstacle.root_causes] == ["Manual CRM", "No budget"]
    record = await storage.get_interview(turn.interview_id)
    assert record.finished_at is not None


async def test_editing_the_script_never_rewrites_stored_questions(storage: Storage) -> None:
    interviews, turn = await _started(storage)
    await _feed(interviews, turn.interview_id, [Start(), Answer("Grow")])
    reworded = dataclasses.replace(
        SCRIPT, version=4, goals=dataclasses.replace(SCRIPT.goals, first="What is your north star?")
    )
    later = Interviews(storage, {Purpose.PAIN_POINTS: reworded})
    await later.apply(turn.interview_id, Answer("ARR"))
    record = await storage.get_interview(turn.interview_id)
    assert record.answers["goal.1"].question == "Goal?"
    assert record.script_version == SCRIPT.version


async def test_root_cause_verdict_shows_in_the_summary(storage: Storage) -> None:
    interviews, turn = await _started(storage)
    await _feed(
        interviews,
        turn.interview_id,
        [Start(), Skip(), Answer("Leads lost"), Answer("Manual CRM"), RootCause()],
    )
    await storage.set_root_cause_verdict(
        interview_id=turn.interview_id, key="why.1.1", status="refuted", evidence="CRM is synced"
    )
    summary = await interviews.summary(turn.interview_id)
    (root,) = summary.obstacles[0].root_causes
    assert (root.status.value, root.evidence, root.marked_by_stakeholder) == (
        "refuted",
        "CRM is synced",
        True,
    )


async def test_derived_rows_follow_turns_taken_by_two_processes_in_turn(storage: Storage) -> None:
    first, turn = await _started(storage)
    second = Interviews(storage, {Purpose.PAIN_POINTS: SCRIPT})  # another process, same rows
    iid = turn.interview_id
    await _feed(first, iid, [Start(), Answer("Grow")])
    await second.apply(iid, Revise("goal.1", "Shrink"))
    # The first process last stored "Grow": the goal it diffs against must be the one stored
    # since, or it would find nothing changed and leave "Shrink" behind.
    await first.apply(iid, Revise("goal.1", "Grow"))

    def goals() -> list[str]:
        with storage.engine.connect() as connection:
            query = sa.select(Goal.text).where(Goal.interview_id == iid)  # type: ignore[arg-type]
            return [str(t) for t in connection.execute(query).scalars()]

    assert await asyncio.to_thread(goals) == ["Grow"]


async def test_a_turn_after_a_new_root_cause_does_not_summarise_the_old_state_again(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each structural turn summarises its new state; the derived rows it diffs against are the
    # ones the previous turn computed (a memo), also after that turn added a root cause, whose
    # hypothesis row the next turn reads back.
    interviews, turn = await _started(storage)
    iid = turn.interview_id
    await _feed(interviews, iid, [Start(), Skip(), Answer("Leads lost"), Answer("- A\n- B")])
    summarised: list[int] = []
    real = Interviews._summarise

    def counting(self: Interviews, record: InterviewRecord, state: FlowState) -> Any:
        summarised.append(len(state.answers))
        return real(self, record, state)

    monkeypatch.setattr(Interviews, "_summarise", counting)

    await _feed(interviews, iid, [RootCause(), Answer("No budget")])
    assert len(summarised) == 2  # one per turn: never the state before it

    # A verdict set elsewhere since is read, not taken from the memo.
    await storage.set_root_cause_verdict(
        interview_id=iid, key="why.1.1", status="refuted", evidence="checked"
    )
    summarised.clear()
    await interviews.apply(iid, RootCause())
    assert len(summarised) == 2
    (obstacle,) = (await interviews.summary(iid)).obstacles
    assert [r.status.value for r in obstacle.root_causes] == ["refuted", "hypothesis"]


async def test_a_turn_walks_the_questions_once_and_never_its_starting_state_again(
    db_url: str, storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The flow recomputes the path of questions from the answers on every turn. A turn's
    # starting state is the one the previous turn here ended in (equal, so its walk is kept);
    # a turn taken by another process leaves a state that is walked afresh, and gives the same
    # next question as if nothing had been kept.
    interviews, turn = await _started(storage)
    iid = turn.interview_id
    await _feed(interviews, iid, [Start(), Answer("Grow")])
    walked: list[int] = []
    real = path.walk

    def counting(script: Any, ctx: Any) -> Any:
        walked.append(len(ctx.answers))
        return real(script, ctx)

    monkeypatch.setattr(path, "walk", counting)
    turn = await _feed(interviews, iid, [Answer("ARR"), Skip(), Answer("Leads lost")])
    assert walked == [2, 3, 4]  # one walk per turn, of the state it ends in

    other = await Storage.open(db_url)
    try:
        elsewhere = Interviews(other, {Purpose.PAIN_POINTS: SCRIPT})
        await elsewhere.apply(iid, Answer("Manual CRM"))
    finally:
        await other.close()
    walked.clear()
    turn = await interviews.apply(iid, Answer("No one owns it"))
    assert walked == [5, 6]  # the state another process left is walked once more, here
    fresh = Interviews(storage, {Purpose.PAIN_POINTS: SCRIPT})
    assert turn.state == (await fresh.apply(iid, Start())).state
