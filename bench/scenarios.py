"""The measurements: `/interview` ack latency and throughput, and DM answers fully processed."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlmodel import col, func, select

from bench import cpu
from bench.fake import BenchSlack
from bench.load import (
    LoadResult,
    Signed,
    closed_loop,
    command_request,
    message_request,
    new_session,
    percentile,
    send,
)
from bot.blocks.ids import START
from sandbox import SlackDriver
from storage import Answer, create_db_engine

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


async def bare_events(fake: BenchSlack, bare_url: str, plan: Plan) -> LoadResult:
    """The bare app's ack rate for `message.im` events (no-op listener), most concurrent level."""
    top = max(plan.levels)
    user = fake.user("alice").id

    def batch(count: int) -> list[Signed]:
        return [message_request(fake, SECRET, user=user, text="hello") for _ in range(count)]

    await closed_loop(bare_url, batch(plan.warmup), 10, max_seconds=plan.max_seconds)
    result = await closed_loop(bare_url, batch(plan.events), top, max_seconds=plan.max_seconds)
    if result.errors:
        raise BenchError(f"bare message events: {result.errors} errors, {result.first_error}")
    return result


@dataclass
class DmResult:
    """DM answers fully processed: stored and the next question recorded at the fake."""

    database: str
    stakeholders: int
    sent: int
    latencies: list[float]
    ack_latencies: list[float]
    elapsed: float
    stored: int
    expected_stored: int
    failures: int
    first_failure: str | None
    bare: LoadResult
    bot_cpu: float = 0.0  # CPU seconds of the bot's processes while answers were measured
    db_cpu: float = 0.0  # ... of PostgreSQL's processes (0 on SQLite: it runs in the bot)
    bare_cpu: float = 0.0  # CPU seconds of the bare app over its measured events

    def per_answer_ms(self, cpu: float) -> float:
        """CPU milliseconds per measured answer."""
        return 1000 * cpu / len(self.latencies) if self.latencies else 0.0

    @property
    def bare_ms(self) -> float:
        """The bare app's CPU milliseconds per event."""
        return 1000 * self.bare_cpu / self.bare.done if self.bare.done else 0.0

    @property
    def rate(self) -> float:
        """Answers fully processed per second of wall time."""
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0

    def p(self, q: float) -> float:
        """Percentile of event sent -> next question recorded, in milliseconds."""
        return percentile(self.latencies, q) * 1000

    def ack_p(self, q: float) -> float:
        """Percentile of the bot's HTTP ack of the event, in milliseconds."""
        return percentile(self.ack_latencies, q) * 1000


async def start_interviews(
    fake: BenchSlack, bot_url: str, stakeholders: list[str], seconds: float
) -> None:
    """Start a pain_points interview by DM for each stakeholder: the command, then Start."""
    facilitator = fake.user("alice").id
    channel = fake.dm_channel(facilitator)
    requests = [
        command_request(
            fake,
            SECRET,
            user=facilitator,
            text=f"<@{person}> pain_points",
            response_url=fake.issue_response_url(channel, facilitator),
            trigger_id=fake.issue_trigger(facilitator),
        )
        for person in stakeholders
    ]
    # The first alone: on a fresh PostgreSQL database, concurrent first sightings of the team
    # race (`ensure_team` inserts twice, one request fails with a unique violation).
    first = await closed_loop(bot_url, requests[:1], 1, max_seconds=seconds)
    await fake.wait_posts(stakeholders[0], 1, seconds)
    result = await closed_loop(bot_url, requests[1:], 10, max_seconds=seconds)
    result.latencies += first.latencies
    result.errors += first.errors
    if result.errors or result.done != len(stakeholders):
        raise BenchError(f"starting interviews: {result.errors} errors, {result.first_error}")
    for person in stakeholders:
        await fake.wait_posts(person, 1, seconds)  # the invitation, with Start
    gate = asyncio.Semaphore(10)

    async def click(driver: SlackDriver, person: str) -> None:
        async with gate:
            invitation = [m for m in fake.messages(fake.dm_channel(person)) if m.get("bot_id")]
            delivery = await driver.block_action(person, START, message=invitation[-1])
            if delivery.status != 200:
                raise BenchError(f"Start click answered {delivery.status}: {delivery.body}")

    async with SlackDriver(fake, app_url=bot_url, signing_secret=SECRET, timeout=10) as driver:
        await asyncio.gather(*(click(driver, person) for person in stakeholders))
    for person in stakeholders:
        await fake.wait_posts(person, 2, seconds)  # the first question
    await asyncio.sleep(0.5)  # anything else the Start produced has arrived


async def count_answers(database_url: str) -> int:
    """Answers the benchmark stored, read straight from the bot's database."""

    def count() -> int:
        engine = create_db_engine(database_url)
        try:
            with engine.connect() as connection:
                query = select(func.count()).where(col(Answer.text).startswith(ANSWER_PREFIX))
                return int(connection.execute(query).scalar_one())
        finally:
            engine.dispose()

    return await asyncio.to_thread(count)


async def dm_benchmark(
    fake: BenchSlack,
    *,
    label: str,
    bot_url: str,
    bare_url: str,
    database_url: str,
    stakeholders: list[str],
    plan: Plan,
    bot_pids: Sequence[int] = (),
    bare_pid: int | None = None,
) -> DmResult:
    """Every stakeholder answers in a closed loop: send an answer, wait for the next question.
    The CPU time of the bot (and PostgreSQL) over the measured answers is read from /proc."""
    bare_pids = [bare_pid] if bare_pid is not None else []
    bare_before = cpu.seconds(bare_pids)
    bare = await bare_events(fake, bare_url, plan)
    bare_cpu = cpu.seconds(bare_pids) - bare_before
    await start_interviews(fake, bot_url, stakeholders, plan.timeout)
    latencies: list[float] = []
    acks: list[float] = []
    failures: list[str] = []
    async with new_session(len(stakeholders)) as session:

        async def answer(person: str, index: int, measured: bool) -> bool:
            count = fake.posts[person] + 1
            request = message_request(
                fake, SECRET, user=person, text=f"{ANSWER_PREFIX} {person} {index}"
            )
            t0 = time.perf_counter()
            try:
                status, body = await send(session, bot_url, request)
            except (OSError, TimeoutError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                return False
            acked = time.perf_counter()
            if status != 200:
                failures.append(f"event answered {status}: {body[:200]}")
                return False
            try:
                arrived = await fake.wait_posts(person, count, plan.timeout)
            except TimeoutError:
                failures.append(f"no next question for {person} within {plan.timeout}s")
                return False
            if measured:
                latencies.append(arrived - t0)
                acks.append(acked - t0)
            return True

        async def stakeholder(person: str, first: int, count: int, measured: bool) -> None:
            for index in range(first, first + count):
                if not await answer(person, index, measured):
                    return

        warm = plan.warmup_answers
        await asyncio.gather(*(stakeholder(p, 0, warm, False) for p in stakeholders))
        on_pg = "postgresql" in database_url
        bot_before, db_before = cpu.seconds(bot_pids), cpu.per_process(cpu.named("postgres"))
        start = time.perf_counter()
        await asyncio.gather(*(stakeholder(p, warm, plan.answers_each, True) for p in stakeholders))
        elapsed = time.perf_counter() - start
        bot_cpu = cpu.seconds(bot_pids) - bot_before
        db_cpu = cpu.since(db_before, "postgres") if on_pg else 0.0
    stored = await count_answers(database_url)
    return DmResult(
        database=label,
        stakeholders=len(stakeholders),
        sent=len(stakeholders) * plan.answers_each,
        latencies=latencies,
        ack_latencies=acks,
        elapsed=elapsed,
        stored=stored,
        expected_stored=len(stakeholders) * (warm + plan.answers_each),
        failures=len(failures),
        first_failure=failures[0] if failures else None,
        bare=bare,
        bot_cpu=bot_cpu,
        db_cpu=db_cpu,
        bare_cpu=bare_cpu,
    )
