"""Send what the outbox holds: claim, call the Web API, mark sent, retry what may pass later.

The SDK's retry handlers already wait out 429s and retry 5xx inside one call; a call that still
fails goes back to the outbox with a back-off, so a Slack outage delays messages, never loses them.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from datetime import timedelta
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.files import upload
from storage import OutboxRecord, Storage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
UPLOAD = "upload"  # the outbox's own verb for a file upload (three Web API calls)
CHART = "chart"  # a message with Slack's chart block; if Slack refuses the block, its PNG
BATCH = 50
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

    def __init__(self, storage: Storage, client: AsyncWebClient) -> None:
        self.storage = storage
        self.client = client
        self._wake = asyncio.Event()
        self._channels: dict[tuple[int, str], str] = {}

    def wake(self) -> None:
        """Ask for a drain soon (called after a transaction queued messages)."""
        self._wake.set()

    async def run(self, *, idle: float = 2.0) -> None:
        """Drain forever: on every wake-up, and every `idle` seconds for back-offs and leases."""
        while True:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancel that
            # arrives as the wake-up does, and this loop then outlives the bot's stop().
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(idle):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self.drain()
            except Exception:  # the loop must outlive a database hiccup
                logger.exception("outbox drain failed; retrying in %.1fs", idle)

    async def drain(self) -> int:
        """Send everything sendable now; returns how many messages went out."""
        sent = 0
        batch = await self.storage.claim_outbox(limit=BATCH)
        while batch:
            results = await asyncio.gather(*(self._send(m) for m in batch))
            done = [result for result in results if result is not None]
            # Record this batch and claim the next in one transaction.
            batch = await self.storage.claim_outbox(limit=BATCH, sent=done)
            sent += len(done)
        return sent

    async def _send(self, message: OutboxRecord) -> tuple[int, str | None] | None:
        try:
            ts = await self._call(message)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown_error"))
            await self._failed(message, error, permanent=error in PERMANENT)
            return None
        except (ClientError, TimeoutError, OSError) as exc:
            await self._failed(message, type(exc).__name__, permanent=False)
            return None
        return message.id, ts

    async def _failed(self, message: OutboxRecord, error: str, *, permanent: bool) -> None:
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
        await self.storage.mark_failed(message.id, error=error, retry_at=retry_at)

    async def _call(self, message: OutboxRecord) -> str | None:
        payload: dict[str, Any] = dict(message.payload)
        if message.method == "views.publish":
            await self.client.views_publish(user_id=str(message.user_id), **payload)
            return None
        channel = message.channel or await self._dm_channel(message)
        if message.method == "chat.postMessage":
            if message.reply_to_ts is not None:
                payload["thread_ts"] = message.reply_to_ts  # a reply in the thread of another
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
