"""DM messages. The inbox middleware stored the event before Slack got its 2xx; this
listener handles the stored copy, so a crash in between is recovered at the next start."""

from __future__ import annotations

import logging

from slack_bolt.context.async_context import AsyncBoltContext

from bot.listeners.context import services
from bot.slack.dm import handle_message_event
from bot.slack.inbox import INBOX_KEY
from storage.errors import AlreadyHandled
from storage.records import InboxRecord

logger = logging.getLogger(__name__)


async def handle_message(context: AsyncBoltContext) -> None:
    """Handle the message stored by the inbox middleware (none for channels or retries)."""
    event = context.get(INBOX_KEY)
    if not isinstance(event, InboxRecord):
        return
    try:
        outcome = await handle_message_event(services(context), event)
    except AlreadyHandled:
        outcome = "already_handled"
    logger.info("event %s: %s", event.event_id, outcome)
