"""DM messages. The inbox middleware stored the event before Slack got its 2xx; this
listener handles the stored copy, so a crash in between is recovered at the next start."""

from __future__ import annotations

import contextlib
import logging

from slack_bolt.context.async_context import AsyncBoltContext

from bot.listeners.context import services
from bot.slack.dm import handle_message_event
from bot.slack.inbox import INBOX_KEY
from storage import AlreadyHandled, InboxRecord

logger = logging.getLogger(__name__)


async def handle_message(context: AsyncBoltContext) -> None:
    """Handle the message stored by the inbox middleware (none for channels or retries)."""
    event = context.get(INBOX_KEY)
    if not isinstance(event, InboxRecord):
        return
    svc = services(context)
    try:
        outcome = await handle_message_event(svc, event)
    except AlreadyHandled:
        outcome = "already_handled"
    except Exception:
        # The event stays stored and pending, so the re-drive applies it later; tell the person
        # now rather than leave them wondering (message events have no respond()).
        logger.exception("event %s failed; it stays pending for a retry", event.event_id)
        channel = event.payload.get("channel")
        if isinstance(channel, str):
            with contextlib.suppress(Exception):
                await svc.client.chat_postMessage(channel=channel, text=svc.wording.notice.failed)
        return
    logger.info("event %s: %s", event.event_id, outcome)
