"""The demo's success metrics: committed ones with a few check-ins each, in different states
(on track, at risk with an owner who disagrees, stale, achieved, missed), so the digest and
`metric show` have something to show at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.metrics.model import Cadence, Direction, MetricState
from storage import MetricSpec, Storage

# (problem starts with, name, unit, direction, baseline, target, owner, days since the baseline,
#  days to the deadline, [(days ago, value, confidence, note)])
Seed = tuple[
    str, str, str, Direction, float, float, str, int, int, list[tuple[int, float, str | None, str]]
]
SEEDS: list[Seed] = [
    (
        "Leads get lost between marketing",
        "Leads reaching the CRM within a day",
        "%",
        Direction.INCREASE,
        40,
        95,
        "U0DEMOSAL",
        56,
        300,
        [(42, 44, None, ""), (28, 50, "on_track", ""), (14, 53, None, ""), (1, 57, None, "")],
    ),
    (
        "Forecasts are always",
        "Forecast error at quarter end",
        "%",
        Direction.DECREASE,
        35,
        10,
        "U0DEMOSAL",
        90,
        90,
        [
            (60, 34, None, ""),
            (30, 31, None, ""),
            (2, 24.5, "on_track", "new stage rules land soon"),
        ],
    ),
    (
        "Month-end close",
        "Days to close the month",
        "days",
        Direction.DECREASE,
        10,
        4,
        "U0DEMOFIN",
        120,
        200,
        [(100, 9, None, ""), (70, 8, "at_risk", "")],
    ),
    (
        "Nobody knows which",
        "At-risk accounts flagged a month ahead",
        "accounts",
        Direction.INCREASE,
        0,
        20,
        "U0DEMOSUP",
        70,
        120,
        [(49, 6, None, ""), (21, 14, None, ""), (3, 21, "on_track", "the model is live")],
    ),
    (
        "Leads get lost between",  # merged with the marketing hand-off: one candidate, two metrics
        "Support chats linked to a CRM account",
        "%",
        Direction.INCREASE,
        5,
        80,
        "U0DEMOSUP",
        200,
        -10,
        [
            (150, 20, None, ""),
            (60, 45, "off_track", "the chat tool has no API"),
            (12, 52, None, ""),
        ],
    ),
]


async def seed_metrics(
    storage: Storage, *, team: int, candidates: Sequence[tuple[int, str]], today: date
) -> int:
    """Add the demo metrics to the candidates whose problem matches; how many were added."""
    added = 0
    for start, name, unit, direction, baseline, target, owner, since, left, values in SEEDS:
        found = next((cid for cid, problem in candidates if problem.startswith(start)), None)
        if found is None:
            continue
        spec = MetricSpec(
            name=name,
            unit=unit,
            direction=direction.value,
            baseline=baseline,
            baseline_date=today - timedelta(days=since),
            target=target,
            deadline=today + timedelta(days=left),
            owner=owner,
            cadence=Cadence.WEEKLY.value if since < 100 else Cadence.MONTHLY.value,
            state=MetricState.COMMITTED.value,
        )
        metric = await storage.create_metric(team_id=team, candidate_id=found, spec=spec)
        for ago, value, confidence, note in values:
            await storage.record_checkin(
                metric.id,
                on=today - timedelta(days=ago),
                value=value,
                source="cli",
                confidence=confidence,
                note=note or None,
            )
        added += 1
    return added
