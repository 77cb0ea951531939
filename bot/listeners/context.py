"""How a listener finds the services: InboxMiddleware puts them in Bolt's context."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.inbox import SERVICES_KEY
from bot.slack.services import Services


def services(context: AsyncBoltContext) -> Services:
    """The Services of this app."""
    found: Any = context[SERVICES_KEY]
    assert isinstance(found, Services)
    return found


def team_of(body: dict[str, Any]) -> str:
    """The Slack team id of any payload (commands, events, interactions)."""
    team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
    return str(team)
