"""The App Home's "Your success metrics": each metric a person owns, its latest value and
status, and when its next check-in is due."""

from __future__ import annotations

from dataclasses import dataclass

from bot.blocks.elements import Block, context, header, section
from bot.blocks.limits import SECTION_TEXT, truncate
from bot.blocks.text import fill
from bot.blocks.wording import SlackWording

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
