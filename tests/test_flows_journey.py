"""The journey as steps: a step-list section in the script data, walked until the stakeholder
says it ends; a step that goes wrong becomes an obstacle with its own five whys, and the summary
shows the journey as a numbered flow with the painful steps marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ScriptError
from bot.flows.engine import step
from bot.flows.inputs import Answer, Retitle, RootCause, Skip
from bot.flows.path import questions
from bot.flows.summarise import build_summary
from bot.flows.types import Phase
from bot.interviews import structure_of
from bot.render import render_summary
from bot.scripts import load_script
from prompts import SCRIPTS_DIR
from tests.factories import run

OPERATIONS = load_script("operations")
STEPS = [
    (
        "A visitor fills in the demo form",
        "Nobody: it is automatic",
        "HubSpot",
        "The SDR queue",
        None,
    ),
    (
        "An SDR qualifies the lead by phone",
        "The SDR team",
        "HubSpot and Aircall",
        "An account executive",
        "Half the leads wait two days before anyone calls",
    ),
    (
        "The account executive sends a quote",
        "Account executives",
        "A spreadsheet, then a PDF by email",
        "Finance",
        "Quotes go out with the wrong prices <!channel>",
    ),
    ("Finance books the contract", "Finance", "NetSuite", "Nobody: the journey ends", None),
]
WHYS = {
    2: [Answer("SDRs only see new leads in a morning export"), RootCause()],
    3: [
        Answer("- The price list lives in three spreadsheets\n- Discounts are typed by hand"),
        RootCause(),
        Answer("Finance never signed off on one master list"),
        RootCause(),
    ],
}


def interview() -> list[object]:
    inputs: list[object] = [Answer("Inbound lead to signed contract"), Answer("Weekly conversion")]
    inputs.append(Skip())  # no second process
    for number, (what, who, tool, handoff, wrong) in enumerate(STEPS, start=1):
        inputs += [Answer(what), Answer(who), Answer(tool), Answer(handoff)]
        inputs += [Answer(wrong), *WHYS[number]] if wrong else [Skip()]
    inputs.append(Skip())  # "what happens next?": the journey ends
    inputs.append(Skip())  # nothing else gets stuck
    inputs += [Skip(), Skip(), Answer("Every lead routed within an hour")]
    return inputs


def test_the_shipped_operations_script_walks_a_journey_by_steps() -> None:
    journey = OPERATIONS.journey
    assert journey is not None and journey.pain == "goes_wrong"
    assert [d.key for d in journey.details] == ["who", "tool", "handoff", "goes_wrong"]
    out = run(OPERATIONS, [Answer("Inbound lead to signed contract"), Answer("Weekly"), Skip()])
    (asked,) = [q for q in questions(OPERATIONS, out.state) if q.key == out.state.current]
    assert asked.key == "step.1" and asked.phase is Phase.JOURNEY
    out = step(OPERATIONS, out.state, Answer("A visitor fills in the form"))
    assert out.state.current == "step.1.who"


def test_four_steps_two_painful_end_in_two_obstacles_each_with_its_why_chain() -> None:
    out = run(OPERATIONS, interview())  # type: ignore[arg-type]
    assert out.state.current == "playback"
    summary = build_summary(
        OPERATIONS, out.state, interview_id=7, stakeholder="Sofia", facilitator="Ana", status=""
    )
    assert [s.text for s in summary.journey] == [s[0] for s in STEPS]
    assert [bool(s.goes_wrong) for s in summary.journey] == [False, True, True, False]
    first, second = summary.obstacles
    assert (first.step, first.text) == (2, STEPS[1][4])
    assert (second.step, second.text) == (3, STEPS[2][4])
    assert [r.text for r in first.root_causes] == ["SDRs only see new leads in a morning export"]
    assert [r.text for r in second.root_causes] == [
        "The price list lives in three spreadsheets",
        "Finance never signed off on one master list",
    ]
    assert [n.cause for n in second.whys] == [
        "The price list lives in three spreadsheets",
        "Discounts are typed by hand",
    ]
    assert [p.number for p in summary.problems] == [1, 2]
    # Stored like any obstacle: two obstacles, their whys and one pain point per root cause.
    stored = structure_of(summary)
    assert [text for _, text in stored.obstacles] == [STEPS[1][4], STEPS[2][4]]
    assert len(stored.pain_points) == 3 and len(stored.whys) == 4
    for fmt in ("text", "mrkdwn", "md"):
        shown = render_summary(summary, fmt)  # type: ignore[arg-type]
        at = [shown.index(what) for what, *_ in STEPS]
        assert at == sorted(at), fmt  # the four steps in order
        assert shown.count("[goes wrong]") == 2, fmt
        assert "(step 2)" in shown and "(step 3)" in shown
        assert "What goes wrong at this step" not in shown  # a skipped one is no question left
    assert "&lt;!channel&gt;" in render_summary(summary, "mrkdwn")
    text = render_summary(summary, "text").splitlines()
    assert text[2] == (
        "1. Half the leads wait two days before anyone calls · root cause: SDRs only see new "
        "leads in a morning export"
    )
    retitled = step(OPERATIONS, out.state, Retitle(2, "Quotes carry wrong prices"))
    again = build_summary(
        OPERATIONS, retitled.state, interview_id=7, stakeholder="S", facilitator="A", status=""
    )
    assert [p.title for p in again.problems][1] == "Quotes carry wrong prices"


def test_a_step_list_section_is_validated_like_the_others(tmp_path: Path) -> None:
    text = (SCRIPTS_DIR / "operations.toml").read_text(encoding="utf-8")
    broken = text.replace('pain = "goes_wrong"', 'pain = "broken"').replace(
        'next = "What happens next?', 'nxt = "What happens next?'
    )
    (tmp_path / "operations.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(ScriptError) as caught:
        load_script("operations", directory=tmp_path)
    message = str(caught.value)
    assert "journey.nxt: unknown key" in message and "journey.next: missing" in message
    assert "journey.pain: 'broken' is not the key of one of its details" in message
    # Any script may use one: the step list is data, not tied to a purpose.
    pains = (SCRIPTS_DIR / "pain_points.toml").read_text(encoding="utf-8")
    journey = text[text.index("[journey]") : text.index("[obstacles]")]
    (tmp_path / "pain_points.toml").write_text(
        pains.replace("[obstacles]", journey + "[obstacles]")
    )
    assert load_script("pain_points", directory=tmp_path).journey == OPERATIONS.journey


def test_an_interview_that_only_walked_steps_has_recorded_something() -> None:
    out = run(OPERATIONS, [Skip(), Answer("A visitor fills in the demo form")])
    summary = build_summary(
        OPERATIONS, out.state, interview_id=1, stakeholder="S", facilitator="F", status=""
    )
    assert summary.goals == () and len(summary.journey) == 1 and not summary.recorded_nothing
