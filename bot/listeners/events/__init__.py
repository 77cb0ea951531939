"""Event listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.events.app_home import handle_app_home_opened
from bot.listeners.events.messages import handle_message


def register(app: AsyncApp) -> None:
    """Register `message` (DMs) and `app_home_opened`."""
    app.event("message")(handle_message)
    app.event("app_home_opened")(handle_app_home_opened)
