"""The Web API client: one place that sets the base URL and the retry policy."""

from __future__ import annotations

import logging

from aiohttp import ClientSession
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings


def make_client(
    settings: Settings, *, token: str | None = None, session: ClientSession | None = None
) -> AsyncWebClient:
    """An AsyncWebClient on SLACK_API_URL that retries 429 (after Retry-After), 5xx and resets.

    Pass a long-lived `session` so calls reuse connections; without one the SDK opens a new
    session, and a new TCP connection, for every call."""
    # slack_sdk builds its debug lines (the whole payload, every header) on each call whenever
    # its logger's own level is unset, even when nothing would print them: its logger gets the
    # level in effect (DEBUG when the bot runs with LOG_LEVEL=DEBUG).
    logger = logging.getLogger(f"{__name__}.web_api")
    logger.setLevel(logger.getEffectiveLevel())
    client = AsyncWebClient(
        token=token or settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        session=session,
        logger=logger,
    )
    # slack_sdk counts retries across all handlers together, so the budget is generous.
    client.retry_handlers = [
        AsyncRateLimitErrorRetryHandler(max_retry_count=6),
        AsyncServerErrorRetryHandler(max_retry_count=4),
        AsyncConnectionErrorRetryHandler(max_retry_count=4),
    ]
    return client
