"""Work that follows an ack, run a few at a time.

Slack needs the ack within 3 seconds; the work after it (users.info, storage, replies) can
wait a moment. Under a burst of commands, running all of that at once would slow every ack
behind it, so the work queues for one of a few slots while acks keep flowing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


class Background:
    """Runs `spawn`ed work, at most `limit` at a time; `drain()` waits for all of it."""

    def __init__(self, limit: int = 4) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(
        self,
        work: Callable[[], Awaitable[None]],
        *,
        name: str,
        failed: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Run `work` when a slot is free; if it raises, log ids only and call `failed`."""
        task = asyncio.create_task(self._run(work, name, failed), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(
        self,
        work: Callable[[], Awaitable[None]],
        name: str,
        failed: Callable[[], Awaitable[None]] | None,
    ) -> None:
        async with self._slots:
            try:
                await work()
            except Exception:
                logger.exception("%s failed", name)
                if failed is not None:
                    try:
                        await failed()
                    except Exception:  # telling the user is best effort; the failure is logged
                        logger.warning("%s: could not tell the user", name)

    async def drain(self, *, seconds: float = 10.0) -> None:
        """Wait for queued and running work (at shutdown)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=seconds)
