"""Answer Slack the moment a listener acks, not at Bolt's next 10 ms poll.

With `process_before_response=False` (listeners keep working after their ack), Bolt's asyncio
runner starts the listener as a task and then polls `ack.response` every 10 ms
(`asyncio.sleep(0.01)`): every ack waits at least one poll, about 12 ms on loopback where the
request itself takes 1-2 ms, and more when the event loop is busy. This runner keeps Bolt's
behaviour (the same listener task, start/error/completion handlers, 3-second ack timeout and
warning) and only replaces the poll with an event set by the ack, or by the listener's end (a
listener that failed before acking, or never acked).

Installed by swapping the class of the app's own runner (`install`), so the handlers Bolt and
`app.error` put on it stay as they are. Lazy listeners and process-before-response apps take
Bolt's path unchanged.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.listener.async_listener import AsyncListener
from slack_bolt.listener.asyncio_runner import AsyncioListenerRunner
from slack_bolt.logger.messages import warning_did_not_call_ack
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse


class SignalledAck(AsyncAck):
    """Bolt's ack, which also sets `given` once it has a response."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.given = asyncio.Event()
        # What the ack said: Bolt's error handling resets `response` to None when the listener
        # fails after its ack, which may happen before the runner reads it.
        self.acked: BoltResponse | None = None

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        try:
            self.acked = await super().__call__(*args, **kwargs)
            return self.acked
        finally:
            self.given.set()


class PromptAckRunner(AsyncioListenerRunner):
    """Bolt's listener runner, answering as soon as the listener acks."""

    async def run(
        self,
        request: AsyncBoltRequest,
        response: BoltResponse,
        listener_name: str,
        listener: AsyncListener,
        starting_time: float | None = None,
    ) -> BoltResponse | None:
        if (
            self.process_before_response
            or request.lazy_only
            or request.lazy_function_name
            or listener.lazy_functions
        ):
            return await super().run(request, response, listener_name, listener, starting_time)
        started = starting_time if starting_time is not None else time.time()
        ack = SignalledAck()
        request.context["ack"] = ack  # what the listener is given as `ack`
        if listener.auto_acknowledgement:
            await ack()  # events are acked at once, as Bolt does
        work = asyncio.ensure_future(self._listen(ack, request, response, listener))
        if ack.response is None:
            given = asyncio.ensure_future(ack.given.wait())
            timeout = max(0.0, listener.ack_timeout - (time.time() - started))
            await asyncio.wait({work, given}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            given.cancel()
        answer = ack.acked or ack.response  # the ack, or the 500 of a failure before it
        if response is None and answer is None:
            self.logger.warning(warning_did_not_call_ack(listener_name))
            return None
        if response is None:
            return answer
        return response

    async def _listen(
        self,
        ack: AsyncAck,
        request: AsyncBoltRequest,
        response: BoltResponse | None,
        listener: AsyncListener,
    ) -> None:
        # Bolt's run_ack_function_asynchronously, as it is in slack_bolt 1.30.
        try:
            await self.listener_start_handler.handle(request=request, response=response)
            await listener.run_ack_function(request=request, response=response)  # type: ignore[arg-type]
        except Exception as e:
            if response is None:
                response = BoltResponse(status=500)
            response.status = 500
            if ack.response is not None:  # already acknowledged
                response = None
            await self.listener_error_handler.handle(
                error=e,
                request=request,
                response=response,
            )
            ack.response = response
        finally:
            await self.listener_completion_handler.handle(request=request, response=response)


def install(app: AsyncApp) -> None:
    """Make `app` answer each request as soon as its listener acks."""
    runner = app.listener_runner
    assert type(runner) is AsyncioListenerRunner, "a custom runner is already installed"
    runner.__class__ = PromptAckRunner
