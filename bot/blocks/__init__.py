"""Pure Block Kit builders and payload parsers, checked against Slack's limits (no I/O)."""

from bot.blocks.commands import (
    Cancel,
    Command,
    Help,
    ListInterviews,
    OpenModal,
    StartNow,
    Status,
    Summary,
    Usage,
    UsageReason,
    parse_command_text,
)
from bot.blocks.home import HomeRow, build_home
from bot.blocks.limits import BlockLimitError, check_message, check_view, split_text, truncate
from bot.blocks.messages import (
    build_invitation,
    build_notice,
    build_paused,
    build_pick_interview,
    build_prompt,
    build_summary_messages,
    build_usage,
)
from bot.blocks.modals import (
    NewInterviewForm,
    build_correct_modal,
    build_new_interview_modal,
    parse_correct,
    parse_new_interview,
)
from bot.blocks.text import Mrkdwn, fill, mention
from bot.blocks.values import parse_button_value, parse_pick_value
from bot.blocks.wording import SlackWording, load_slack_wording

__all__ = [
    "BlockLimitError",
    "Cancel",
    "Command",
    "Help",
    "HomeRow",
    "ListInterviews",
    "Mrkdwn",
    "NewInterviewForm",
    "OpenModal",
    "SlackWording",
    "StartNow",
    "Status",
    "Summary",
    "Usage",
    "UsageReason",
    "build_correct_modal",
    "build_home",
    "build_invitation",
    "build_new_interview_modal",
    "build_notice",
    "build_paused",
    "build_pick_interview",
    "build_prompt",
    "build_summary_messages",
    "build_usage",
    "check_message",
    "check_view",
    "fill",
    "load_slack_wording",
    "mention",
    "parse_button_value",
    "parse_command_text",
    "parse_correct",
    "parse_new_interview",
    "parse_pick_value",
    "split_text",
    "truncate",
]
