"""The inbox middleware: store a DM event before Bolt acks it; a retry is acked and dropped."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.slack.services import Services
from storage.records import InboxRecord

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
