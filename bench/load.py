"""The load generator: signed requests sent with aiohttp by a fixed number of closed-loop workers.

Bodies are built and signed before the clock starts, so a measured request costs the generator
one aiohttp POST and nothing else. Signing is Slack's: `v0=` + HMAC-SHA256 of `v0:ts:body`.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from sandbox import payloads
from sandbox.ids import event_id
from sandbox.workspace import Workspace

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


@dataclass(frozen=True)
class Signed:
    """One request ready to send: body bytes and headers, signed with a timestamp."""

    body: bytes
    headers: dict[str, str]


def sign(secret: str, body: str, content_type: str) -> Signed:
    """Sign `body` as Slack does, with the current time."""
    ts = str(int(time.time()))
    headers = {
        "Content-Type": content_type,
        "User-Agent": USER_AGENT,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": payloads.signature(secret, ts, body),
    }
    return Signed(body.encode(), headers)


def command_request(
    ws: Workspace, secret: str, *, user: str, text: str, response_url: str, trigger_id: str
) -> Signed:
    """A signed `/interview text` from `user` in their DM with the app."""
    channel = ws.dm_channel(user)
    form = payloads.command(
        ws,
        user=user,
        text=text,
        command="/interview",
        channel=channel,
        trigger_id=trigger_id,
        response_url=response_url,
    )
    return sign(secret, urlencode(form), FORM)


def message_request(ws: Workspace, secret: str, *, user: str, text: str) -> Signed:
    """A signed `message.im` event: `user` writes `text` in their DM with the app."""
    channel = ws.dm_channel(user)
    event = payloads.user_message(ws, user=user, text=text, channel=channel, ts=ws.ts_clock.next())
    body = payloads.event_callback(ws, event, event_id())
    return sign(secret, json.dumps(body), JSON)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class LoadResult:
    """What one measured batch did: latencies in seconds, errors, wall time."""

    concurrency: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    started: float = 0.0  # perf_counter when the first request went out
    first_error: str | None = None

    @property
    def done(self) -> int:
        """Requests answered with a 2xx."""
        return len(self.latencies)

    @property
    def rate(self) -> float:
        """Answered requests per second of wall time."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def p(self, q: float) -> float:
        """A latency percentile, in milliseconds."""
        return percentile(self.latencies, q) * 1000


def new_session(concurrency: int, timeout: float = 10.0) -> aiohttp.ClientSession:
    """A keep-alive session holding at most `concurrency` connections to the app."""
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    return aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=timeout), auto_decompress=False
    )


async def send(session: aiohttp.ClientSession, url: str, request: Signed) -> tuple[int, str]:
    """POST one signed request; returns status and body text."""
    async with session.post(url, data=request.body, headers=request.headers) as response:
        return response.status, await response.text()


async def closed_loop(
    url: str,
    requests: Sequence[Signed],
    concurrency: int,
    *,
    max_seconds: float,
) -> LoadResult:
    """Send `requests` with `concurrency` workers, each waiting for its answer before the next.

    Stops handing out requests after `max_seconds`; the result counts what was answered.
    """
    result = LoadResult(concurrency)
    next_index = 0
    async with new_session(concurrency) as session:
        start = result.started = time.perf_counter()
        deadline = start + max_seconds

        async def worker() -> None:
            nonlocal next_index
            while next_index < len(requests) and time.perf_counter() < deadline:
                request = requests[next_index]
                next_index += 1
                t0 = time.perf_counter()
                try:
                    status, text = await send(session, url, request)
                except (aiohttp.ClientError, TimeoutError) as exc:
                    status, text = 0, f"{type(exc).__name__}: {exc}"
                if 200 <= status < 300:
                    result.latencies.append(time.perf_counter() - t0)
                else:
                    result.errors += 1
                    result.first_error = result.first_error or f"{status} {text[:200]}"

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.elapsed = time.perf_counter() - start
    return result


def summary(result: LoadResult) -> dict[str, Any]:
    """The numbers of a result, rounded for tables and JSON."""
    return {
        "concurrency": result.concurrency,
        "n": result.done,
        "errors": result.errors,
        "p50_ms": round(result.p(50), 2),
        "p99_ms": round(result.p(99), 2),
        "rps": round(result.rate, 1),
    }
