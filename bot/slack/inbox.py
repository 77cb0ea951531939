"""The inbox middleware: store a DM event before Bolt acks it; a retry is acked and dropped."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.clicks import KINDS, store_click
from bot.slack.dm import answer_before_ack
from bot.slack.services import Services
from storage import AlreadyHandled, InboxRecord

logger = logging.getLogger(__name__)

INBOX_KEY = "interview_bot_inbox"
SERVICES_KEY = "services"
TRIED_KEY = "interview_bot_answer_tried"  # the edge already tried this DM as a plain answer


def is_dm_message(body: dict[str, Any]) -> bool:
    """A `message` event in an IM channel (answers, edits, deletions)."""
    event = body.get("event") or {}
    return (
        body.get("type") == "event_callback"
        and event.get("type") == "message"
        and event.get("channel_type") == "im"
    )


def stored_event(context: AsyncBoltContext) -> InboxRecord | None:
    """The DM event the middleware stored for the listener (None for channels and retries)."""
    event = context.get(INBOX_KEY)
    return event if isinstance(event, InboxRecord) else None


class InboxMiddleware(AsyncMiddleware):
    """Puts the services in every request's context, and stores (or handles) a DM event, a
    durable click or a submission before Bolt acks it; a retry of a stored one is acked and
    dropped. A class rather than a function: Bolt inspects a function middleware's arguments
    on every request."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        req.context[SERVICES_KEY] = self.svc
        body = req.body
        if body.get("type") in KINDS:
            repeat = await store_click(self.svc, req)
            return repeat if repeat is not None else await next()
        if is_dm_message(body) and body.get("event_id"):
            stored = await self._before_ack(body, req.context)
            if stored is not None:
                return stored
        return await next()

    async def answer_first(self, req: AsyncBoltRequest) -> BoltResponse | None:
        """Before Bolt (the HTTP edge calls this): a plain DM answer is handled, or a retry of
        one dropped, and acked without Bolt's dispatch, which has nothing left to do for it;
        None to go on through Bolt (which then stores the event without trying again)."""
        body = req.body
        if not (is_dm_message(body) and body.get("event_id")):
            return None
        req.context[TRIED_KEY] = True
        return await self._answer(body)

    async def _answer(self, body: dict[str, Any]) -> BoltResponse | None:
        # A plain answer is stored and handled in one transaction before the ack (DESIGN §7:
        # commit before the 2xx); anything else, or a failure here, is stored alone.
        try:
            outcome = await answer_before_ack(self.svc, body)
        except AlreadyHandled:
            return BoltResponse(status=200, body="")  # a retry of an event we have
        except Exception:
            logger.exception("event %s: handling before ack failed", body.get("event_id"))
            return None
        if outcome is None:
            return None
        logger.info("event %s: %s", body.get("event_id"), outcome)
        # Nothing is left for a listener: ack now, without Bolt matching every listener.
        return BoltResponse(status=200, body="")

    async def _before_ack(
        self, body: dict[str, Any], context: AsyncBoltContext
    ) -> BoltResponse | None:
        """None to go on to the listener; a response to ack without it: the answer was handled
        here, or the event is a retry of one we have."""
        svc = self.svc
        if not context.get(TRIED_KEY):
            handled = await self._answer(body)
            if handled is not None:
                return handled
        team, event_id = str(body.get("team_id", "")), str(body["event_id"])
        payload = dict(body["event"])
        inbox_id = await svc.storage.record_event(
            slack_team_id=team, event_id=event_id, kind="message", payload=payload
        )
        if inbox_id is None:
            return BoltResponse(status=200, body="")  # a retry of an event we have
        context[INBOX_KEY] = InboxRecord(inbox_id, team, event_id, "message", payload, "pending")
        return None
