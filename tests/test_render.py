"""Rendering summaries and replies: layout, Slack escaping, inert user text, strict templates."""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.flows.script import Purpose, QuestionSpec, Script, Section
from bot.flows.summary import (
    QA,
    GoalView,
    InterviewSummary,
    ObstacleView,
    PainPointView,
    RootCause,
    RootCauseStatus,
    WhyNode,
)
from bot.flows.types import Phase, Progress, Question, Say, SayKind
from bot.render import (
    ENV,
    TEXT_DIVIDER,
    escape_mrkdwn,
    render_say,
    render_summary,
    render_summary_parts,
)
from bot.scripts import MESSAGE_KINDS, load_messages, load_scripts

Fmt = Literal["mrkdwn", "md", "text"]
FORMATS: tuple[Fmt, ...] = ("mrkdwn", "md")


def make_summary(text: str = "Customers churn after onboarding") -> InterviewSummary:
    """A summary with every section filled; `text` is the answer to the extra question."""
    staff = WhyNode(
        "o1.w2", 2, "Staff are short\nin summer", is_root=True, marked_by_stakeholder=True
    )
    return InterviewSummary(
        interview_id=42,
        purpose="pain_points",
        script_title="Surface pain points",
        script_version=3,
        stakeholder="Ana Lima",
        facilitator="Ben Ode",
        status="done",
        goals=(
            GoalView(1, "Grow repeat orders", (QA("g1.measure", "Measured how?", "Repeat rate"),)),
            GoalView(2, "Cut costs", (QA("g2.measure", "Measured how?", "", skipped=True),)),
        ),
        obstacles=(
            ObstacleView(
                1,
                "Orders arrive late",
                details=(QA("o1.impact", "How often?", "Every day"),),
                whys=(
                    WhyNode("o1.w1", 1, "The warehouse is slow", False, False, (staff,)),
                    WhyNode(
                        "o1.w1b",
                        1,
                        "The carrier is late",
                        is_root=True,
                        marked_by_stakeholder=False,
                    ),
                ),
                root_causes=(
                    RootCause(
                        "r1", "Staff are short", RootCauseStatus.VALIDATED, "Rota data", True
                    ),
                    RootCause("r2", "The carrier is late"),
                    RootCause(
                        "r3", "Bad forecasts", RootCauseStatus.REFUTED, "Forecasts were fine"
                    ),
                ),
            ),
        ),
        extras=(QA("wand", "Magic wand?", text),),
        # One obstacle whose why chain found two root causes: two stored pain points.
        pain_points=(
            PainPointView(
                "Orders arrive late", "Staff are short", "It hurts every Monday", "r1", 1, "Late"
            ),
            PainPointView(
                "Orders arrive late", "The carrier is late", "The carrier is late", "r2", 1, "Late"
            ),
        ),
        skipped=("Cut costs: Measured how?",),
    )


def everywhere(text: str) -> InterviewSummary:
    """A summary whose every piece of text is `text`."""
    qa = QA("k", text, text)
    node = WhyNode("w", 1, text, True, True, (WhyNode("w2", 2, text, True, False),))
    cause = RootCause("r", text, RootCauseStatus.HYPOTHESIS, text, True)
    return InterviewSummary(
        interview_id=1,
        purpose=text,
        script_title=text,
        script_version=1,
        stakeholder=text,
        facilitator=text,
        status=text,
        goals=(GoalView(1, text, (qa,)),),
        obstacles=(ObstacleView(1, text, (qa,), (node,), (cause,)),),
        extras=(qa,),
        pain_points=(PainPointView(text, text, text, "r", 1, text),),
        skipped=(text,),
    )


HOSTILE = [
    "<!channel> please look",
    "<@U123> and <#C123|general> and <https://evil.example|click>",
    "salt & pepper &amp; more",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "🎉🔥 emoji 👩🏽‍💻",
    "مرحبا بالعالم ‏שלום‎ \u202eevil",
    "zero\u200bwidth\u200dchars\ufeff",
    "```\ncode fence that never closes",
    "line one\n# heading\n| a | b |\n|---|---|\n---\n- list\n1. ordered\n[ref]: https://x",
    "",
    "   ",
    "a" * 40_000,
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_shows_every_section(fmt: Fmt) -> None:
    out = render_summary(make_summary(), fmt)
    for text in [
        "Surface pain points",
        "Ana Lima",
        "Grow repeat orders",
        "Measured how?",
        "Repeat rate",
        "Orders arrive late",
        "Every day",
        "Why 1 →",
        "Why 2 →",
        "The warehouse is slow",
        "root cause, marked by the stakeholder",
        "validated",
        "refuted",
        "Rota data",
        "Magic wand?",
        "Customers churn after onboarding",
        "Late",
        "root causes: Staff are short; The carrier is late",
        "Cut costs: Measured how?",
    ]:
        assert text in out, text
    if fmt == "md":
        assert "facilitated by Ben Ode" in out
    # No internal keys, no status, and the two causes of one obstacle are one pain point.
    for internal in ("pain_points", "script v", "Status", "done", "In their words"):
        assert internal not in out, internal
    assert out.count("Staff are short; The carrier is late") == 1


@pytest.mark.parametrize("fmt", [*FORMATS, "text"])
def test_a_summary_starts_with_at_most_five_lines_then_a_divider(fmt: Fmt) -> None:
    points = tuple(
        PainPointView(f"Problem {n}. More words.", f"cause {n}", "", f"r{n}", n, f"Title {n}")
        for n in range(1, 6)
    )
    many = dataclasses.replace(make_summary(), pain_points=points)
    short, details = render_summary_parts(many, fmt)
    lines = short.splitlines()
    assert len(lines) == 5 and "Surface pain points" in lines[0] and "Ana Lima" in lines[0]
    assert "Main goal:" in lines[1] and "Grow repeat orders" in lines[1]
    assert "Title 1" in lines[2] and "cause 1" in lines[2] and "Title 2" in lines[3]
    assert "3 more pain points below" in lines[4]
    assert "Goal 1" in details or "1. Grow repeat orders" in details
    few = render_summary(make_summary(), fmt).splitlines()
    assert "Late" in few[2] and "Staff are short; The carrier is late" in few[2]
    divider = {"text": [TEXT_DIVIDER], "md": ["", "---"], "mrkdwn": [""]}[fmt]
    assert few[3 : 3 + len(divider)] == divider  # in Slack, a divider block (test_blocks)


def test_answers_are_shown_under_their_label_not_the_question() -> None:
    goal = GoalView(
        1, "Grow", (QA("goal.1.measure", "How would you measure it?", "ARR", False, "Measured by"),)
    )
    out = render_summary(dataclasses.replace(make_summary(), goals=(goal,)), "mrkdwn")
    assert "Measured by: ARR" in out and "How would you measure it?" not in out


def test_mrkdwn_why_chain_is_an_indented_tree() -> None:
    lines = render_summary(make_summary(), "mrkdwn").splitlines()
    first = next(line for line in lines if "Why 1 → The warehouse is slow" in line)
    second = next(line for line in lines if "Why 2 → Staff are short" in line)
    indent = len(second) - len(second.lstrip())
    assert indent > len(first) - len(first.lstrip())
    # The second line of a multi-line cause stays inside the tree, further in than its label.
    assert lines[lines.index(second) + 1].startswith(" " * (indent + 1))


def test_md_why_chain_is_a_nested_list() -> None:
    out = render_summary(make_summary(), "md")
    assert "- **Why 1 →** The warehouse is slow\n  - **Why 2 →** Staff are short\n" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_summary_omits_optional_sections(fmt: Fmt) -> None:
    summary = dataclasses.replace(make_summary(), goals=(), obstacles=(), extras=())
    summary = dataclasses.replace(summary, pain_points=(), skipped=(), interview_id=None)
    out = render_summary(summary, fmt)
    assert "No pain points yet." in out
    for heading in ("Goals", "Pain points in detail", "Skipped", "More", "interview #"):
        assert heading not in out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_user_text_renders_inert(fmt: Fmt, text: str) -> None:
    out = render_summary(everywhere(text), fmt)
    assert "<!channel>" not in out
    assert "<@U123>" not in out
    assert "&amp;amp;" not in out or "&amp;amp;" in escape_mrkdwn(text)
    assert "49" not in out
    if fmt == "mrkdwn":
        assert "<" not in out and ">" not in out
        assert "```" not in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_template_syntax_in_user_text_is_printed_literally(fmt: Fmt) -> None:
    out = render_summary(make_summary("{{ 7*7 }} {% if true %}yes{% endif %}"), fmt)
    shown = re.sub(r"\\(.)", r"\1", out) if fmt == "md" else out  # as Markdown displays it
    assert "{{ 7*7 }} {% if true %}yes{% endif %}" in shown
    assert "49" not in out


def test_ampersand_is_escaped_exactly_once_for_slack() -> None:
    out = render_summary(everywhere("R&D <b>"), "mrkdwn")
    assert "R&amp;D &lt;b&gt;" in out
    assert "&amp;amp;" not in out and "&amp;lt;" not in out


def test_markdown_and_the_terminal_are_not_escaped_for_slack() -> None:
    md = render_summary(everywhere("R&D <b> G&A *bold* &amp; pain_points"), "md")
    assert "R&D \\<b\\> G&A \\*bold\\* \\&amp; pain_points" in md
    assert "&lt;" not in md and "R&amp;D" not in md
    text = render_summary(everywhere("R&D <b> G&A *bold* &amp;"), "text")
    assert "R&D <b> G&A *bold* &amp;" in text and "\\" not in text


def test_long_answer_is_kept_whole() -> None:
    out = render_summary(make_summary("a" * 40_000), "mrkdwn")
    assert "a" * 40_000 in out


def test_mrkdwn_multiline_text_stays_indented() -> None:
    out = render_summary(make_summary("first\n*Goals*\n• fake bullet"), "mrkdwn")
    assert "Magic wand?: first\n" in out
    assert "\n*Goals*" in out  # our heading, once
    assert out.count("*Goals*") == 2
    assert "\n    *Goals*\n    • fake bullet" in out


def test_md_multiline_text_cannot_become_heading_or_table() -> None:
    out = render_summary(make_summary("line one\n# heading\n| a | b |\n---\n  - item"), "md")
    assert "line one  \n\\# heading  \n\\| a \\| b \\|  \n\\---  \n\\- item\n" in out
    own = ("# Surface", "## ", "### ", "#### ")
    assert all(line.startswith(own) for line in out.splitlines() if line.startswith("#"))
    assert not any(line.startswith("|") for line in out.splitlines())


def test_md_one_line_fields_cannot_start_a_block() -> None:
    summary = dataclasses.replace(make_summary(), stakeholder="# Boss", skipped=("# gone\n| x |",))
    out = render_summary(summary, "md")
    assert out.startswith("# Surface pain points with \\# Boss")
    assert "Interview #42 with \\# Boss," in out
    assert "- \\# gone \\| x \\|" in out


def test_escape_mrkdwn_escapes_ampersand_first() -> None:
    assert escape_mrkdwn("a & <b> &amp;") == "a &amp; &lt;b&gt; &amp;amp;"


def test_template_referencing_a_missing_attribute_raises() -> None:
    template = ENV.from_string("{{ summary.no_such_field }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render(summary=make_summary())


def test_there_is_no_esc_filter_to_double_escape_with() -> None:
    with pytest.raises(jinja2.TemplateAssertionError):
        ENV.from_string("{{ text|esc }}")


def test_environment_escapes_every_printed_value_once() -> None:
    out = ENV.from_string("{{ a }}|{{ a ~ b }}|{{ 'x&y' }}|{{ 3 }}").render(a="<&>", b="&")
    assert out == "&lt;&amp;&gt;|&lt;&amp;&gt;&amp;|x&amp;y|3"


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_no_angle_bracket_from_user_text_survives_in_mrkdwn(text: str) -> None:
    # Every string of this summary is the generated text, so any < or > in the output is user text.
    out = render_summary(everywhere(text), "mrkdwn")
    assert "<" not in out and ">" not in out


@given(st.text())
@settings(max_examples=100, deadline=None)
def test_md_summary_renders_any_text(text: str) -> None:
    assert "Goal 1" in render_summary(everywhere(text), "md")


# --- replies -------------------------------------------------------------------------------------

SCRIPT = Script(
    purpose=Purpose.PAIN_POINTS,
    version=1,
    title="Pain points",
    description="What hurts",
    intro="Hello & welcome",
    goals=Section(first="Goal?", more="Another?", details=(QuestionSpec("measure", "How?"),)),
    obstacles=Section(first="Obstacle?", more="Another?"),
    whys=("Why 1?", "Why 2?", "Why 3?", "Why 4?", "Why 5?"),
    extras=(),
    playback="Right?",
    closing="Thanks",
)
MESSAGES = load_messages()
WHY = Question(
    "o1.w1", Phase.WHYS, "Why does that happen?", subject="Orders <!here> & late", depth=1
)


def say(s: Say, fmt: Literal["mrkdwn", "plain"] = "mrkdwn") -> str:
    return render_say(s, script=SCRIPT, messages=MESSAGES, fmt=fmt)


@pytest.mark.parametrize("fmt", ["mrkdwn", "plain"])
def test_script_worded_replies_come_from_the_script(fmt: Literal["mrkdwn", "plain"]) -> None:
    assert say(Say(SayKind.INTRO), fmt) == (
        "Hello &amp; welcome" if fmt == "mrkdwn" else SCRIPT.intro
    )
    assert say(Say(SayKind.PLAYBACK), fmt) == SCRIPT.playback
    assert say(Say(SayKind.CLOSING), fmt) == SCRIPT.closing


def test_question_shows_text_and_progress() -> None:
    question = Question("g1", Phase.GOALS, "Goal?")
    assert say(Say(SayKind.QUESTION, question)) == "Goal?"
    out = say(Say(SayKind.QUESTION, question, Progress(answered=3, phase=Phase.GOALS)))
    assert out.startswith("Goal?\n") and "Goals · 3 answered" in out


def test_why_question_quotes_its_subject_escaped() -> None:
    out = say(Say(SayKind.QUESTION, WHY))
    assert out == "> Orders &lt;!here&gt; &amp; late\nWhy does that happen?"


def test_plain_reply_is_not_escaped_and_has_no_mrkdwn() -> None:
    out = say(Say(SayKind.QUESTION, WHY, Progress(5, Phase.WHYS)), "plain")
    assert "Orders <!here> & late" in out and "&amp;" not in out
    assert "_" not in out and "*" not in out


def test_multiline_subject_is_quoted_line_by_line() -> None:
    question = dataclasses.replace(WHY, subject="one\ntwo")
    assert say(Say(SayKind.QUESTION, question)).startswith("> one\n> two\n")


@pytest.mark.parametrize("fmt", ["mrkdwn", "plain"])
@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_message_renders_and_repeats_the_question(
    kind: SayKind, fmt: Literal["mrkdwn", "plain"]
) -> None:
    alone = say(Say(kind), fmt)
    assert alone == MESSAGES[kind]
    question = Question("g1", Phase.GOALS, "Goal?")
    assert say(Say(kind, question), fmt) == f"{MESSAGES[kind]}\n\nGoal?"


def test_shipped_wording_renders_for_every_purpose() -> None:
    for script in load_scripts().values():
        for kind, text in [(SayKind.INTRO, script.intro), (SayKind.CLOSING, script.closing)]:
            out = render_say(Say(kind), script=script, messages=MESSAGES, fmt="mrkdwn")
            assert out == text


def test_question_reply_without_a_question_raises() -> None:
    with pytest.raises(jinja2.UndefinedError):
        say(Say(SayKind.QUESTION))


@pytest.mark.parametrize("fmt", FORMATS)
def test_pain_point_without_root_cause_says_so(fmt: Fmt) -> None:
    point = PainPointView("Late orders", "", "It hurts")
    out = render_summary(dataclasses.replace(make_summary(), pain_points=(point,)), fmt)
    assert "not found yet" in out.lower()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_root_cause_is_marked_by_whoever_answered(fmt: Fmt) -> None:
    by_dm = render_summary(make_summary(), fmt)
    taking_notes = render_summary(
        dataclasses.replace(make_summary(), respondent="facilitator"), fmt
    )
    assert (
        "marked by the stakeholder" in by_dm and "facilitator" not in by_dm.split("marked")[1][:30]
    )
    assert "marked by the facilitator" in taking_notes
    assert "marked by the stakeholder" not in taking_notes
