"""Holds: a test hook that keeps Web API calls waiting, to kill an app in the middle of one.

`fake.hold("chat.postMessage")` makes the next call to that method wait: with `accept=True` (the
default) Slack has done the work (the message is stored) and only the answer is held back; with
`accept=False` the call is held before Slack looks at it, and a caller that is gone by the time
the hold is released never reaches the workspace. `await hold.arrived()` waits for the call;
`hold.release()` lets it go (or calls it off, before the call came). Stopping or resetting the
fake releases every hold.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any


class Hold:
    """One held call: set before the call comes, released by the test."""

    def __init__(self, method: str, *, accept: bool) -> None:
        self.method = method
        self.accept = accept
        self.args: dict[str, Any] = {}  # the held call's arguments, once it has come
        self._arrived = asyncio.Event()
        self._released = asyncio.Event()

    async def arrived(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the held call has come in; TimeoutError after `timeout`."""
        await asyncio.wait_for(self._arrived.wait(), timeout)

    @property
    def has_arrived(self) -> bool:
        """Whether the held call has come in."""
        return self._arrived.is_set()

    @property
    def released(self) -> bool:
        """Whether the test has let it go."""
        return self._released.is_set()

    def release(self) -> None:
        """Let the held call be answered (or dropped, when its caller has gone)."""
        self._released.set()

    async def wait(self, args: dict[str, Any]) -> None:
        """Called by the server with the call: mark it arrived, wait for the release."""
        self.args = args
        self._arrived.set()
        await self._released.wait()


class Holds:
    """The holds set per method, oldest first; each catches one call."""

    def __init__(self) -> None:
        self._waiting: dict[str, deque[Hold]] = {}
        self._taken: list[Hold] = []

    def add(self, method: str, *, accept: bool) -> Hold:
        """Hold the next call to `method` not yet caught by an earlier hold."""
        hold = Hold(method, accept=accept)
        self._waiting.setdefault(method, deque()).append(hold)
        return hold

    def take(self, method: str) -> Hold | None:
        """The hold for this call to `method`, if one is set."""
        waiting = self._waiting.get(method)
        while waiting:
            hold = waiting.popleft()
            if not hold.released:  # a hold released before its call came is called off
                self._taken.append(hold)
                return hold
        return None

    def release_all(self) -> None:
        """Release every hold, set or caught (the fake is stopping or resetting)."""
        for hold in [*self._taken, *(h for q in self._waiting.values() for h in q)]:
            hold.release()
        self._waiting.clear()
        self._taken.clear()
