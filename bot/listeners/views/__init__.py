"""Modal submission listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners.views.metrics import register_metrics
from bot.listeners.views.roadmap import register_roadmap
from bot.listeners.views.submissions import (
    handle_correct_submission,
    handle_new_interview,
    handle_titles_submission,
)


def register(app: AsyncApp) -> None:
    """Register the modal submissions."""
    app.view(ids.NEW_INTERVIEW_VIEW)(handle_new_interview)
    app.view(ids.CORRECT_VIEW)(handle_correct_submission)
    app.view(ids.TITLES_VIEW)(handle_titles_submission)
    register_roadmap(app)
    register_metrics(app)
