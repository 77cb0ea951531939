"""Button listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners.actions.buttons import (
    handle_correct,
    handle_correct_pick,
    handle_edit_titles,
    handle_home_summary,
    handle_interview_button,
    handle_new_interview_button,
    handle_pick,
)
from bot.listeners.actions.metrics import register_metrics
from bot.listeners.actions.reminders import handle_check_button, handle_reminder_button
from bot.listeners.actions.roadmap import register_roadmap

INTERVIEW_BUTTONS = (
    ids.START,
    ids.NOT_NOW,
    ids.SKIP,
    ids.ROOT_CAUSE,
    ids.BACK,
    ids.USE_REMARK,
    ids.PAUSE,
    ids.RESUME,
    ids.LOOKS_RIGHT,
    ids.CONTINUE,
)


def register(app: AsyncApp) -> None:
    """Register every button's listener."""
    for action_id in INTERVIEW_BUTTONS:
        app.action(action_id)(handle_interview_button)
    app.action(ids.CORRECT)(handle_correct)
    app.action(ids.CORRECT_QUESTION)(handle_correct_pick)
    app.action(ids.EDIT_TITLES)(handle_edit_titles)
    app.action(ids.PICK_INTERVIEW)(handle_pick)
    app.action(ids.HOME_NEW_INTERVIEW)(handle_new_interview_button)
    app.action(ids.HOME_OPEN_SUMMARY)(handle_home_summary)
    for action_id in (ids.SNOOZE_DAY, ids.SNOOZE_WEEK, ids.DECLINE):
        app.action(action_id)(handle_reminder_button)
    for action_id in (ids.STILL_HOLDS, ids.NO_LONGER_HOLDS):
        app.action(action_id)(handle_check_button)
    register_roadmap(app)
    register_metrics(app)
