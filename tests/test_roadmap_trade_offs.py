"""Trade-offs: each big year-1 item against the smaller items its points would buy (a knapsack),
Keep / Swap stored with who and when, and the plan honouring them, in text and JSON."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.roadmap.board import build_board
from bot.roadmap.formula import DEFAULT_POINTS
from bot.roadmap.model import Candidate, Size, Status
from bot.roadmap.plan_report import about_months, comparison, plan_json
from bot.roadmap.text import plan_text
from bot.roadmap.trade_offs import Choice, Decision, Option, best_alternative
from storage import NotFound, RoadmapConflict, Storage
from tests.clock import TUESDAY_1500_UTC as START
from tests.test_cli import cli
from tests.test_roadmap_factories import finished_interview, team_of


def option(cid: int, points: float, impact: int, order: int | None = None) -> Option:
    return Option(cid, points, impact, order if order is not None else cid)


def test_the_alternative_is_the_most_impact_that_fits_in_the_big_items_points() -> None:
    options = [option(3, 6, 2), option(4, 6, 4), option(5, 12, 5), option(6, 3, 3)]
    chosen = best_alternative(options, 12)
    assert [o.id for o in chosen] == [4, 6]  # 9 points, impact 7 beats #5 alone (12, impact 5)


def test_ties_go_to_fewer_points_then_fewer_items_then_earlier_in_the_lane() -> None:
    # Impact 6 three ways within 12: #1 + #3 (12 points), #1 + #2 and #2 + #3 (9 points each).
    options = [option(1, 6, 3), option(2, 3, 3), option(3, 6, 3)]
    assert [o.id for o in best_alternative(options, 12)] == [1, 2]  # fewer points, then earlier
    # Impact 6 in 9 points with two items or with three: the two.
    options = [option(1, 6, 3), option(2, 3, 3), option(3, 3, 1), option(4, 3, 2)]
    assert [o.id for o in best_alternative(options, 9)] == [1, 2]
    # Same points, impact and count: the item earlier in the lane wins.
    twins = [option(7, 6, 2, order=2), option(8, 6, 2, order=1)]
    assert [o.id for o in best_alternative(twins, 6)] == [8]


def test_nothing_fits_or_nothing_is_offered_gives_no_alternative() -> None:
    assert best_alternative([option(1, 13, 5)], 12) == ()
    assert best_alternative([], 12) == ()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([1, 3, 6, 12]), st.integers(1, 5)), min_size=0, max_size=8),
    st.sampled_from([3, 12, 24]),
)
def test_the_knapsack_finds_the_best_impact_a_brute_force_finds(
    sizes: list[tuple[int, int]], budget: int
) -> None:
    options = [option(i, p, impact) for i, (p, impact) in enumerate(sizes, 1)]
    best = 0
    for count in range(len(options) + 1):
        for subset in itertools.combinations(options, count):
            if sum(o.points for o in subset) <= budget:
                best = max(best, sum(o.impact for o in subset))
    chosen = best_alternative(options, budget)
    assert sum(o.points for o in chosen) <= budget
    assert sum(o.impact for o in chosen) == best
    assert len({o.id for o in chosen}) == len(chosen)
    assert best_alternative(list(reversed(options)), budget) == chosen  # deterministic


def test_months_are_said_the_way_people_say_them() -> None:
    assert about_months(6) == "about 6 months" and about_months(1.4) == "about 1.5 months"
    assert about_months(1) == "about 1 month" and about_months(0.25) == "under a month"


def cand(cid: int, size: Size | None, impact: int | None, **kw: object) -> Candidate:
    fields: dict[str, object] = {"problem": f"Problem {cid}", **kw}
    return Candidate(id=cid, team_id=1, root_cause="", effort=size, impact=impact, **fields)  # type: ignore[arg-type]


# Ranked by the formula: #1 L (impact 5) first, then the smaller, lower-value ones after it.
ROADMAP = [
    cand(1, Size.L, 5),
    cand(2, Size.M, 2),
    cand(3, Size.S, 1),
    cand(4, Size.M, 1),
    cand(5, Size.XL, 5, horizon_pin=1),  # pinned: a person's choice, never weighed
    cand(6, Size.S, None),  # no impact yet: cannot be weighed
]


def test_a_big_year_one_item_is_compared_with_smaller_ones_behind_it() -> None:
    board = build_board(ROADMAP, capacity=12)
    (trade,) = board.trade_offs
    assert trade.id == 1 and trade.size is Size.L and trade.points == 12
    assert trade.alternatives == (2, 3) and trade.alternative_impact == 3  # #2 + #4 costs more
    assert trade.open and trade.decision is None
    assert comparison(trade) == (
        "#1 (L, 12 points, impact 5, about 3 months) costs the same as "
        "#2 + #3 (9 points, impact 3 together)."
    )
    text = plan_text(board)
    assert "Keep #1 first? interview-bot roadmap keep 1 | interview-bot roadmap swap 1" in text


def test_swap_puts_the_smaller_items_first_and_keep_is_shown_as_decided() -> None:
    before = build_board(ROADMAP, capacity=12)
    first = {p.id: p.first_quarter for p in before.plan.placements.values()}
    assert first[1] <= first[2] and first[1] <= first[3]
    swap = Decision(1, (2, 3), Choice.SWAP, "U1", START)
    swapped = build_board(ROADMAP, capacity=12, decisions=[swap])
    order = sorted(swapped.plan.in_year(1), key=lambda p: (p.first_quarter, p.last_quarter))
    ids = [p.id for p in order if p.id in (1, 2, 3)]
    assert ids.index(2) < ids.index(1) and ids.index(3) < ids.index(1)
    assert not any(t.open for t in swapped.trade_offs)
    keep = Decision(1, (2, 3), Choice.KEEP, "U1", START)
    kept = build_board(ROADMAP, capacity=12, decisions=[keep])
    (trade,) = kept.trade_offs
    assert trade.decision == keep and not trade.open
    assert kept.plan.placements == before.plan.placements  # Keep changes no order
    assert "Kept #1 first (U1, 2026-" in plan_text(kept)
    assert "roadmap keep 1" not in plan_text(kept)


def test_a_swap_that_pushes_the_big_item_out_of_year_one_is_still_listed() -> None:
    crowd = [cand(1, Size.XL, 5), *(cand(i, Size.M, 1) for i in range(2, 10))]
    swap = Decision(1, tuple(range(2, 10)), Choice.SWAP, "U1", START)
    board = build_board(crowd, capacity=12, decisions=[swap])
    assert board.plan.year_of(1) == 2
    assert [d.candidate_id for d in board.decided_elsewhere] == [1]
    assert "Swapped: #2 + #3 + #4 + #5 + #6 + #7 + #8 + #9 go before #1 (U1," in plan_text(board)


def test_in_progress_and_pinned_big_items_are_not_weighed() -> None:
    items = [cand(1, Size.L, 5, status=Status.IN_PROGRESS), cand(2, Size.M, 1)]
    assert build_board(items, capacity=12).trade_offs == ()


def test_a_pinned_year_over_capacity_is_flagged_with_the_pinned_items_named() -> None:
    items = [
        cand(1, Size.XL, 3, horizon_pin=2, problem="Churn is invisible"),
        cand(2, Size.XL, 3, horizon_pin=2, problem="Pricing is guesswork"),
        cand(3, Size.XL, 3, horizon_pin=2, problem="Stock runs out"),
    ]
    board = build_board(items, points=DEFAULT_POINTS, capacity=12)
    text = plan_text(board)
    assert "Year 2: 72 of 48 points, over by 24 (pinned there: #1 Churn is invisible, " in text
    assert "#2 Pricing is guesswork, #3 Stock runs out)" in text
    year_2 = plan_json(board)["years"][1]
    assert year_2["over_by"] == 24 and year_2["pinned"] == [1, 2, 3]


async def test_decisions_are_stored_with_who_and_when_and_a_double_click_stores_one(
    storage: Storage,
) -> None:
    team = await team_of(storage)
    pains = [(f"Problem {i}", "cause", "weekly") for i in range(3)]
    await finished_interview(storage, team=team, stakeholder="Ann", pains=pains)
    from bot.roadmap.service import Roadmap
    from bot.settings import Settings

    roadmap = Roadmap(storage, Settings(database_url="sqlite://"))
    await roadmap.sync(team)
    first = await storage.decide_trade_off(
        team_id=team, candidate_id=1, alternatives=[2, 3], choice="keep", by="U1"
    )
    again = await storage.decide_trade_off(
        team_id=team, candidate_id=1, alternatives=[2, 3], choice="keep", by="U1"
    )
    assert again == first and first.alternatives == (2, 3) and first.decided_by == "U1"
    changed = await storage.decide_trade_off(
        team_id=team, candidate_id=1, alternatives=[2, 3], choice="swap", by="U2"
    )
    (standing,) = await storage.trade_off_decisions(team_id=team)
    assert standing == changed and standing.choice == "swap"
    with pytest.raises(RoadmapConflict):
        await storage.decide_trade_off(
            team_id=team, candidate_id=1, alternatives=[2], choice="maybe", by="U1"
        )
    with pytest.raises(NotFound):
        await storage.decide_trade_off(
            team_id=team, candidate_id=1, alternatives=[99], choice="keep", by="U1"
        )
    other = await team_of(storage, "T2")
    assert await storage.trade_off_decisions(team_id=other) == []
    assert standing.decided_at - first.decided_at >= timedelta(0)


def test_on_the_demo_data_the_plan_fills_year_one_and_weighs_every_big_item(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path}/demo.db"
    assert cli("demo-data", cwd=tmp_path, db=db).returncode == 0
    shown = cli("roadmap", "plan", "--format", "json", cwd=tmp_path, db=db)
    assert shown.returncode == 0, shown.stderr
    plan = json.loads(shown.stdout)
    years = plan["years"]
    assert 0 < years[0]["used"] <= years[0]["capacity"] and years[0]["over_by"] == 0
    assert years[1]["used"] + years[2]["used"] > 0  # the rest goes on into years 2-3
    big = [i["id"] for i in years[0]["items"] if i["size"] in ("L", "XL")]
    trades = {t["id"]: t for t in plan["trade_offs"]}
    assert big and sorted(trades) == sorted(big)
    for trade in trades.values():
        assert trade["alternatives"], trade
        assert trade["alternative_points"] <= trade["points"]
        assert all(
            a["size"] not in ("L", "XL") or trade["size"] == "XL" for a in trade["alternatives"]
        )
        assert trade["decision"] is None
    text = cli("roadmap", "plan", cwd=tmp_path, db=db).stdout
    for trade in trades.values():
        assert trade["sentence"] in text  # the terminal says the same
        assert f"Keep #{trade['id']} first?" in text
    first = min(trades)
    swapped = cli("roadmap", "swap", str(first), cwd=tmp_path, db=db)
    alternatives = " + ".join(f"#{a['id']}" for a in trades[first]["alternatives"])
    assert swapped.stdout.strip() == f"{alternatives} now go before #{first}"
    after = json.loads(cli("roadmap", "plan", "--format", "json", cwd=tmp_path, db=db).stdout)
    moved = {t["id"]: t for t in after["trade_offs"]}.get(first)
    order = [i["id"] for y in after["years"] for i in y["items"]]
    assert all(order.index(a["id"]) < order.index(first) for a in trades[first]["alternatives"])
    if moved is not None:
        assert moved["decision"]["choice"] == "swap" and moved["decision"]["by"] == "terminal"
    refused = cli("roadmap", "keep", "999", cwd=tmp_path, db=db)
    assert refused.returncode == 1 and "#999 is not a big year-1 item" in refused.stderr
