"""How a listener finds the services: a global middleware puts them in Bolt's context."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.services import Services

KEY = "interview_bot_services"


def services(context: AsyncBoltContext) -> Services:
    """The Services of this app."""
    found: Any = context[KEY]
    assert isinstance(found, Services)
    return found


def team_of(body: dict[str, Any]) -> str:
    """The Slack team id of any payload (commands, events, interactions)."""
    team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
    return str(team)
