"""Success metrics at a glance: the App Home's "Your success metrics" (each metric a person
owns, its latest value and status, when its next check-in is due) and a card's health line."""

from __future__ import annotations

from dataclasses import dataclass

from bot.blocks.elements import Block, context, header, section
from bot.blocks.limits import SECTION_TEXT, truncate
from bot.blocks.text import Mrkdwn, fill
from bot.blocks.wording import SlackWording
from bot.metrics.model import Metric, number_text
from bot.metrics.sparkline import sparkline
from bot.metrics.status import Reading, health

MOST = 10
"""Metrics listed (worst first); a metric owner rarely has more."""


@dataclass(frozen=True)
class OwnedMetric:
    """One metric as its owner's Home lists it."""

    name: str
    value: str
    status: str
    due: str
    is_due: bool


def build_metrics_home(owned: list[OwnedMetric], *, wording: SlackWording) -> list[Block]:
    """Nothing for someone who owns no metric; else a heading, the list and what is due."""
    if not owned:
        return []
    w = wording.metrics
    lines = [
        "• " + fill(w.home_row, name=m.name, value=m.value, status=m.status, due=m.due)
        for m in owned[:MOST]
    ]
    blocks = [header(w.home_heading), section(truncate("\n".join(lines), SECTION_TEXT))]
    if any(m.is_due for m in owned):
        blocks.append(context(w.home_due))
    return blocks


def health_note(
    metrics: list[tuple[Metric, Reading]], *, wording: SlackWording, most: int = 3
) -> str | None:
    """A card's line: the candidate's health (its weakest metric's status) and its metrics."""
    if not metrics:
        return None
    w = wording.metrics
    worst = health(r.status for _, r in metrics)
    assert worst is not None
    parts = [
        fill(
            w.health_metric,
            name=" ".join(m.name.split()),
            sparkline=sparkline([m.baseline, *(c.value for c in m.checkins)]),
            value=number_text(r.latest, m.unit),
            status=r.status.label,
        )
        for m, r in metrics[:most]
    ]
    return truncate(fill(w.health, status=worst.label, metrics=Mrkdwn(" · ".join(parts))), 2000)
