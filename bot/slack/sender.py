"""Send what the outbox holds: claim, call the Web API, mark sent, retry what may pass later.

The SDK's retry handlers already wait out 429s and retry 5xx inside one call; a call that still
fails goes back to the outbox with a back-off, so a Slack outage delays messages, never loses them.

Exactly once: every post carries its outbox id in Slack's message metadata. A row whose earlier
try may have reached Slack (its sender died mid-call, or the answer was lost) is first looked up
in the conversation's recent history (or its thread); when it is there, it is marked sent with
that ts instead of being posted again. Claims are renewed while a batch is in flight.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.jobs.workers import worker_name
from bot.slack.files import upload
from storage import OUTBOX_LEASE, OutboxRecord, Storage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
UPLOAD = "upload"  # the outbox's own verb for a file upload (three Web API calls)
CHART = "chart"  # a message with Slack's chart block; if Slack refuses the block, its PNG
BATCH = 50
SLOW = 0.05  # seconds a batch may be out before rows queued since are claimed beside it
METADATA_TYPE = "interview_bot_outbox"  # the event_type of the metadata every post carries
HISTORY_WINDOW = 100  # recent messages searched for a post that may have gone out already
# Errors that will not go away by trying again: the message is failed and logged.
PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "cannot_dm_bot",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "user_disabled",
        "missing_scope",
    }
)


class OutboxSender:
    """Drains the outbox; `wake()` after a commit, `run()` as a background task."""

    def __init__(
        self,
        storage: Storage,
        client: AsyncWebClient,
        *,
        worker: str | None = None,
        renew_every: float | None = None,
    ) -> None:
        self.storage = storage
        self.client = client
        self.worker = worker or worker_name()
        self.renew_every = renew_every or OUTBOX_LEASE.total_seconds() / 3
        # The bot's own user (from auth.test): history shows other apps' posts too, and one of
        # them may carry the same metadata (a second install on another database).
        self.bot_user_id: str | None = None
        self._wake = asyncio.Event()
        self._channels: dict[tuple[int, str], str] = {}

    def wake(self) -> None:
        """Ask for a drain soon (called after a transaction queued messages)."""
        self._wake.set()

    async def run(self, *, idle: float = 2.0) -> None:
        """Drain now (what a stopped process left), then on every wake-up, and every `idle`
        seconds for back-offs and leases."""
        while True:
            self._wake.clear()
            try:
                await self.drain()
            except Exception:  # the loop must outlive a database hiccup
                logger.exception("outbox drain failed; retrying in %.1fs", idle)
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
            # arrives as the wake-up does, and this loop then outlives the bot's stop().
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(idle):
                    await self._wake.wait()

    async def drain(self) -> int:
        """Send everything sendable now; returns how many messages went out.

        The calls of a batch are recorded, and the next batch claimed, in one transaction once
        they have all ended; but when more rows are committed meanwhile (`wake`) and the batch
        has been out for `SLOW`, those are claimed without waiting for the rest: one slow call
        (Slack's Retry-After, waited out inside the SDK) does not hold back every other
        conversation. A row in flight still holds back its own, so the order there holds."""
        loop = asyncio.get_running_loop()
        sent = 0
        flying: dict[asyncio.Task[tuple[int, str | None] | None], int] = {}
        renewing = asyncio.create_task(self._renew(flying))
        woken = asyncio.create_task(self._wake.wait())
        try:
            batch = await self.storage.claim_outbox(limit=BATCH, worker=self.worker)
            while True:
                for message in batch:
                    flying[asyncio.create_task(self._send(message))] = message.id
                if not flying:
                    return sent
                due, done = loop.time() + SLOW, []  # when rows queued since may go out
                while flying and not (woken.done() and loop.time() >= due):
                    waiting: list[asyncio.Future[Any]] = [*flying]
                    if not woken.done():
                        waiting.append(woken)
                    ended, _ = await asyncio.wait(
                        waiting,
                        timeout=due - loop.time() if woken.done() else None,
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    for task in [t for t in flying if t in ended]:
                        del flying[task]
                        if (result := task.result()) is not None:
                            done.append(result)
                if woken.done():  # claim what was committed meanwhile, now
                    self._wake.clear()
                    woken = asyncio.create_task(self._wake.wait())
                batch = await self.storage.claim_outbox(
                    limit=BATCH - len(flying), sent=done, worker=self.worker
                )
                sent += len(done)
        finally:
            renewing.cancel()
            woken.cancel()
            for task in flying:  # stopped mid-drain: as a cancelled gather would
                task.cancel()

    async def _renew(self, flying: Mapping[Any, int]) -> None:
        """Keep the leases of the rows in flight alive while their calls last (a slow Slack)."""
        while True:
            await asyncio.sleep(self.renew_every)
            ids = list(flying.values())
            try:
                await self.storage.renew_outbox_claims(ids, worker=self.worker)
            except Exception:  # the next renewal may pass; the lease still has two thirds left
                logger.warning("outbox lease renewal failed for %s rows", len(ids))

    async def _send(self, message: OutboxRecord) -> tuple[int, str | None] | None:
        # Until Slack's history says otherwise, an earlier try may have been posted.
        unsure = message.verify and message.method == "chat.postMessage"
        try:
            if unsure:
                found = await self._find_posted(message)
                if found is not None:
                    logger.info("outbox %s had reached Slack before; not posted again", message.id)
                    return message.id, found
                unsure = False
            ts = await self._call(message)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown_error"))
            # A 5xx may come after Slack stored the post: look before the next try.
            lost = exc.response.status_code >= 500
            await self._failed(message, error, permanent=error in PERMANENT, unsure=unsure or lost)
            return None
        except (ClientError, TimeoutError, OSError) as exc:
            # The request may have reached Slack and only the answer was lost.
            await self._failed(message, type(exc).__name__, permanent=False, unsure=True)
            return None
        return message.id, ts

    async def _find_posted(self, message: OutboxRecord) -> str | None:
        """The ts of this row's post if Slack already has it (by the outbox id in its
        metadata), searched in the recent history of its conversation or thread."""
        channel = message.channel or await self._dm_channel(message)
        thread = message.reply_to_ts or message.payload.get("thread_ts")
        try:
            if thread:
                response = await self.client.conversations_replies(
                    channel=channel, ts=str(thread), limit=HISTORY_WINDOW, include_all_metadata=True
                )
            else:
                response = await self.client.conversations_history(
                    channel=channel, limit=HISTORY_WINDOW, include_all_metadata=True
                )
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error not in PERMANENT:
                raise
            # No way to look (e.g. no history scope for this channel): posting again risks a
            # duplicate, never a loss.
            logger.warning("outbox %s: cannot read history (%s); posting", message.id, error)
            return None
        for posted in response.get("messages") or []:
            if self.bot_user_id is not None and posted.get("user") != self.bot_user_id:
                continue
            metadata = posted.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_TYPE
                and payload.get("outbox_id") == message.id
            ):
                return str(posted["ts"])
        return None

    async def _failed(
        self, message: OutboxRecord, error: str, *, permanent: bool, unsure: bool = False
    ) -> None:
        give_up = permanent or message.attempts >= MAX_ATTEMPTS
        # The clock the services gave storage: the one the outbox claim compares retry_at with.
        backoff = timedelta(seconds=2 ** min(message.attempts, 8))
        retry_at = None if give_up else self.storage.now() + backoff
        logger.warning(
            "outbox %s (%s, interview %s) failed: %s%s",
            message.id,
            message.method,
            message.interview_id,
            error,
            "; giving up" if give_up else "; will retry",
        )
        await self.storage.mark_failed(
            message.id, error=error, retry_at=retry_at, maybe_sent=unsure
        )

    async def _call(self, message: OutboxRecord) -> str | None:
        payload: dict[str, Any] = dict(message.payload)
        if message.method == "views.publish":
            await self.client.views_publish(user_id=str(message.user_id), **payload)
            return None
        channel = message.channel or await self._dm_channel(message)
        if message.method == "chat.postMessage":
            if message.reply_to_ts is not None:
                payload["thread_ts"] = message.reply_to_ts  # a reply in the thread of another
            payload["metadata"] = {
                "event_type": METADATA_TYPE,
                "event_payload": {"outbox_id": message.id},
            }
            response = await self.client.chat_postMessage(channel=channel, **payload)
            return str(response["ts"])
        if message.method == "chat.update":
            ts = str(payload.pop("ts", None) or message.reply_to_ts or "")
            response = await self.client.chat_update(channel=channel, ts=ts, **payload)
            return str(response["ts"])
        if message.method == CHART:
            fallback = payload.pop("fallback", None)
            try:
                response = await self.client.chat_postMessage(
                    channel=channel, thread_ts=message.reply_to_ts, **payload
                )
                return str(response["ts"])
            except SlackApiError as exc:
                if exc.response.get("error") != "invalid_blocks" or not fallback:
                    raise
                logger.info("outbox %s: the chart block was refused; sending its PNG", message.id)
            payload = dict(fallback)
        if message.method in (UPLOAD, CHART):
            # A file (the digest's chart): the bytes travel base64 in the outbox row.
            await upload(
                self.client,
                channel=channel,
                filename=str(payload["filename"]),
                data=base64.b64decode(str(payload["data"])),
                title=payload.get("title"),
                thread_ts=message.reply_to_ts,
            )
            return None
        if message.method == "chat.postEphemeral":
            user = str(payload.pop("user", None) or message.user_id)
            await self.client.chat_postEphemeral(channel=channel, user=user, **payload)
            return None
        raise ValueError(f"unknown outbox method {message.method!r}")

    async def _dm_channel(self, message: OutboxRecord) -> str:
        assert message.user_id is not None, "an outbox row needs a channel or a user"
        key = (message.team_id, message.user_id)
        if key in self._channels:
            return self._channels[key]
        channel = await self.storage.dm_channel(
            team_id=message.team_id, slack_user_id=message.user_id
        )
        if channel is None:
            response = await self.client.conversations_open(users=message.user_id)
            channel = str(response["channel"]["id"])
            await self.storage.remember_dm_channel(
                team_id=message.team_id, slack_user_id=message.user_id, channel=channel
            )
        self._channels[key] = channel
        return channel
