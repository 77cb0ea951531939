"""Slash command listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners.commands.interview import handle_interview
from bot.listeners.commands.roadmap import handle_roadmap, is_roadmap_command


def register(app: AsyncApp) -> None:
    """Register `/interview` (its roadmap sub-commands first, picked out by a matcher)."""
    app.command(ids.COMMAND, matchers=[is_roadmap_command])(handle_roadmap)
    app.command(ids.COMMAND)(handle_interview)
