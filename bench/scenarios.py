"""The measurements' plan and the `/interview` ack latency and throughput (DMs: bench/dms.py)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from bench.fake import BenchSlack
from bench.load import (
    LoadResult,
    Signed,
    closed_loop,
    command_request,
)

SECRET = "bench-signing-secret"
ANSWER_PREFIX = "bench answer"


class BenchError(RuntimeError):
    """A benchmark could not run as planned (the app answered errors or never replied)."""


@dataclass(frozen=True)
class Plan:
    """How much to send: requests per concurrency level, rounds, stakeholders, answers."""

    levels: tuple[int, ...]
    requests: dict[int, int]
    warmup: int
    rounds: int
    max_seconds: float
    stakeholders: int
    warmup_answers: int
    answers_each: int
    events: int
    timeout: float

    def start_people(self) -> int:
        """Stakeholders the `/interview @user` rows need: one fresh person per request."""
        return self.rounds * (self.warmup + sum(self.requests[c] for c in self.levels))


DEFAULT_PLAN = Plan(
    levels=(1, 10, 50),
    requests={1: 200, 10: 400, 50: 800},
    warmup=100,
    rounds=2,
    max_seconds=20.0,
    stakeholders=50,
    warmup_answers=2,
    answers_each=20,
    events=1000,
    timeout=30.0,
)
QUICK_PLAN = Plan(
    levels=(1, 10, 50),
    requests={1: 5, 10: 20, 50: 50},
    warmup=5,
    rounds=1,
    max_seconds=5.0,
    stakeholders=4,
    warmup_answers=1,
    answers_each=2,
    events=50,
    timeout=15.0,
)

# The two `/interview` rows: a pure ack, and an ack followed by real work.
HELP = "help"
START_ROW = "start"


@dataclass
class AckRow:
    """One request kind at one concurrency: per-round results for the bare app and the bot."""

    request: str
    concurrency: int
    bare: list[LoadResult] = field(default_factory=list)
    bot: list[LoadResult] = field(default_factory=list)
    work_rates: list[float] = field(default_factory=list)

    def bare_value(self, what: str) -> float:
        """Median over rounds of `p50`, `p99` (ms) or `rps` for the bare app."""
        return _median(self.bare, what)

    def bot_value(self, what: str) -> float:
        """Median over rounds of `p50`, `p99` (ms) or `rps` for the bot."""
        return _median(self.bot, what)

    def ratio(self, what: str) -> float:
        """bot / bare for `p50`, `p99` or `rps`."""
        bare = self.bare_value(what)
        return self.bot_value(what) / bare if bare > 0 else float("inf")

    @property
    def errors(self) -> int:
        """Non-2xx answers over every round, both apps."""
        return sum(r.errors for r in (*self.bare, *self.bot))

    @property
    def work_rate(self) -> float | None:
        """The bot's interviews started and delivered per second (the `start` row only)."""
        return statistics.median(self.work_rates) if self.work_rates else None


def _median(results: Sequence[LoadResult], what: str) -> float:
    if not results:
        return 0.0
    values = [r.rate if what == "rps" else r.p(float(what.removeprefix("p"))) for r in results]
    return statistics.median(values)


def _people(people: Iterator[str]) -> str:
    try:
        return next(people)
    except StopIteration:
        raise BenchError("ran out of benchmark stakeholders") from None


def ack_requests(
    fake: BenchSlack, row: str, count: int, facilitator: str, people: Iterator[str] | None
) -> list[Signed]:
    """`count` signed `/interview` commands for a row; `start` takes a new person from `people`."""
    channel = fake.dm_channel(facilitator)
    requests = []
    for _ in range(count):
        if row == HELP:
            text = "help"
        else:
            stakeholder = _people(people) if people is not None else fake.user("bob").id
            text = f"<@{stakeholder}> pain_points"
        requests.append(
            command_request(
                fake,
                SECRET,
                user=facilitator,
                text=text,
                response_url=fake.issue_response_url(channel, facilitator),
                trigger_id=fake.issue_trigger(facilitator),
            )
        )
    return requests


async def _wait_started(
    fake: BenchSlack, stakeholders: list[str], replies: int, seconds: float
) -> float:
    """Wait for the bot's replies and every invitation; returns when the last one arrived."""
    deadline = time.perf_counter() + seconds
    await fake.wait_replies(replies, seconds)
    reply_done = time.perf_counter()
    last = reply_done
    for person in stakeholders:
        remaining = max(0.1, deadline - time.perf_counter())
        last = max(last, await fake.wait_posts(person, 1, remaining))
    return last


async def measure_acks(
    fake: BenchSlack,
    row: str,
    concurrency: int,
    count: int,
    url: str,
    *,
    is_bot: bool,
    plan: Plan,
    people: Iterator[str],
) -> tuple[LoadResult, float | None]:
    """One measured batch; for the bot's `start` row also wait for (and time) the work."""
    facilitator = fake.user("alice").id
    taken: list[str] = []

    def tracked() -> Iterator[str]:
        while True:
            person = _people(people)
            taken.append(person)
            yield person

    requests = ack_requests(fake, row, count, facilitator, tracked() if is_bot else None)
    replies_before = fake.replies
    result = await closed_loop(url, requests, concurrency, max_seconds=plan.max_seconds)
    if result.errors:
        raise BenchError(f"{row} at {concurrency}: {result.errors} errors, {result.first_error}")
    work_rate = None
    if is_bot and row == START_ROW:
        sent = taken[: result.done]
        last = await _wait_started(fake, sent, replies_before + result.done, plan.timeout)
        work_rate = result.done / (last - result.started)
    return result, work_rate


async def ack_benchmark(
    fake: BenchSlack, *, bare_url: str, bot_url: str, plan: Plan, people: Iterator[str]
) -> list[AckRow]:
    """Both rows, every level, `plan.rounds` rounds alternating which app goes first."""
    rows: list[AckRow] = []
    for row in (HELP, START_ROW):
        for url, is_bot in ((bare_url, False), (bot_url, True)):  # warm-up, not measured
            await measure_acks(
                fake, row, 10, plan.warmup, url, is_bot=is_bot, plan=plan, people=people
            )
        for concurrency in plan.levels:
            result = AckRow(row, concurrency)
            for round_number in range(plan.rounds):
                order = [(bare_url, False), (bot_url, True)]
                if round_number % 2:
                    order.reverse()
                for url, is_bot in order:
                    measured, work_rate = await measure_acks(
                        fake,
                        row,
                        concurrency,
                        plan.requests[concurrency],
                        url,
                        is_bot=is_bot,
                        plan=plan,
                        people=people,
                    )
                    (result.bot if is_bot else result.bare).append(measured)
                    if work_rate is not None:
                        result.work_rates.append(work_rate)
            rows.append(result)
    return rows


async def ceiling(fake: BenchSlack, raw_url: str, plan: Plan) -> LoadResult:
    """The load generator against a plain aiohttp handler at the highest concurrency."""
    top = max(plan.levels)
    facilitator = fake.user("alice").id
    warm = ack_requests(fake, HELP, plan.warmup, facilitator, None)
    await closed_loop(raw_url, warm, 10, max_seconds=plan.max_seconds)
    requests = ack_requests(fake, HELP, plan.requests[top], facilitator, None)
    return await closed_loop(raw_url, requests, top, max_seconds=plan.max_seconds)
