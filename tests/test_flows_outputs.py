"""What the interview engine proposes for the roadmap: titles kept or changed at the playback,
fields drafted from the answers the script names (`fills`), and the five whys' progress."""

from __future__ import annotations

import dataclasses

from bot.flows.engine import step
from bot.flows.inputs import Answer, Confirm, Retitle, RootCause, Skip
from bot.flows.path import current_question
from bot.flows.script import Fills, QuestionSpec, Section
from bot.flows.summarise import build_summary
from bot.flows.titles import TITLE_MAX
from bot.flows.types import SayKind
from tests.factories import make_script, run

BASE = make_script()
SCRIPT = dataclasses.replace(
    BASE,
    goals=Section(
        "Goal?",
        "Another goal?",
        (QuestionSpec("measure", "Measured how?", "Measured by", Fills.METRIC),),
    ),
    obstacles=Section(
        "Obstacle?",
        "Another obstacle?",
        (
            QuestionSpec("impact", "How often?", "How often", Fills.JUSTIFICATION),
            QuestionSpec("affected", "Who else?", "Who else", Fills.TEAMS_AFFECTED),
        ),
    ),
    extras=(
        QuestionSpec("tried", "Tried?", "Already tried", Fills.SOLUTION),
        QuestionSpec("first", "Fix first?", "Fix first"),
        QuestionSpec("wand", "Magic wand?", "With a magic wand", Fills.SOLUTION),
    ),
)
OBSTACLE = "Leads get lost between marketing and sales. Nobody owns them after a webinar."
INTERVIEW = [
    Answer("Grow pipeline"),
    Answer("Qualified leads a month"),
    Skip(),
    Answer(OBSTACLE),
    Answer("Every week, 40 leads"),
    Answer("SDRs and marketing ops"),
    Answer("- Nobody owns the hand-over\n- The CRM has no lead stage"),
    RootCause(),  # the first cause is the root
    RootCause(),  # so is the second
    Skip(),  # no second obstacle
    Answer("A spreadsheet, abandoned"),
    Skip(),
    Answer("Route every lead within a day"),
]


def summary_of(state):  # type: ignore[no-untyped-def]
    return build_summary(
        SCRIPT, state, interview_id=1, stakeholder="Bo", facilitator="Fay", status="active"
    )


def test_two_causes_of_one_obstacle_are_one_problem_with_both_root_causes() -> None:
    out = run(SCRIPT, INTERVIEW)
    assert out.state.current == "playback"
    summary = summary_of(out.state)
    assert len(summary.pain_points) == 2  # stored one per root cause, as before
    (problem,) = summary.problems
    assert problem.title == "Leads get lost between marketing and sales"
    assert problem.root_causes == ("Nobody owns the hand-over", "The CRM has no lead stage")


def test_answers_named_in_the_script_draft_the_roadmap_fields() -> None:
    summary = summary_of(run(SCRIPT, INTERVIEW).state)
    drafts = dict(summary.pain_points[0].drafts)
    assert drafts == {
        "solution": "Already tried: A spreadsheet, abandoned\n"
        "With a magic wand: Route every lead within a day",
        "justification": "Every week, 40 leads",
        "teams_affected": "SDRs and marketing ops",
        "metric": "Qualified leads a month",
    }
    assert summary.pain_points[1].drafts == summary.pain_points[0].drafts
    skipped = run(
        SCRIPT, [*INTERVIEW[:4], Skip(), Skip(), *INTERVIEW[6:10], Skip(), Skip(), Skip()]
    )
    assert dict(summary_of(skipped.state).pain_points[0].drafts) == {
        "metric": "Qualified leads a month"
    }


def test_a_title_is_kept_or_changed_at_the_playback_only() -> None:
    out = run(SCRIPT, INTERVIEW)
    changed = step(SCRIPT, out.state, Retitle(1, "  Webinar leads   go cold {{ 7*7 }} "))
    assert [s.kind for s in changed.says] == [SayKind.TITLE_SET, SayKind.PLAYBACK]
    assert changed.changed == ("title.1",)
    assert summary_of(changed.state).problems[0].title == "Webinar leads go cold {{ 7*7 }}"
    assert {p.title for p in summary_of(changed.state).pain_points} == {
        "Webinar leads go cold {{ 7*7 }}"
    }
    same = step(SCRIPT, changed.state, Retitle(1, "Webinar leads go cold {{ 7*7 }}"))
    assert same.changed == () and [s.kind for s in same.says] == [SayKind.PLAYBACK]
    for bad in (Retitle(1, "  \u200b "), Retitle(1, "x" * (TITLE_MAX + 1)), Retitle(2, "No such")):
        refused = step(SCRIPT, changed.state, bad)
        assert [s.kind for s in refused.says] == [SayKind.BAD_TITLE, SayKind.PLAYBACK]
        assert refused.state == changed.state
    early = run(SCRIPT, [*INTERVIEW[:4], Retitle(1, "Too early")])
    assert [s.kind for s in early.says] == [SayKind.NOT_AT_PLAYBACK, SayKind.QUESTION]
    assert "title.1" not in early.state.answers
    done = step(SCRIPT, changed.state, Confirm("Looks right"))
    assert done.state.finished and summary_of(done.state).problems[0].title.startswith("Webinar")


def test_the_five_whys_count_their_depth_and_say_when_they_go_back_to_a_cause() -> None:
    out = run(SCRIPT, [*INTERVIEW[:6], Answer("- Nobody owns the hand-over\n- No lead stage")])
    asked = current_question(SCRIPT, out.state)
    assert asked is not None and (asked.depth, asked.branch) == (2, 1)
    progress = out.says[-1].progress
    assert progress is not None and (progress.why, progress.whys) == (2, 5)
    back = step(SCRIPT, out.state, RootCause())
    asked = current_question(SCRIPT, back.state)
    assert asked is not None and (asked.key, asked.branch) == ("why.1.2", 2)
    assert asked.subject == "No lead stage"
    goal = run(SCRIPT, [])
    assert goal.says[-1].progress is not None and goal.says[-1].progress.why == 0


def test_the_bridge_back_to_a_second_cause_names_it_escaped_for_slack() -> None:
    from bot.render import render_say
    from bot.scripts import load_messages

    out = run(SCRIPT, [*INTERVIEW[:6], Answer("- Nobody owns it\n- The <!channel> CRM stage")])
    back = step(SCRIPT, out.state, RootCause())
    say = back.says[-1]
    slack = render_say(say, script=SCRIPT, messages=load_messages(), fmt="mrkdwn")
    plain = render_say(say, script=SCRIPT, messages=load_messages(), fmt="plain")
    assert slack.startswith('Now back to "The &lt;!channel&gt; CRM stage".\nWhy 2?')
    assert "_Five whys · why 2 of 5_" in slack
    assert plain.startswith('Now back to "The <!channel> CRM stage".')
    assert "(Five whys · why 2 of 5)" in plain


def test_the_first_of_two_causes_says_the_second_comes_next() -> None:
    from bot.render import render_say
    from bot.scripts import load_messages

    out = run(SCRIPT, [*INTERVIEW[:6], Answer("- Nobody owns it\n- The CRM has no stage")])
    say = out.says[-1]
    assert say.question is not None and say.question.next_cause == "The CRM has no stage"
    text = render_say(say, script=SCRIPT, messages=load_messages(), fmt="plain")
    assert text.startswith(
        'You named more than one cause. First "Nobody owns it"; I\'ll come back to '
        '"The CRM has no stage" next.\nWhy 2?'
    )
    single = run(SCRIPT, [*INTERVIEW[:6], Answer("Nobody owns it")]).says[-1]
    assert single.question is not None and single.question.next_cause is None
