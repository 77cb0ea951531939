"""The check-in DM's other buttons, against the Slack stand-in with a moved clock: *Skip* moves
the next check-in a period on (and no reminder follows), *No longer relevant* asks why and closes
the metric (no more DMs); draft metrics and year-2 candidates get no DMs at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.blocks import metric_ids
from bot.roadmap.service import Roadmap
from sandbox import FakeSlack
from storage import MetricSpec
from tests.slack.conftest import SECRET
from tests.slack.helpers import WAIT, ClockedDriver, Conversation, text_of
from tests.slack.test_metric_checkins import BASELINE, Bots, paris_nine, posted, started
from tests.test_roadmap_factories import finished_interview


@pytest.fixture
async def bots(fake: FakeSlack, database_url: str) -> AsyncIterator[Bots]:
    running = await started(fake, database_url, 1)
    yield running
    for runtime in running.runtimes:
        await runtime.stop()


async def more_metrics(bots: Bots, fake: FakeSlack) -> None:
    """A draft metric on candidate #1, and a committed one on a candidate pinned to year 2."""
    store, alice = bots.store, fake.user("alice").id
    pain = ("Reports are late every month", "Manual exports", "late!")
    await finished_interview(store, team=1, stakeholder="Cy", pains=[pain], facilitator=alice)
    svc = bots.runtimes[0].services
    assert svc is not None
    await Roadmap(store, svc.settings).sync(1)
    await store.update_candidates(team_id=1, updates={2: {"horizon_pin": 2}})
    for candidate, state, name in ((1, "draft", "Draft metric"), (2, "committed", "Year two")):
        spec = MetricSpec(
            name=name,
            unit="%",
            direction="increase",
            baseline=0,
            baseline_date=BASELINE,
            target=10,
            deadline=BASELINE + timedelta(days=300),
            owner=alice,
            cadence="weekly",
            state=state,
        )
        await store.create_metric(team_id=1, candidate_id=candidate, spec=spec)


async def test_skip_moves_the_check_in_and_no_longer_relevant_closes_the_metric(
    fake: FakeSlack, bots: Bots
) -> None:
    await more_metrics(bots, fake)
    async with ClockedDriver(
        fake, bots.clock, app_url=bots.runtimes[0].url, signing_secret=SECRET
    ) as slack:
        convo = Conversation(fake, slack)
        await bots.settled("metric_sweep:1")
        outcomes = await bots.at(paris_nine(BASELINE + timedelta(days=7)))
        assert outcomes.count("asked") == 1
        jobs = await bots.store.jobs(kind="metric_checkin")
        assert {j.payload["metric_id"] for j in jobs} == {1}  # not the draft, not year 2
        texts = posted(fake)
        assert len(texts) == 1 and "Tickets closed within a day" in texts[0]

        first = await convo.wait_for_action("alice", metric_ids.SKIP)
        await convo.click("alice", metric_ids.SKIP, first)
        await fake.wait_for(lambda: "next check-in is due 2026-12-15" in _last(convo), WAIT)
        assert (await bots.store.get_metric(1)).skipped_through == BASELINE + timedelta(days=7)
        outcomes = await bots.at(paris_nine(BASELINE + timedelta(days=14)))
        assert "answered" in outcomes and "reminded" not in outcomes  # skipped: no reminder
        assert len(posted(fake)) == 2

        second = await convo.wait_for_action("alice", metric_ids.RETIRE)
        modal = await _modal(convo, second)
        empty = await slack.view_submission(convo.id("alice"), modal, _reason("   "))
        assert empty.json()["errors"] == {metric_ids.REASON: "Say why, in a few words."}
        assert (await bots.store.get_metric(1)).state == "committed"
        done = await slack.view_submission(
            convo.id("alice"), modal, _reason("Replaced by <!channel> SLA metric")
        )
        assert done.status == 200
        await fake.wait_for(lambda: "Closed *Tickets closed" in _last(convo), WAIT)
        assert "&lt;!channel&gt;" in _last(convo)
        closed = await bots.store.get_metric(1)
        assert (closed.state, closed.closed_reason) == (
            "closed",
            "Replaced by <!channel> SLA metric",
        )
        for days in (21, 28, 35):
            await bots.at(paris_nine(BASELINE + timedelta(days=days)))
        assert len(posted(fake)) == 2, "a closed metric, a draft and a year-2 one get no DMs"


def _last(convo: Conversation) -> str:
    return " ".join(text_of(m) for m in convo.from_bot("alice"))


async def _modal(convo: Conversation, message: dict[str, Any]) -> dict[str, Any]:
    fake, alice = convo.fake, convo.id("alice")
    opened = len(fake.calls("views.open"))
    await convo.slack.block_action(alice, metric_ids.RETIRE, message=message)
    await fake.wait_for(lambda: len(fake.calls("views.open")) > opened, WAIT)
    return fake.views(alice)[-1]


def _reason(text: str) -> dict[str, Any]:
    return {metric_ids.REASON: {metric_ids.REASON: {"type": "plain_text_input", "value": text}}}
