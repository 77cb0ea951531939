"""The inbox middleware: store a DM event before Bolt acks it; a retry is acked and dropped."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.slack.dm import answer_before_ack
from bot.slack.services import Services
from storage.errors import AlreadyHandled
from storage.records import InboxRecord

logger = logging.getLogger(__name__)

INBOX_KEY = "interview_bot_inbox"


def is_dm_message(body: dict[str, Any]) -> bool:
    """A `message` event in an IM channel (answers, edits, deletions)."""
    event = body.get("event") or {}
    return (
        body.get("type") == "event_callback"
        and event.get("type") == "message"
        and event.get("channel_type") == "im"
    )


def inbox_middleware(
    svc: Services,
) -> Callable[..., Awaitable[BoltResponse | None]]:
    """A Bolt middleware bound to `svc`."""

    async def store_before_ack(
        body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        if is_dm_message(body) and body.get("event_id"):
            # A plain answer is stored and handled in one transaction before the ack (DESIGN
            # §7: commit before the 2xx); anything else, or a failure here, is stored alone.
            try:
                outcome = await answer_before_ack(svc, body)
            except AlreadyHandled:
                return BoltResponse(status=200, body="")  # a retry of an event we have
            except Exception:
                logger.exception("event %s: handling before ack failed", body.get("event_id"))
                outcome = None
            if outcome is not None:
                logger.info("event %s: %s", body.get("event_id"), outcome)
                await next()
                return None
            team, event_id, payload = (
                str(body.get("team_id", "")),
                str(body["event_id"]),
                body["event"],
            )
            inbox_id = await svc.storage.record_event(
                slack_team_id=team, event_id=event_id, kind="message", payload=payload
            )
            if inbox_id is None:
                return BoltResponse(status=200, body="")  # a retry of an event we have
            context[INBOX_KEY] = InboxRecord(
                inbox_id, team, event_id, "message", payload, "pending"
            )
        await next()
        return None

    return store_before_ack
