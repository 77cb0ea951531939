"""Success metrics end to end, with a clock the test moves, against the Slack stand-in: a
committed metric gets its check-ins by DM in the owner's working hours, values by the Record
value modal and by `interview-bot metric record`, one reminder after a missed check-in, then
"stale"; the digest shows each state. With two bot processes on PostgreSQL, each DM goes once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import metric_ids
from bot.roadmap.service import Roadmap
from bot.runtime import BotRuntime
from bot.slack.digest import preview_text, view_for
from sandbox import FakeSlack
from storage import MetricSpec, Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.conftest import CHILD_CLOCK, WALL_CLOCK_OFFSET
from tests.slack.conftest import SECRET
from tests.slack.helpers import WAIT, ClockedDriver, Conversation, settle, text_of
from tests.slack.test_app_home import home_opened
from tests.slack.test_time_based import timed_settings
from tests.test_roadmap_factories import finished_interview

PARIS = ZoneInfo("Europe/Paris")
BASELINE = TUESDAY_1500_UTC.date()  # Tuesday 1 December 2026
CHECKIN = "Time to check in on"
REMINDER = "A reminder:"


def paris_nine(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=PARIS).replace(hour=9).astimezone(UTC)


async def seed(store: Storage, fake: FakeSlack, settings: Any) -> int:
    """A finished interview, its candidate, and a committed metric owned by Alice (Paris):
    0 → 100 tickets closed within a day over 100 days, weekly check-ins."""
    team = await store.ensure_team(slack_team_id=fake.team_id)
    alice, bob = fake.user("alice").id, fake.user("bob").id
    pain = ("Tickets wait days <!channel>", "Nobody triages", "{{ 7*7 }} days")
    await finished_interview(
        store, team=team, stakeholder="Bob", pains=[pain], facilitator=alice, stakeholder_slack=bob
    )
    await Roadmap(store, settings).sync(team)
    spec = MetricSpec(
        name="Tickets closed within a day",
        unit="%",
        direction="increase",
        baseline=0,
        baseline_date=BASELINE,
        target=100,
        deadline=BASELINE + timedelta(days=100),
        owner=alice,
        cadence="weekly",
        state="committed",
    )
    metric = await store.create_metric(team_id=team, candidate_id=1, spec=spec)
    return metric.id


class Bots:
    """Bot processes on one database sharing a clock the test moves."""

    def __init__(self, fake: FakeSlack, clock: FakeClock, runtimes: list[BotRuntime]) -> None:
        self.fake, self.clock, self.runtimes = fake, clock, runtimes

    @property
    def store(self) -> Storage:
        assert self.runtimes[0].storage is not None
        return self.runtimes[0].storage

    async def at(self, moment: datetime) -> list[str]:
        """Move the clock, let every process tick at once, send what they queued."""
        self.clock.set(moment)
        batches = await asyncio.gather(*(r.jobs.tick() for r in self.runtimes if r.jobs))
        for runtime in self.runtimes:
            assert runtime.services is not None
            await runtime.services.sender.drain()
        await settle(self.store)  # every message queued is sent
        return sorted(o for batch in batches for k, o in batch if k.startswith("metric_"))

    async def settled(self, key: str) -> None:
        """Wait for a job that a process's own loop claimed at start-up to have run (the sweep
        then moves itself to a later day)."""
        await self.at(self.clock.now())
        for _ in range(200):
            job = await self.store.get_job(key)
            if job is not None and job.due_at > self.clock.now():
                return
            await asyncio.sleep(0.02)
        raise TimeoutError(f"{key} did not run")

    async def digest(self) -> str:
        svc = self.runtimes[0].services
        assert svc is not None
        view = await view_for(svc, team_id=1, end=self.clock.now())
        return preview_text(svc, view)


async def started(fake: FakeSlack, url: str, count: int) -> Bots:
    clock = FakeClock(TUESDAY_1500_UTC)
    settings = timed_settings(fake, url)
    store = await Storage.open(url, now=clock.now)
    await store.upgrade()
    await seed(store, fake, settings)
    await store.close()
    runtimes = [BotRuntime(settings, clock=clock) for _ in range(count)]
    for runtime in runtimes:
        await runtime.start(http=True, port=0)
    return Bots(fake, clock, runtimes)


@pytest.fixture
async def one_bot(fake: FakeSlack, database_url: str) -> AsyncIterator[Bots]:
    bots = await started(fake, database_url, 1)
    yield bots
    for runtime in bots.runtimes:
        await runtime.stop()


def dms(convo: Conversation) -> list[dict[str, Any]]:
    """Alice's check-in and reminder DMs (an answered one keeps its first line)."""
    return [m for m in convo.from_bot("alice") if any(w in text_of(m) for w in (CHECKIN, REMINDER))]


def posted(fake: FakeSlack) -> list[str]:
    """Every check-in and reminder the bot posted to Alice, in order."""
    alice = {fake.user("alice").id, fake.dm_channel(fake.user("alice").id)}
    return [
        str(c.args.get("text", ""))
        for c in fake.calls("chat.postMessage")
        if c.args.get("channel") in alice
        and any(w in str(c.args.get("text", "")) for w in (CHECKIN, REMINDER))
    ]


def metric_line(digest: str) -> str:
    (line,) = [x for x in digest.splitlines() if "Tickets closed within a day" in x]
    return line


async def record_by_modal(
    convo: Conversation, message: dict[str, Any], value: str, confidence: str | None = None
) -> dict[str, Any]:
    """Alice clicks Record value in `message` and submits the modal; the submission's reply."""
    fake, alice = convo.fake, convo.id("alice")
    opened = len(fake.calls("views.open"))
    await convo.slack.block_action(alice, metric_ids.RECORD, message=message)
    await fake.wait_for(lambda: len(fake.calls("views.open")) > opened, WAIT)
    modal = fake.views(alice)[-1]
    values: dict[str, Any] = {metric_ids.VALUE: {metric_ids.VALUE: value}}
    if confidence:
        chosen = {"type": "radio_buttons", "selected_option": {"value": confidence}}
        values[metric_ids.CONFIDENCE] = {metric_ids.CONFIDENCE: chosen}
    note = {"type": "plain_text_input", "value": "<!channel> {{ 7*7 }} 🚀"}
    values[metric_ids.NOTE] = {metric_ids.NOTE: note}
    reply = await convo.slack.view_submission(alice, modal, values)
    return {"status": reply.status, "body": reply.json() if reply.body else {}}


def metric_record_cli(db: str, at: datetime, *args: str) -> subprocess.CompletedProcess[str]:
    """`interview-bot metric record …` in its own process, its wall clock moved to `at`."""
    moved = float(os.environ.get(WALL_CLOCK_OFFSET, "0"))  # this process's, under TEST_WALL_CLOCK
    offset = at.timestamp() - (time.time() - moved)
    path = os.pathsep.join(filter(None, [str(CHILD_CLOCK), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": db, "LOG_LEVEL": "WARNING"}
    env.update({WALL_CLOCK_OFFSET: repr(offset), "PYTHONPATH": path})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "metric", "record", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


async def test_check_ins_by_dm_and_cli_move_the_status_and_the_digest_shows_each_state(
    fake: FakeSlack, one_bot: Bots, database_url: str
) -> None:
    bots = one_bot
    async with ClockedDriver(
        fake, bots.clock, app_url=bots.runtimes[0].url, signing_secret=SECRET
    ) as driver:
        convo = Conversation(fake, driver)
        await bots.settled("metric_sweep:1")  # the loop's first tick ran it
        assert dms(convo) == []  # the first check-in is a week after the baseline
        (job,) = await bots.store.jobs(kind="metric_checkin", status="pending")
        assert job.due_at == paris_nine(BASELINE + timedelta(days=7))  # Alice's working hours

        # Week 1, by DM: 9 where the line says 7 → on track, and the owner agrees.
        assert "asked" in await bots.at(job.due_at)
        (first,) = dms(convo)
        assert "last value 0%" in text_of(first) and "increase to 100%" in text_of(first)
        refused = await record_by_modal(convo, first, "nine")
        assert refused["body"]["errors"] == {metric_ids.VALUE: "Give a number, e.g. 10 or 98 %."}
        assert (await bots.store.get_metric(1)).checkins == ()
        done = await record_by_modal(convo, first, "9 %", "on_track")
        assert done["status"] == 200
        await fake.wait_for(lambda: "Recorded 9%" in text_of(dms_or_all(convo)[0]), WAIT)
        assert "*on track*; owner says on track" in metric_line(await bots.digest())

        # Week 2, by DM: 12 where the line says 14 → at risk, the owner still says on track.
        assert "asked" in await bots.at(paris_nine(BASELINE + timedelta(days=14)))
        second = dms(convo)[-1]
        assert "last value 9%" in text_of(second)
        await record_by_modal(convo, second, "12")
        await fake.wait_for(lambda: "at risk" in text_of(convo.from_bot("alice")[-1]), WAIT)
        line = metric_line(await bots.digest())
        assert "*at risk*" in line and "numbers behind plan, owner says on track" in line
        opened = len(fake.calls("views.open"))
        assert (await driver.command(convo.id("alice"), "roadmap 1")).status == 200
        await fake.wait_for(lambda: len(fake.calls("views.open")) > opened, WAIT)
        card = str(fake.calls("views.open")[-1].args["view"])
        assert "*Success metrics:* at risk · Tickets closed within a day ▁▆█ 12% (at risk)" in card

        # Week 3 goes unanswered: one reminder a week later, then stale, and no more DMs.
        assert "asked" in await bots.at(paris_nine(BASELINE + timedelta(days=21)))
        assert "reminded" in await bots.at(paris_nine(BASELINE + timedelta(days=28)))
        reminder = dms(convo)[-1]
        assert REMINDER in text_of(reminder) and len(posted(fake)) == 4
        await bots.at(paris_nine(BASELINE + timedelta(days=29)))
        assert "*stale*" in metric_line(await bots.digest())
        home = await home_of(convo, "alice")
        assert "Your success metrics" in home and "Due now" in home
        assert "*Tickets closed within a day*: 12%, stale; next check-in 2026-12-22" in home
        assert "Your success metrics" not in await home_of(convo, "bob")
        for days in (35, 42, 49):
            await bots.at(paris_nine(BASELINE + timedelta(days=days)))
        assert len(posted(fake)) == 4, "nobody is nagged after the one reminder"

        # Day 50, by DM from the reminder: 52 where the line says 50 → on track again.
        bots.clock.set(paris_nine(BASELINE + timedelta(days=50)) + timedelta(hours=1))
        await record_by_modal(convo, reminder, "52", "at_risk")
        await fake.wait_for(lambda: "on track" in text_of(convo.from_bot("alice")[-1]), WAIT)
        # Day 51, from the warehouse: 100 → achieved (twice for the day: one check-in).
        at = paris_nine(BASELINE + timedelta(days=51))
        bots.clock.set(at)
        for _ in range(2):
            pushed = metric_record_cli(database_url, at, "1", "100", "--note", "nightly")
            assert pushed.returncode == 0, pushed.stderr
        assert "now achieved" in pushed.stdout
        assert "*achieved*" in metric_line(await bots.digest())
        # Each weekly digest charted the metric: its way from baseline to target, by date.
        charts = line_charts(fake)
        assert charts, "the digests posted a success-metrics chart"
        (series,) = charts[-1]["chart"]["series"]
        assert series["name"] == "Tickets closed…"  # cut to Slack's 20 characters
        assert [p["value"] for p in series["data"]] == [9.0, 12.0]
    checkins = (await bots.store.get_metric(1)).checkins
    assert [(c.value, c.confidence) for c in checkins] == [
        (9, "on_track"),
        (12, None),
        (52, "at_risk"),
        (100, None),
    ]
    assert checkins[0].note == "<!channel> {{ 7*7 }} 🚀"
    sent = [text_of(m) for m in convo.from_bot("alice")]
    assert not [t for t in sent if "<!channel>" in t]


def line_charts(fake: FakeSlack) -> list[dict[str, Any]]:
    """The success-metrics charts the digests posted to the channel, oldest first."""
    return [
        b
        for m in fake.messages(fake.general)
        for b in m.get("blocks") or []
        if b.get("type") == "data_visualization" and b["chart"]["type"] == "line"
    ]


async def home_of(convo: Conversation, name: str) -> str:
    """The person opens the bot's Home tab: what it shows."""
    fake, user = convo.fake, convo.id(name)
    published = len(fake.calls("views.publish"))
    await convo.slack.event(home_opened(fake, user))
    await fake.wait_for(lambda: len(fake.calls("views.publish")) > published, WAIT)
    return text_of(fake.home(user) or {})


def dms_or_all(convo: Conversation) -> list[dict[str, Any]]:
    """Alice's DMs from the bot, newest first."""
    return list(reversed(convo.from_bot("alice")))


@pytest.mark.postgres
async def test_two_processes_on_postgres_send_each_check_in_once(
    fake: FakeSlack, pg_empty_url: str
) -> None:
    bots = await started(fake, pg_empty_url, 2)
    try:
        await bots.settled("metric_sweep:1")
        outcomes = []
        for days in (7, 8, 14, 21, 28, 35):
            moment = paris_nine(BASELINE + timedelta(days=days))
            outcomes += await bots.at(moment)
            if days == 8:  # a value for week 1 comes from the warehouse
                await bots.store.record_checkin(1, on=moment.date(), value=10, source="cli")
        assert outcomes.count("asked") == 2 and outcomes.count("reminded") == 1
        texts = posted(fake)
        assert len(texts) == 3 and [REMINDER in t for t in texts] == [False, False, True]
        jobs = await bots.store.jobs(kind="metric_checkin", status="done")
        assert len({j.key for j in jobs}) == len(jobs) == 2
        sweeps = [o for o in outcomes if o.startswith("scheduled")]
        assert len(sweeps) == 6, outcomes  # one sweep for each day the clock moved, not two
    finally:
        for runtime in bots.runtimes:
            await runtime.stop()
