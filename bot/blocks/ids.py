"""Every Slack id the bot sets: action_id, block_id, callback_id and option values, named once."""

from __future__ import annotations

COMMAND = "/interview"
"""The slash command."""

# Buttons (action_id). Their `value` says which interview (and question) a click belongs to.
START = "interview_start"
NOT_NOW = "interview_not_now"
SKIP = "question_skip"
ROOT_CAUSE = "question_root_cause"
BACK = "question_back"
USE_REMARK = "question_use_remark"
PAUSE = "interview_pause"
RESUME = "interview_resume"
LOOKS_RIGHT = "summary_looks_right"
CORRECT = "summary_correct"
EDIT_TITLES = "summary_edit_titles"
PICK_INTERVIEW = "inbox_pick_interview"
HOME_NEW_INTERVIEW = "home_new_interview"
HOME_OPEN_SUMMARY = "home_open_summary"
CONTINUE = "reminder_continue"
SNOOZE_DAY = "reminder_snooze_day"
SNOOZE_WEEK = "reminder_snooze_week"
DECLINE = "reminder_decline"
STILL_HOLDS = "check_still_holds"
NO_LONGER_HOLDS = "check_no_longer_holds"

# Modals (callback_id).
NEW_INTERVIEW_VIEW = "new_interview"
CORRECT_VIEW = "correct_answer"
TITLES_VIEW = "summary_titles"

# Modal inputs: each input uses the same string as its block_id and its element's action_id, so
# `view.state.values[X][X]` reads it and `ack(response_action="errors", errors={X: ...})` marks it.
STAKEHOLDER = "stakeholder"
PURPOSE = "purpose"
MODE = "mode"
CONTEXT = "context_note"
CONFIDENTIAL = "confidential"
CORRECT_QUESTION = "correct_question"
CORRECT_TEXT = "correct_text"
TITLE_PREFIX = "summary_title_"
"""One title input per pain point of the titles modal: `summary_title_N` for pain point N."""
"""The corrected answer; once a question is picked its block_id gets `.KEY` appended, so Slack
shows that answer's text instead of keeping what the input held (see bot.blocks.modals)."""

# Option values of the new-interview modal (the modes match bot.interviews.MODES).
MODE_DM = "dm"
MODE_LIVE = "live"
CONFIDENTIAL_YES = "confidential"
