"""App Home: publish the person's interviews when they open the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.listeners.context import services, slack_team_of
from bot.slack.home import home_view


async def handle_app_home_opened(
    body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Publish the Home tab (only the home tab, not the messages tab)."""
    if event.get("tab", "home") != "home":
        return
    user = str(event.get("user", ""))
    view = await home_view(services(context), slack_team_id=slack_team_of(context), user=user)
    await client.views_publish(user_id=user, view=view)
