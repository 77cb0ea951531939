"""`interview-bot demo-data`: a small, fixed set of interviews to try the roadmap and digest on.

Four stakeholders from four departments run through the same use cases as Slack (two of them
name the same problem, one interview is confidential), then a few roadmap candidates get an
impact and a size, as a facilitator and the engineers would give them.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli.demo_metrics import seed_metrics
from bot.clock import SystemClock
from bot.flows.inputs import Answer, Confirm, Input, RootCause, Skip, Start
from bot.flows.script import Purpose
from bot.interviews import Interviews
from bot.roadmap.service import Roadmap
from bot.scripts import load_scripts
from bot.settings import Settings
from storage import Storage

DEMO_TEAM = "T0DEMO"
FACILITATOR = ("U0DEMOFAC", "Priya Raman", "Data lead", "Data")

# (Slack id, name, title, department, confidential, obstacles: [(obstacle, [why answers])])
PEOPLE = [
    (
        "U0DEMOSAL",
        "Marcus Bell",
        "VP Sales",
        "Sales",
        False,
        [
            (
                "Leads get lost between marketing and sales",
                ["Reps copy leads by hand into the CRM", "Nobody owns the hand-off"],
            ),
            (
                "Forecasts are always wrong",
                ["- Pipeline stages mean different things\n- Deals are updated once a month"],
            ),
        ],
    ),
    (
        "U0DEMOSUP",
        "Sofia Lindqvist",
        "Head of Customer Support",
        "Support",
        False,
        [
            (
                "Leads get lost between support and sales",
                ["Chats never reach the CRM", "There is no link between the tools"],
            ),
            ("Nobody knows which customers are at risk", ["Usage data is not in one place"]),
        ],
    ),
    (
        "U0DEMOFIN",
        "Amara Okafor",
        "Finance Director",
        "Finance",
        False,
        [
            (
                "Month-end close takes ten days",
                ["Invoices are matched in spreadsheets", "The ERP export is manual"],
            ),
            ("Expense approvals wait for weeks", ["Approvers get no reminder"]),
            ("Budget reports are rebuilt by hand", ["Each department sends its own format"]),
            ("Supplier records are duplicated", ["Two systems create suppliers"]),
        ],
    ),
    (
        "U0DEMOHR",
        "Kenji Watanabe",
        "HR Partner",
        "People",
        True,
        [
            ("Attrition in one team is a worry", ["Workload is uneven"]),
        ],
    ),
]
# Impact (1-5) and T-shirt size for candidates whose problem starts with these words.
ESTIMATES = {
    "Leads get lost between marketing": (5, "M"),
    "Forecasts are always": (4, "L"),
    "Month-end close": (3, "S"),
    "Nobody knows which": (4, "XL"),
    # Smaller items ranked after the big ones: what the plan weighs each big item against.
    "Expense approvals": (2, "M"),
    "Budget reports": (1, "S"),
    "Supplier records": (1, "M"),
}


def _inputs(obstacles: list[tuple[str, list[str]]]) -> list[Input]:
    events: list[Input] = [Start(), Answer("Grow revenue 20% this year"), Answer("ARR"), Skip()]
    for obstacle, whys in obstacles:
        events += [Answer(obstacle), Answer("Every week"), Answer("Two teams")]
        events += [Answer(w) for w in whys]
        events.append(RootCause())
        if "\n- " in whys[-1]:
            events.append(RootCause())  # a bulleted answer named two causes: both are roots
    events += [Skip(), Skip(), Skip(), Skip(), Confirm("Looks right")]
    return events


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Seed the database named by DATABASE_URL; refuses if the demo team is already there."""
    storage = await Storage.open(settings.database_url)
    try:
        await storage.upgrade()
        if any(slack_id == DEMO_TEAM for _, slack_id in await storage.teams()):
            print("The demo data is already in this database.", file=sys.stderr)
            return 1
        team = await storage.ensure_team(slack_team_id=DEMO_TEAM, name="Demo")
        interviews = Interviews(storage, load_scripts())
        fid, fname, ftitle, fdept = FACILITATOR
        facilitator = await storage.ensure_person(
            team_id=team, slack_user_id=fid, name=fname, title=ftitle, department=fdept
        )
        for slack_id, name, title, department, confidential, obstacles in PEOPLE:
            person = await storage.ensure_person(
                team_id=team, slack_user_id=slack_id, name=name, title=title, department=department
            )
            turn = await interviews.start(
                team_id=team,
                purpose=Purpose.PAIN_POINTS,
                facilitator=facilitator,
                stakeholder=person,
                mode="dm",
                confidential=confidential,
            )
            for event in _inputs(obstacles):
                turn = await interviews.apply(turn.interview_id, event)
            print(f"interview #{turn.interview_id} with {name}: {turn.status}")
        roadmap = Roadmap(storage, settings)
        await roadmap.sync(team)
        # A facilitator confirmed the two lead hand-offs are one problem (Same as #N).
        leads = [c for c in await storage.list_candidates(team_id=team) if "Leads" in c.problem]
        if len(leads) == 2:
            await storage.merge_candidates(
                team_id=team, keep_id=leads[0].id, merge_id=leads[1].id, by=fid
            )
        board = await roadmap.board(team)
        updates = {}
        for ranked in board.open:
            for start, (impact, size) in ESTIMATES.items():
                if ranked.candidate.problem.startswith(start):
                    updates[ranked.id] = {"impact": impact, "effort": size}
        await storage.update_candidates(team_id=team, updates=updates)
        print(f"{len(board.ranked)} roadmap candidates, {len(updates)} sized and scored")
        candidates = [(r.id, r.candidate.problem) for r in board.open]
        today = SystemClock().now().date()
        added = await seed_metrics(storage, team=team, candidates=candidates, today=today)
        print(f"{added} success metrics with check-ins")
    finally:
        await storage.close()
    return 0
