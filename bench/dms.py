"""The DM measurement: answers fully processed (stored, and the next question at the fake),
against the bare Bolt app's event rate in the same run, with CPU per answer."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

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
from bench.scenarios import ANSWER_PREFIX, SECRET, BenchError, Plan
from bot.blocks.ids import START
from sandbox import SlackDriver
from storage import Answer, create_db_engine


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
    # Share of one core the load generator and the fake (this process) used while the bare
    # app's events, then the answers, were measured: near 1.0 it, not the app, sets the pace.
    harness_bare: float = 0.0
    harness_dm: float = 0.0

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
    bare_before, own_before = cpu.seconds(bare_pids), cpu.seconds([os.getpid()])
    began = time.perf_counter()
    bare = await bare_events(fake, bare_url, plan)
    bare_cpu = cpu.seconds(bare_pids) - bare_before
    harness_bare = (cpu.seconds([os.getpid()]) - own_before) / (time.perf_counter() - began)
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
        own_before = cpu.seconds([os.getpid()])
        start = time.perf_counter()
        await asyncio.gather(*(stakeholder(p, warm, plan.answers_each, True) for p in stakeholders))
        elapsed = time.perf_counter() - start
        bot_cpu = cpu.seconds(bot_pids) - bot_before
        harness_dm = (cpu.seconds([os.getpid()]) - own_before) / elapsed
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
        harness_bare=harness_bare,
        harness_dm=harness_dm,
    )
