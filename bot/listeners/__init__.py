"""Listeners: thin functions that ack, parse the payload, call one use case and send its reply."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners import actions, commands, events, views


def register(app: AsyncApp) -> None:
    """Register every listener on the app."""
    commands.register(app)
    events.register(app)
    actions.register(app)
    views.register(app)
