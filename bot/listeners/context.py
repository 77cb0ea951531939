"""What a listener reads from Bolt's context: the services (put there by InboxMiddleware), and
who sent the request from which workspace (Bolt reads both from every kind of payload)."""

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


def user_of(context: AsyncBoltContext) -> str:
    """The Slack user who sent the request."""
    return context.user_id or ""


def slack_team_of(context: AsyncBoltContext) -> str:
    """The Slack workspace the request came from."""
    return context.team_id or ""


async def team_of(context: AsyncBoltContext) -> int:
    """Our id for the workspace the request came from."""
    return await services(context).team_id(slack_team_of(context))
