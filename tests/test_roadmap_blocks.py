"""The roadmap's commands, Block Kit and forms: parsed strictly, escaped, within Slack's limits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks import metric_ids, sizing
from bot.blocks import roadmap_forms as form
from bot.blocks import roadmap_ids as ids
from bot.blocks.commands import (
    RoadmapDuplicates,
    RoadmapExport,
    RoadmapPlan,
    RoadmapPost,
    RoadmapShow,
    SizeRequest,
    Usage,
    UsageReason,
    parse_command_text,
)
from bot.blocks.limits import check_message, check_view
from bot.blocks.roadmap import (
    build_duplicate,
    build_home_section,
    build_roadmap_list,
)
from bot.blocks.roadmap_card import build_card
from bot.blocks.roadmap_plan import build_plan_message
from bot.blocks.sizing import build_size_ask
from bot.blocks.wording import load_slack_wording
from bot.flows.summary import RootCauseStatus as V
from bot.metrics.check import MetricDraft
from bot.metrics.model import Cadence, Direction, MetricState
from bot.roadmap.board import build_board
from bot.roadmap.model import Candidate, Evidence, ImpactKind, Priority, Size
from bot.roadmap.stored import sizing_of, suggestion_of
from storage import CandidateRow, EvidenceRow, SizingRow, SuggestionRow

W = load_slack_wording()
NASTY = "<!channel> & <@U123> ```code``` " + "x" * 40_000
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("roadmap", RoadmapShow()),
        ("ROADMAP #12", RoadmapShow(12)),
        ("roadmap plan", RoadmapPlan()),
        ("roadmap duplicates", RoadmapDuplicates()),
        ("roadmap post <#C0123ABC|roadmap>", RoadmapPost("C0123ABC")),
        ("roadmap post <#C0123ABC>", RoadmapPost("C0123ABC")),
        ("roadmap export XLSX", RoadmapExport("xlsx")),
        ("roadmap export .csv", RoadmapExport("csv")),
        ("size 12 <@U0ENG|eng>", SizeRequest(12, "U0ENG")),
        ("roadmap post #roadmap", Usage(UsageReason.BAD_CHANNEL)),
        ("roadmap post", Usage(UsageReason.BAD_CHANNEL)),
        ("roadmap post <!channel>", Usage(UsageReason.BAD_CHANNEL)),
        ("roadmap export pdf", Usage(UsageReason.BAD_FORMAT)),
        ("roadmap export", Usage(UsageReason.BAD_FORMAT)),
        ("roadmap plan please", Usage(UsageReason.EXTRA_WORDS)),
        ("roadmap 12 now", Usage(UsageReason.EXTRA_WORDS)),
        ("roadmap 0", Usage(UsageReason.UNKNOWN_COMMAND)),
        ("roadmap 99999999999", Usage(UsageReason.UNKNOWN_COMMAND)),
        ("size", Usage(UsageReason.MISSING_ID)),
        ("size twelve <@U0ENG>", Usage(UsageReason.BAD_ID)),
        ("size 12", Usage(UsageReason.MISSING_PERSON)),
        ("size 12 eng", Usage(UsageReason.NOT_A_PERSON)),
        ("size 12 <@U0ENG> <@U0TWO>", Usage(UsageReason.NOT_A_PERSON)),
    ],
)
def test_roadmap_commands_parse_strictly(text: str, command: object) -> None:
    assert parse_command_text(text) == command


def test_every_new_usage_reason_has_a_sentence() -> None:
    assert W.usage.reason(UsageReason.BAD_FORMAT).startswith("Export the roadmap")
    assert W.usage.reason(UsageReason.BAD_CHANNEL).startswith("Name the channel")
    assert "/interview roadmap" in W.usage.help and "/interview size 12" in W.usage.help


def evidence(pid: int, who: str, quote: str = "q", verdict: V | None = V.HYPOTHESIS) -> Evidence:
    return Evidence(pid, pid, f"why.{pid}.1", "p", "root", quote, pid, who, verdict=verdict)


def candidate(cid: int, text: str = "Leads get lost", **kw: Any) -> Candidate:
    return Candidate(id=cid, team_id=1, problem=text, root_cause="CRM by hand", **kw)


def test_lists_cards_and_plans_escape_user_text_and_fit_slacks_limits() -> None:
    many = tuple(evidence(i, f"P{i} {NASTY[:50]}", NASTY) for i in range(1, 120))
    items = [
        candidate(1, NASTY, evidence=many, impact=5, effort=Size.XL, impact_kind=ImpactKind.RISK),
        *(candidate(i, f"{NASTY[:200]} {i}", impact=2, effort=Size.L) for i in range(2, 80)),
    ]
    board = build_board(items)
    listing = build_roadmap_list(board, wording=W)
    check_message(listing["text"], listing["blocks"])
    assert "<!channel>" not in str(listing) and "&lt;!channel&gt;" in str(listing)
    kinds = [b["type"] for b in listing["blocks"]]
    assert kinds == ["section", "table", "actions", "context"]  # title, table, menu, hint
    assert len(listing["blocks"][1]["rows"]) == 11  # the header and the top ten
    ranked = board.get(1)
    assert ranked is not None
    card = build_card(ranked, board, wording=W)
    check_view(card)
    assert len(card["blocks"]) <= 100 and "<!channel>" not in str(card)
    plan = build_plan_message(board, wording=W, decide=True)
    check_message(plan["text"], plan["blocks"])
    assert "costs the same as" in str(plan)  # each big year-1 item's trade-off
    assert "<!channel>" not in str(plan)
    home = build_home_section(board, wording=W, duplicates=3, sizing=1)
    assert sum(1 for b in home if b.get("accessory")) == 5


def test_the_card_shows_the_formula_with_its_inputs_and_the_override_beside_it() -> None:
    item = candidate(
        1,
        evidence=(evidence(1, "Ann", verdict=V.VALIDATED), evidence(2, "Bob")),
        impact=4,
        effort=Size.M,
        impact_kind=ImpactKind.REVENUE,
        priority_override=Priority.P3,
        override_reason="waiting for the new CRM",
    )
    board = build_board([item])
    ranked = board.get(1)
    assert ranked is not None
    text = str(build_card(ranked, board, wording=W))
    assert (
        "impact 4 \u00d7 reach 2.00 (2 stakeholders) \u00d7 confidence 1 (validated)"
        " \u00d7 effort 1 (M) = *8.00* → P1"
    ) in text
    assert "RICE" in text and "ICE 60" in text
    assert "*P3* by override: waiting for the new CRM (the formula says P1)" in text
    assert "Revenue, 4 of 5" in text


def row(cid: int, problem: str, who: str, quote: str) -> CandidateRow:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    ev = EvidenceRow(
        cid, cid, "why.1.1", problem, "", quote, cid, who, None, None, "UFAC", None, None, None
    )
    return CandidateRow(
        id=cid, team_id=1, problem=problem, created_at=now, updated_at=now, evidence=(ev,)
    )


def test_a_duplicate_dm_shows_both_sides_escaped_with_merge_and_not_the_same() -> None:
    suggestion = SuggestionRow(
        7, 1, row(3, "Sales loses <!here> leads", "Cy", NASTY), row(1, "Leads lost", "Ann", "q"),
        72.4, "pending", None,
    )  # fmt: skip
    message = build_duplicate(suggestion_of(suggestion), wording=W)
    check_message(message["text"], message["blocks"])
    left, right = (f["text"] for f in message["blocks"][1]["fields"])
    assert left.startswith("*#1* Leads lost") and right.startswith("*#3* Sales loses &lt;!here&gt;")
    buttons = message["blocks"][2]["elements"]
    assert [b["action_id"] for b in buttons] == [ids.MERGE, ids.NOT_SAME]
    assert {b["value"] for b in buttons} == {"7"} and "72%" in message["blocks"][0]["text"]["text"]


def test_the_sizing_dm_shows_the_scale_the_note_and_a_button_per_size() -> None:
    from datetime import UTC, datetime

    from bot.roadmap.formula import DEFAULT_POINTS

    request = SizingRow(
        5,
        1,
        2,
        "U0ENG",
        "U0FAC",
        None,
        None,
        "pending",
        datetime(2026, 12, 1, tzinfo=UTC),
        None,
        request_note="Check the CRM export first <!channel>",
    )
    item = candidate(2, "Leads get lost between marketing and sales. Nobody owns them.")
    message = build_size_ask(
        sizing_of(request), item, wording=W, points=DEFAULT_POINTS, capacity=12
    )
    check_message(message["text"], message["blocks"])
    text = str(message["blocks"])
    first = message["blocks"][0]["text"]["text"]
    assert "*#2* Leads get lost between marketing and sales\n" in first  # the title
    assert "Nobody owns them" not in first
    assert "Note from <@U0FAC>: Check the CRM export first &lt;!channel&gt;" in text
    assert "*M* ≈ 6 team-weeks, about half a quarter" in text
    assert "*L* ≈ 12 team-weeks, about a quarter" in text
    assert "*XL* ≈ 24 team-weeks, about 2 quarters" in text
    assert "*XS* ≈ 1 team-weeks, under a month" in text
    buttons = message["blocks"][-1]["elements"]
    assert [b["text"]["text"] for b in buttons] == [
        "XS",
        "S",
        "M",
        "L",
        "XL",
        "Size with a note",
        "Not mine to size",
    ]
    assert len({b["action_id"] for b in buttons}) == 7 and {b["value"] for b in buttons} == {"5"}
    other_team = build_size_ask(
        sizing_of(request), item, wording=W, points={**DEFAULT_POINTS, Size.M: 10}, capacity=40
    )
    assert "*M* ≈ 10 team-weeks, under a month" in str(other_team["blocks"])


def state(values: dict[str, Any], metadata: str = "1") -> dict[str, Any]:
    return {
        "private_metadata": metadata,
        "state": {"values": {k: {k: v} for k, v in values.items()}},
    }


def chosen(value: str) -> dict[str, Any]:
    return {"selected_option": {"value": value}}


def test_the_impact_form_needs_all_four_parts_a_new_target_and_a_future_deadline() -> None:
    check_view(form.build_impact_modal(candidate(1), wording=W))
    empty = form.parse_impact(state({}), wording=W, today=TODAY)
    assert isinstance(empty, dict) and set(empty) == {
        form.KIND, form.IMPACT_SCORE, form.METRIC, form.BASELINE, form.TARGET, form.DEADLINE,
        metric_ids.UNIT, metric_ids.DIRECTION, metric_ids.OWNER, metric_ids.CADENCE,
    }  # fmt: skip
    filled = {
        form.KIND: chosen("cost"),
        form.IMPACT_SCORE: chosen("3"),
        form.METRIC: {"value": "Days to close"},
        form.BASELINE: {"value": "10 days"},
        form.TARGET: {"value": "10  Days"},
        form.DEADLINE: {"selected_date": "2026-11-26"},
        metric_ids.DIRECTION: chosen("decrease"),
        metric_ids.OWNER: {"selected_user": "UFIN"},
        metric_ids.CADENCE: chosen("monthly"),
    }
    bad = form.parse_impact(state(filled), wording=W, today=TODAY)
    assert bad == {
        form.TARGET: W.roadmap.same_target,
        form.DEADLINE: W.roadmap.past_deadline,
        metric_ids.DIRECTION: W.metrics.wrong_way_down,
    }
    good = {
        **filled,
        form.TARGET: {"value": "3 days"},
        form.DEADLINE: {"selected_date": "2027-03-31"},
    }
    parsed = form.parse_impact(state(good), wording=W, today=TODAY)
    assert not isinstance(parsed, dict)
    cid, impact = parsed
    assert (cid, impact.impact_kind, impact.impact, impact.deadline) == (
        1, ImpactKind.COST, 3, date(2027, 3, 31)
    )  # fmt: skip
    assert impact.first_metric == MetricDraft(
        name="Days to close",
        unit="days",
        direction=Direction.DECREASE,
        baseline=10,
        target=3,
        deadline=date(2027, 3, 31),
        owner="UFIN",
        cadence=Cadence.MONTHLY,
        state=MetricState.DRAFT,
    )
    assert form.parse_impact(state(good, "junk"), wording=W, today=TODAY) == {
        form.KIND: W.roadmap.expired
    }


def test_override_verdict_sizing_and_note_forms_refuse_what_they_must() -> None:
    assert form.parse_override(state({form.PRIORITY: chosen("P1")}), wording=W) == {
        form.REASON: W.roadmap.missing_reason
    }
    assert form.parse_override(state({form.PRIORITY: chosen("clear")}), wording=W) == {
        form.REASON: W.roadmap.missing_reason
    }
    back = {form.PRIORITY: chosen("clear"), form.REASON: {"value": "moved on"}}
    assert form.parse_override(state(back), wording=W) == (1, None, "moved on")
    assert form.parse_override(
        state({form.PRIORITY: chosen("P2"), form.REASON: {"value": " legal  hold "}}), wording=W
    ) == (1, Priority.P2, "legal hold")
    value = form.verdict_value(1, 4, "why.1.1")
    assert form.parse_verdict(
        state({form.VERDICT_CHOICE: chosen("refuted")}, value), wording=W
    ) == {form.EVIDENCE: W.roadmap.missing_evidence}
    back = form.parse_verdict(state({form.VERDICT_CHOICE: chosen("hypothesis")}, value), wording=W)
    assert isinstance(back, form.VerdictForm) and back.key == "why.1.1" and back.evidence is None
    assert form.parse_verdict(state({}, "1:2:DROP TABLE"), wording=W) == {
        form.VERDICT_CHOICE: W.roadmap.expired
    }
    assert sizing.parse_sizing(
        state({sizing.ENGINEER: {"selected_user": "not a user"}}), wording=W
    ) == {sizing.ENGINEER: W.roadmap.missing_engineer}
    engineer = {"selected_user": "U0ENGINEER"}
    assert sizing.parse_sizing(
        state({sizing.ENGINEER: engineer, sizing.REQUEST_NOTE: {"value": "  look at\n the API "}}),
        wording=W,
    ) == (1, "U0ENGINEER", "look at the API")
    assert sizing.parse_sizing(
        state({sizing.ENGINEER: engineer, sizing.REQUEST_NOTE: {"value": "x" * 2001}}), wording=W
    ) == {sizing.REQUEST_NOTE: W.roadmap.too_long}
    assert sizing.parse_note(state({sizing.SIZE_CHOICE: chosen("XXL")}), wording=W) == {
        sizing.SIZE_CHOICE: W.roadmap.missing_size
    }
    assert sizing.parse_note(state({sizing.SIZE_CHOICE: chosen("XL")}), wording=W) == (
        1,
        Size.XL,
        None,
        None,
    )
    sure = {sizing.SIZE_CHOICE: chosen("S"), sizing.CONFIDENCE: chosen("low")}
    assert sizing.parse_note(state(sure), wording=W) == (1, Size.S, None, "low")
    unsure = {sizing.SIZE_CHOICE: chosen("S"), sizing.CONFIDENCE: chosen("{{ 7*7 }}")}
    assert sizing.parse_note(state(unsure), wording=W) == {
        sizing.CONFIDENCE: W.roadmap.missing_confidence
    }
    for view in (
        sizing.build_sizing_modal(1, wording=W),
        form.build_override_modal(candidate(1), wording=W),
        form.build_verdict_modal(value, cause=NASTY, current=None, wording=W),
        sizing.build_note_modal(1, current=Size.M, wording=W, confidence="high"),
    ):
        check_view(view)
