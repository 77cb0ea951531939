"""Durable clicks: a button that changes an interview or the roadmap, and every modal
submission, is stored in the inbox under its own key before Bolt acks it, marked done when its
listener has finished, and run again through the app after a crash (`BotRuntime.recover`). The
same click delivered twice is acked and dropped, so it stays one effect.

A submission keeps its answer semantics: the listener still validates first and answers
`response_action: errors` in the request (Slack shows a form's errors only from that answer);
storing happens before, and a re-drive runs the same listener, whose errors then go nowhere and
change nothing. Its key is the submission's own trigger_id (the view id and hash stay the same
when a person fixes an error and submits again). Buttons that only open a modal are left out:
their trigger_id expires 3 s after the click, so there is nothing to re-drive.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_completion_handler import (
    AsyncListenerCompletionHandler,
)
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.blocks import ids
from bot.blocks import metric_ids as metric
from bot.blocks import roadmap_ids as roadmap
from bot.slack.services import Services
from storage import AlreadyHandled, InboxRecord

logger = logging.getLogger(__name__)

CLICK = "block_actions"  # the inbox kind of a stored click
SUBMISSION = "view_submission"  # the inbox kind of a stored modal submission
KINDS = (CLICK, SUBMISSION)
CLICK_KEY = "interview_bot_click"  # the context key of the click's inbox id
REDRIVE_KEY = "interview_bot_redrive"  # set on a click run again after a crash
FAILED_KEY = "interview_bot_failed"  # set by the app's error handler when a listener raised
DURABLE = frozenset(
    {
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
        ids.PICK_INTERVIEW,
        ids.SNOOZE_DAY,
        ids.SNOOZE_WEEK,
        ids.DECLINE,
        ids.STILL_HOLDS,
        ids.NO_LONGER_HOLDS,
        roadmap.MERGE,
        roadmap.NOT_SAME,
        roadmap.UNDO_MERGE,
        roadmap.STATUS,
        roadmap.CONFIRM_DRAFTS,
        roadmap.NOT_MINE,
        roadmap.KEEP,
        roadmap.SWAP,
        roadmap.SAME_AS,
        roadmap.MINE_IS,
        roadmap.MINE_IS_CONFIDENTIAL,
        metric.NO_CHANGE,
        metric.SKIP,
        *metric.SHIP_ANSWERS.values(),
        *roadmap.SIZE.values(),
    }
)
MAX_KEY = 64  # the inbox's event_id column


def click_key(body: dict[str, Any]) -> str | None:
    """The inbox key of a durable click (who clicked, and Slack's action_ts) or submission
    (who, and its trigger_id), else None."""
    user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else None
    if body.get("type") == SUBMISSION:
        trigger = body.get("trigger_id")
        if not user or not isinstance(trigger, str) or not trigger:
            return None
        return f"view:{user}:{hashlib.sha256(trigger.encode()).hexdigest()[:32]}"[:MAX_KEY]
    if body.get("type") != CLICK:
        return None
    actions = body.get("actions")
    if not isinstance(actions, list) or len(actions) != 1 or not isinstance(actions[0], dict):
        return None
    action = actions[0]
    action_ts = action.get("action_ts")
    if action.get("action_id") not in DURABLE or not isinstance(action_ts, str) or not user:
        return None
    key = f"click:{user}:{action_ts}"
    return key if len(key) <= MAX_KEY else None


def stored_click(context: dict[str, Any]) -> int | None:
    """The inbox id of the click this request carries, if it is a durable one."""
    found = context.get(CLICK_KEY)
    return found if isinstance(found, int) else None


async def store_click(svc: Services, req: AsyncBoltRequest) -> BoltResponse | None:
    """Before the ack: store a durable click (None: go on to the listener), or answer a
    repeat of a stored one without running it again."""
    key = click_key(req.body)
    if key is None:
        return None
    redriven = req.context.get(REDRIVE_KEY)
    if isinstance(redriven, int):
        req.context[CLICK_KEY] = redriven
        return None
    inbox_id = await svc.storage.record_event(
        slack_team_id=req.context.team_id or "",
        event_id=key,
        kind=str(req.body["type"]),
        payload=req.body,
    )
    if inbox_id is None:
        logger.info("click %s was delivered before; acked and dropped", key)
        return BoltResponse(status=200, body="")
    req.context[CLICK_KEY] = inbox_id
    return None


class ClickCompletion(AsyncListenerCompletionHandler):
    """After a listener finished: mark its click done, or failed when the listener raised (the
    person was told so and may click again; a late effect after the apology would surprise).
    Only a click whose process died before this point stays pending, for the re-drive."""

    def __init__(self, svc: Services, then: AsyncListenerCompletionHandler) -> None:
        self.svc = svc
        self.then = then

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        """Bolt calls this when a listener has returned or raised."""
        inbox_id = stored_click(request.context)
        # Not the response: Bolt hands the completion handler None after an ack either way.
        failed = bool(request.context.get(FAILED_KEY))
        if inbox_id is not None:
            try:
                with contextlib.suppress(AlreadyHandled):
                    status = "failed" if failed else "done"
                    await self.svc.storage.complete_event(inbox_id, status=status)
            except Exception:  # a click left pending is re-driven; never break Bolt's task
                logger.exception("could not mark click %s handled", inbox_id)
        await self.then.handle(request=request, response=response)


async def redrive(app: AsyncApp, event: InboxRecord) -> None:
    """Run a stored click through the app again (its listener runs on in the background)."""
    request = AsyncBoltRequest(
        body=dict(event.payload), mode="socket_mode", context={REDRIVE_KEY: event.id}
    )
    await app.async_dispatch(request)


def install(app: AsyncApp, svc: Services) -> None:
    """Mark clicks handled when their listeners finish."""
    runner = app.listener_runner
    runner.listener_completion_handler = ClickCompletion(svc, runner.listener_completion_handler)
