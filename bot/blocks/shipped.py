"""Shipped means asked, in Block Kit: the question to a stakeholder with its four answers, what
it becomes once answered, and the roadmap's "2 of 3 say fixed"."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.elements import Block, actions, button, message, section
from bot.blocks.metric_ids import SHIP_ANSWERS
from bot.blocks.text import fill
from bot.blocks.wording import SlackWording

FIXED = "fixed"


def answer_label(answer: str, *, wording: SlackWording) -> str:
    """`Fixed it`, `Partly`, `No`, `Too early to say`."""
    return str(getattr(wording.metrics, f"button_{answer}", answer))


def build_ship_ask(ask_id: int, title: str, problem: str, *, wording: SlackWording) -> Block:
    """The DM: what shipped, for which of their words, and the four answers."""
    text = fill(wording.metrics.ship_ask, title=title, problem=" ".join(problem.split()))
    buttons = [
        button(answer_label(answer, wording=wording), action_id, str(ask_id))
        for answer, action_id in SHIP_ANSWERS.items()
    ]
    return message(text, [section(text), actions(*buttons)])


def fixed_line(answers: Sequence[str | None], *, wording: SlackWording) -> str | None:
    """`2 of 3 say fixed` over the answers given (None before any answer)."""
    given = [a for a in answers if a is not None]
    if not given:
        return None
    return fill(wording.metrics.ship_line, fixed=given.count(FIXED), asked=len(given))
