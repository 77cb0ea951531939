"""The Slack stand-in, instrumented: per-user counts of the bot's posts, with cheap waiters.

FakeSlack's own `wait_for` re-runs a predicate over every recorded call on every change, which
costs O(calls) per wake-up; under load that would make the load generator the bottleneck. Here
each accepted `chat.postMessage` bumps a counter for the DM's user and wakes only that user's
waiter, stamping the time it was recorded.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict

from sandbox import FakeSlack, RecordedCall, SlackUser
from sandbox.blockkit import SlackError


class BenchSlack(FakeSlack):
    """FakeSlack that counts, per user, the bot's accepted posts and response_url replies."""

    def __init__(self, users: list[SlackUser] | None = None) -> None:
        self.posts: dict[str, int] = defaultdict(int)  # user id -> chat.postMessage count
        self.posted_at: dict[str, float] = {}  # user id -> perf_counter of the latest post
        self.replies = 0  # response_url posts (the bot's replies to slash commands)
        self._waiters: dict[str, tuple[int, asyncio.Future[float]]] = {}
        self._reply_waiter: tuple[int, asyncio.Future[None]] | None = None
        super().__init__(users=users)

    def record(self, call: RecordedCall) -> None:
        """Keep the call, as FakeSlack does, and count what the benchmarks wait for."""
        super().record(call)
        if call.method == "response_url" and call.ok:
            self.replies += 1
            waiter = self._reply_waiter
            if waiter is not None and self.replies >= waiter[0] and not waiter[1].done():
                waiter[1].set_result(None)
            return
        if call.method != "chat.postMessage" or not call.ok:
            return
        user = self._user_of(call.args.get("channel"))
        if user is None:
            return
        now = time.perf_counter()
        self.posts[user] += 1
        self.posted_at[user] = now
        found = self._waiters.get(user)
        if found is not None and self.posts[user] >= found[0] and not found[1].done():
            found[1].set_result(now)

    def _user_of(self, channel: object) -> str | None:
        try:
            resolved = self.resolve_channel(channel)
        except SlackError:
            return None
        user = self.channels.get(resolved, {}).get("user")
        return user if isinstance(user, str) else None

    async def wait_posts(self, user: str, count: int, timeout: float) -> float:  # noqa: ASYNC109
        """Wait until `user` has had `count` posts; returns the perf_counter time of that post."""
        if self.posts[user] >= count:
            return self.posted_at[user]
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters[user] = (count, future)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters.pop(user, None)

    async def wait_replies(self, count: int, timeout: float) -> None:  # noqa: ASYNC109
        """Wait until `count` response_url replies have been recorded in all."""
        if self.replies >= count:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._reply_waiter = (count, future)
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            self._reply_waiter = None

    def total_posts(self, users: list[str]) -> int:
        """How many posts these users have had in all."""
        return sum(self.posts[u] for u in users)


def bench_users(prefix: str, count: int) -> list[SlackUser]:
    """`count` stakeholders with distinct, Slack-shaped ids (U0 + 9 characters)."""
    return [
        SlackUser(
            f"U0{prefix}{i:0{9 - len(prefix)}d}", f"{prefix.lower()}{i}", f"Person {i}", "UTC"
        )
        for i in range(count)
    ]
