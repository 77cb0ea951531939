"""The Web API client: one place that sets the base URL and the retry policy."""

from __future__ import annotations

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
    client = AsyncWebClient(
        token=token or settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        session=session,
    )
    # slack_sdk counts retries across all handlers together, so the budget is generous.
    client.retry_handlers = [
        AsyncRateLimitErrorRetryHandler(max_retry_count=6),
        AsyncServerErrorRetryHandler(max_retry_count=4),
        AsyncConnectionErrorRetryHandler(max_retry_count=4),
    ]
    return client
