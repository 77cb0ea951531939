"""The outbox loop stops when the bot stops, even when the cancel lands as it is woken."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.sender import OutboxSender
from storage import Storage


async def test_the_outbox_loop_stops_when_cancelled_just_as_it_is_woken(storage: Storage) -> None:
    # On Python 3.11, asyncio.wait_for returns the result instead of raising when a cancel
    # arrives in the loop iteration where the awaited wake-up completes: the loop then ran on
    # and the bot's stop() waited for it forever (seen as a CI run hung in a teardown).
    client = AsyncWebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/")
    sender = OutboxSender(storage, client)
    for _ in range(20):
        task = asyncio.create_task(sender.run(idle=30))
        await asyncio.sleep(0.01)  # it is waiting for a wake-up
        sender.wake()  # the wake-up and the cancel land in the same loop iteration
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=2)
        assert task in done and task.cancelled()
