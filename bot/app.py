"""create_app: the Bolt app with its middleware, listeners and error handler. Nothing runs at
import time; the caller owns the event loop, the transport and the background tasks."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot import listeners
from bot.settings import Settings
from bot.slack import clicks, prompt_ack
from bot.slack.inbox import InboxMiddleware
from bot.slack.quiet import bolt_logger, quiet_bolt_loggers
from bot.slack.services import Services

logger = logging.getLogger(__name__)


def create_app(settings: Settings, services: Services) -> AsyncApp:
    """The Bolt app for these settings and services."""
    app = AsyncApp(
        client=services.client,
        # The edge (bot/slack/edge.py) verifies HTTP requests before anything parses them;
        # Bolt's own check would log a refused request's whole body, answers and all.
        request_verification_enabled=False,
        process_before_response=False,
        raise_error_for_unhandled_request=False,
        logger=bolt_logger(),
    )

    quiet_bolt_loggers()
    app.middleware(InboxMiddleware(services))
    clicks.install(app, services)
    prompt_ack.install(app)
    listeners.register(app)

    @app.error
    async def handle_error(
        error: Exception, body: dict[str, Any], context: AsyncBoltContext
    ) -> BoltResponse | None:
        context[clicks.FAILED_KEY] = True  # a durable click is then left for the re-drive
        # Ids only: payloads carry answers, and logs must never hold them.
        logger.exception(
            "listener failed: %s (team %s, user %s, type %s)",
            type(error).__name__,
            context.team_id,
            context.user_id,
            body.get("type"),
        )
        respond = context.respond
        if respond is not None:
            try:
                await respond(text=services.wording.notice.failed, response_type="ephemeral")
            except Exception:  # the apology is best effort; the failure is already logged
                logger.warning("could not tell user %s about the failure", context.user_id)
        return None

    return app
