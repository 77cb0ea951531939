"""The interview state machine: every transition, without Slack, database or clock."""

from __future__ import annotations

from bot.flows.engine import begin, step
from bot.flows.inputs import (
    Answer,
    Back,
    Confirm,
    Edit,
    Pause,
    Resume,
    Retract,
    RootCause,
    Skip,
    Start,
    UseRemark,
)
from bot.flows.path import current_question
from bot.flows.types import Phase, SayKind
from bot.flows.walk import MAX_ITEMS, split_causes
from tests.factories import answers, current, make_script, run

SCRIPT = make_script()
ONE_GOAL = [Answer("Grow revenue"), Answer("ARR"), Skip()]


def kinds(outcome):  # type: ignore[no-untyped-def]
    return [s.kind for s in outcome.says]


def test_begin_shows_intro_and_start_asks_first_goal() -> None:
    first = begin()
    assert kinds(first) == [SayKind.INTRO]
    assert first.state.phase is Phase.INTRO
    started = step(SCRIPT, first.state, Start())
    assert current(started) == "goal.1"
    assert started.says[0].question is not None and started.says[0].question.text == "Goal?"


def test_goal_then_detail_then_more_goals_until_skip() -> None:
    out = run(SCRIPT, [Answer("Grow revenue")])
    assert current(out) == "goal.1.measure"
    assert out.says[0].question is not None and out.says[0].question.subject == "Grow revenue"
    out = run(SCRIPT, [Answer("Grow revenue"), Answer("ARR")])
    assert current(out) == "goal.2"
    out = run(SCRIPT, ONE_GOAL)
    assert current(out) == "obstacle.1"
    assert answers(out.state)["goal.2"] == "<skipped>"


def test_blank_answer_reprompts_without_advancing() -> None:
    for blank in ["", "   ", "\n\t", "\u200b\u200d", "\ufeff "]:
        out = run(SCRIPT, [Answer(blank)])
        assert current(out) == "goal.1"
        assert kinds(out) == [SayKind.BLANK_ANSWER, SayKind.QUESTION]
        assert out.state.answers == {}


def test_obstacle_leads_to_why_chain_of_five_levels() -> None:
    whys = [Answer(f"cause {i}") for i in range(1, 6)]
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads are lost"), *whys[:4]])
    question = current_question(SCRIPT, out.state)
    assert question is not None
    assert (question.key, question.depth, question.text) == ("why.1.1.1.1.1", 5, "Why 5?")
    assert question.subject == "cause 4"
    out = step(SCRIPT, out.state, whys[4])
    assert current(out) == "obstacle.2"


def test_root_cause_button_ends_chain_early() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads are lost"), Answer("CRM is manual"), RootCause()])
    assert current(out) == "obstacle.2"
    assert "why.1.1" in out.state.roots
    assert "why.1.1" not in out.state.answers


def test_root_cause_with_text_records_answer_and_marks_its_causes() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads are lost"), RootCause("No budget")])
    assert answers(out.state)["why.1"] == "No budget"
    assert "why.1.1" in out.state.roots
    assert current(out) == "obstacle.2"


def test_root_cause_outside_a_why_is_refused() -> None:
    out = run(SCRIPT, [RootCause()])
    assert kinds(out) == [SayKind.NOT_A_WHY, SayKind.QUESTION]
    assert current(out) == "goal.1"


def test_bulleted_answer_branches_into_two_causes_asked_depth_first() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads are lost"), Answer("Two:\n- A\n- B")])
    q = current_question(SCRIPT, out.state)
    assert q is not None and (q.key, q.subject) == ("why.1.1", "A")
    out = step(SCRIPT, out.state, RootCause())
    q = current_question(SCRIPT, out.state)
    assert q is not None and (q.key, q.subject) == ("why.1.2", "B")
    out = step(SCRIPT, out.state, Skip())
    assert current(out) == "obstacle.2"


def test_split_causes_keeps_every_word() -> None:
    assert split_causes("plain answer - with dash") == ["plain answer - with dash"]
    assert split_causes("- only one bullet") == ["- only one bullet"]
    assert split_causes("1. a\n2) b\n* c") == ["a", "b", "c"]
    many = "\n".join(f"- c{i}" for i in range(8))
    assert split_causes(many) == ["c0", "c1", "c2", "c3", "c4; c5; c6; c7"]


def test_skip_first_obstacle_goes_to_extras_then_playback_then_closing() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Skip()])
    assert current(out) == "extra.wand"
    out = step(SCRIPT, out.state, Answer("A data lake"))
    assert kinds(out) == [SayKind.PLAYBACK]
    assert out.state.phase is Phase.PLAYBACK
    out = step(SCRIPT, out.state, Confirm("Looks right"))
    assert kinds(out) == [SayKind.CLOSING]
    assert out.state.finished and out.state.phase is Phase.DONE


def test_back_reasks_previous_and_then_walks_forward_in_order() -> None:
    out = run(SCRIPT, [Answer("Grow"), Answer("ARR"), Back(), Back()])
    assert current(out) == "goal.1"
    out = step(SCRIPT, out.state, Answer("Grow faster"))
    assert current(out) == "goal.1.measure"  # review mode re-asks the next one too
    out = step(SCRIPT, out.state, Answer("ARR and NRR"))
    assert current(out) == "goal.2"
    assert out.state.answers["goal.1"].history == ("Grow",)
    assert answers(out.state) == {"goal.1": "Grow faster", "goal.1.measure": "ARR and NRR"}


def test_back_on_first_question_says_nothing_before() -> None:
    out = run(SCRIPT, [Back()])
    assert kinds(out) == [SayKind.NOTHING_BEFORE, SayKind.QUESTION]


def test_edit_jumps_to_a_question_and_returns_to_first_open_one() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Edit("goal.1")])
    assert current(out) == "goal.1"
    out = step(SCRIPT, out.state, Answer("Grow revenue 20%"))
    assert current(out) == "why.1"
    assert out.state.answers["goal.1"].history == ("Grow revenue",)


def test_edit_unknown_or_unasked_key_is_refused() -> None:
    out = run(SCRIPT, [Answer("Grow"), Edit("goal.7")])
    assert kinds(out) == [SayKind.UNKNOWN_QUESTION, SayKind.QUESTION]
    out = run(SCRIPT, [Answer("Grow"), Edit("goal.1.measure")])  # asked but not answered
    assert kinds(out)[0] is SayKind.UNKNOWN_QUESTION


def test_edit_after_finish_reopens_playback() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Skip(), Skip(), Confirm("yes")])
    assert out.state.finished
    out = step(SCRIPT, out.state, Edit("goal.1"))
    assert current(out) == "goal.1" and not out.state.finished
    out = step(SCRIPT, out.state, Answer("Grow more"))
    assert kinds(out) == [SayKind.PLAYBACK]


def test_pause_then_resume_reasks_the_same_question() -> None:
    out = run(SCRIPT, [Answer("Grow"), Pause()])
    assert kinds(out) == [SayKind.PAUSED] and out.state.paused
    again = step(SCRIPT, out.state, Pause())
    assert kinds(again) == [SayKind.STILL_PAUSED]
    out = step(SCRIPT, out.state, Resume())
    assert kinds(out) == [SayKind.RESUMED, SayKind.QUESTION]
    assert current(out) == "goal.1.measure" and not out.state.paused


def test_answer_while_paused_resumes_asks_again_and_keeps_it_as_a_remark() -> None:
    out = run(SCRIPT, [Answer("Grow"), Pause(), Answer("ARR")])
    assert kinds(out) == [SayKind.RESUMED, SayKind.HELD_AS_REMARK]
    offer = out.says[1].question
    assert offer is not None and offer.key == "goal.1.measure"
    assert current(out) == "goal.1.measure" and not out.state.paused
    assert "goal.1.measure" not in out.state.answers
    assert (out.state.held, answers(out.state)["note.1"]) == ("note.1", "ARR")
    assert out.state.answers["note.1"].question == "Measured how?"
    assert out.changed == ("note.1",)


def test_use_remark_answers_the_pending_question_with_the_held_words() -> None:
    out = run(SCRIPT, [Answer("Grow"), Pause(), Answer("ARR"), UseRemark()])
    assert current(out) == "goal.2" and out.state.held is None
    assert answers(out.state)["goal.1.measure"] == "ARR"
    assert out.state.answers["note.1"].skipped  # moved, not doubled; the words stay in history
    assert out.state.answers["note.1"].history == ("ARR",)
    assert set(out.changed) == {"note.1", "goal.1.measure"}


def test_without_use_remark_the_next_answer_answers_and_the_offer_lapses() -> None:
    out = run(SCRIPT, [Answer("Grow"), Pause(), Answer("ARR"), Answer("Revenue per month")])
    assert answers(out.state)["goal.1.measure"] == "Revenue per month"
    assert answers(out.state)["note.1"] == "ARR" and out.state.held is None
    late = step(SCRIPT, out.state, UseRemark())
    assert kinds(late) == [SayKind.NOTHING_HELD, SayKind.QUESTION] and current(late) == "goal.2"


def test_a_held_remark_that_was_deleted_is_not_used() -> None:
    out = run(SCRIPT, [Answer("Grow"), Pause(), Answer("ARR"), Retract("note.1")])
    assert out.state.held == "note.1"
    out = step(SCRIPT, out.state, UseRemark())
    assert kinds(out)[0] is SayKind.NOTHING_HELD and "goal.1.measure" not in out.state.answers


def test_blank_message_while_paused_just_resumes() -> None:
    out = run(SCRIPT, [Answer("Grow"), Pause(), Answer("  ")])
    assert kinds(out) == [SayKind.RESUMED, SayKind.BLANK_ANSWER, SayKind.QUESTION]
    assert out.state.held is None


def test_resume_when_not_paused_says_so() -> None:
    out = run(SCRIPT, [Resume()])
    assert kinds(out) == [SayKind.NOT_PAUSED, SayKind.QUESTION]


def test_reply_to_intro_is_kept_as_remark_and_starts() -> None:
    out = run(SCRIPT, [Answer("Happy to help!")], start=False)
    assert answers(out.state) == {"intro": "Happy to help!"}
    assert current(out) == "goal.1"


def test_answers_after_finish_become_notes() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Skip(), Skip(), Skip(), Answer("one more thing")])
    assert kinds(out) == [SayKind.ALREADY_FINISHED]
    assert answers(out.state)["note.1"] == "one more thing"


def test_goal_list_is_capped() -> None:
    inputs = [Answer(f"g{i}") for i in range(MAX_ITEMS)]
    script = make_script(goal_details=False)
    out = run(script, inputs)
    assert current(out) == "obstacle.1"


def test_progress_counts_answered_questions_not_skipped_ones() -> None:
    out = run(SCRIPT, [Answer("Grow"), Skip()])
    progress = out.says[0].progress
    assert progress is not None and progress.answered == 1 and progress.phase is Phase.GOALS


def test_summary_lists_skipped_questions_but_not_the_skipped_another_one() -> None:
    from bot.flows.summarise import build_summary

    out = run(SCRIPT, [Answer("Grow"), Skip(), Skip(), Answer("Leads lost"), Skip(), Skip()])
    summary = build_summary(
        SCRIPT, out.state, interview_id=1, stakeholder="S", facilitator="F", status="active"
    )
    assert summary.skipped == ("Measured how?", "Why 1?")
    (point,) = summary.pain_points
    assert (point.problem, point.root_cause, point.key) == ("Leads lost", "", "obstacle.1")


def test_revise_replaces_an_answer_in_place_without_moving() -> None:
    from bot.flows.inputs import Revise

    out = run(SCRIPT, [Answer("Grow"), Answer("ARR")])
    out = step(SCRIPT, out.state, Revise("goal.1", "Grow 20%"))
    assert kinds(out) == [SayKind.REVISED] and current(out) == "goal.2"
    assert out.state.answers["goal.1"].text == "Grow 20%"
    assert out.state.answers["goal.1"].history == ("Grow",)
    assert step(SCRIPT, out.state, Revise("goal.1", "Grow 20%")).says == ()  # unchanged
    assert step(SCRIPT, out.state, Revise("goal.9", "x")).says == ()  # unknown


def test_retract_marks_skipped_and_keeps_the_words_in_history() -> None:
    from bot.flows.inputs import Retract

    out = run(SCRIPT, [Answer("Grow"), Answer("ARR")])
    out = step(SCRIPT, out.state, Retract("goal.1.measure"))
    assert kinds(out) == [SayKind.RETRACTED, SayKind.QUESTION]
    record = out.state.answers["goal.1.measure"]
    assert record.skipped and record.history == ("ARR",)
    assert current(out) == "goal.1.measure"  # withdrawn, so asked again


def test_withdrawn_why_answer_is_asked_again_not_the_next_obstacle() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Answer("CRM is manual")])
    assert current(out) == "why.1.1"
    out = step(SCRIPT, out.state, Retract("why.1"))
    assert kinds(out) == [SayKind.RETRACTED, SayKind.QUESTION]
    assert current(out) == "why.1" and out.state.withdrawn == {"why.1"}
    out = step(SCRIPT, out.state, Answer("Nobody owns the CRM"))
    assert current(out) == "why.1.1" and out.state.withdrawn == frozenset()
    q = current_question(SCRIPT, out.state)
    assert q is not None and q.subject == "Nobody owns the CRM"


def test_withdrawn_answer_off_the_path_waits_until_its_question_returns() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Answer("CRM"), Answer("No owner")])
    out = step(SCRIPT, out.state, Retract("why.1.1"))
    assert current(out) == "why.1.1"
    out = step(SCRIPT, out.state, Retract("why.1"))  # why.1.1 leaves the path
    assert current(out) == "why.1"
    out = step(SCRIPT, out.state, Answer("CRM again"))
    assert current(out) == "why.1.1"  # back on the path, and still withdrawn: asked again


def test_withdrawn_while_paused_moves_silently_and_resume_asks_it() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Answer("CRM"), Pause(), Retract("why.1")])
    assert kinds(out) == [SayKind.RETRACTED] and out.state.paused
    out = step(SCRIPT, out.state, Resume())
    assert kinds(out) == [SayKind.RESUMED, SayKind.QUESTION] and current(out) == "why.1"


def test_back_to_a_why_asks_it_again_and_follows_the_new_answer() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Answer("CRM"), Back()])
    assert current(out) == "why.1"
    out = step(SCRIPT, out.state, Answer("- No owner\n- No budget"))
    q = current_question(SCRIPT, out.state)
    assert q is not None and (q.key, q.subject) == ("why.1.1", "No owner")


def test_text_at_the_playback_asks_what_to_change_and_keeps_the_interview_open() -> None:
    out = run(SCRIPT, [*ONE_GOAL, Skip(), Skip(), Answer("The goal is wrong")])
    assert kinds(out) == [SayKind.CORRECTION_REQUESTED]
    assert current(out) == "playback" and not out.state.finished
    assert answers(out.state)["note.1"] == "The goal is wrong"
    out = step(SCRIPT, out.state, Confirm("Looks right"))
    assert kinds(out) == [SayKind.CLOSING] and out.state.finished


def test_confirm_before_the_playback_is_refused() -> None:
    out = run(SCRIPT, [Answer("Grow"), Confirm("Looks right")])
    assert kinds(out) == [SayKind.NOT_AT_PLAYBACK, SayKind.QUESTION]
    assert not out.state.finished and current(out) == "goal.1.measure"


def test_held_and_withdrawn_survive_the_stored_cursor() -> None:
    from bot.flows.state import dump_cursor, load_state

    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Answer("CRM"), Retract("why.1"), Pause()])
    out = step(SCRIPT, out.state, Answer("later words"))
    again = load_state(dump_cursor(out.state), dict(out.state.answers))
    assert (again.held, again.withdrawn) == (out.state.held, out.state.withdrawn)


def test_revising_a_why_answer_that_removes_the_branch_on_screen_moves_on() -> None:
    from bot.flows.inputs import Revise

    out = run(SCRIPT, [*ONE_GOAL, Answer("Leads"), Answer("- A\n- B"), RootCause()])
    assert current(out) == "why.1.2"
    out = step(SCRIPT, out.state, Revise("why.1", "Only A"))
    assert current(out) == "obstacle.2"


def test_follow_up_after_the_end_records_the_next_answer_under_its_key() -> None:
    from bot.flows.inputs import Ask
    from bot.interviews import status_of

    early = step(SCRIPT, run(SCRIPT, [Answer("Grow")]).state, Ask("later", "Anything new?"))
    assert early.says == () and early.state.asking is None  # only after the end
    done = run(SCRIPT, [*ONE_GOAL, Skip(), Skip(), Confirm("yes")])
    asked = step(SCRIPT, done.state, Ask("later", "Anything new?"))
    assert kinds(asked) == [SayKind.QUESTION] and status_of(asked.state) == "following_up"
    blank = step(SCRIPT, asked.state, Answer("  "))
    assert kinds(blank) == [SayKind.BLANK_ANSWER, SayKind.QUESTION]
    answered = step(SCRIPT, asked.state, Answer("We hired an analyst"))
    assert kinds(answered) == [SayKind.NOTED] and status_of(answered.state) == "finished"
    record = answered.state.answers["followup.later"]
    assert (record.question, record.text) == ("Anything new?", "We hired an analyst")
