"""Slash command listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners.commands.interview import handle_interview


def register(app: AsyncApp) -> None:
    """Register `/interview`."""
    app.command(ids.COMMAND)(handle_interview)
