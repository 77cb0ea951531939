"""A metric committed from the card's SMART form is tracked: the next day's sweep schedules its
first check-in, which reaches its owner by DM a cadence later, in their working hours."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.blocks import metric_ids
from bot.blocks import roadmap_forms as form
from bot.blocks import roadmap_ids as ids
from bot.roadmap.service import Roadmap
from bot.runtime import BotRuntime
from sandbox import FakeSlack
from storage import Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.slack.conftest import SECRET
from tests.slack.helpers import WAIT, ClockedDriver, Conversation, settle
from tests.slack.test_metric_checkins import CHECKIN, paris_nine, posted
from tests.slack.test_roadmap import open_card, push_form
from tests.slack.test_time_based import timed_settings
from tests.test_roadmap_factories import finished_interview


@pytest.fixture
async def clocked(
    fake: FakeSlack, database_url: str
) -> AsyncIterator[tuple[BotRuntime, FakeClock]]:
    clock = FakeClock(TUESDAY_1500_UTC)
    settings = timed_settings(fake, database_url)
    store = await Storage.open(database_url, now=clock.now)
    await store.upgrade()
    team = await store.ensure_team(slack_team_id=fake.team_id)
    pain = ("Tickets wait days", "Nobody triages", "days")
    alice, bob = fake.user("alice").id, fake.user("bob").id
    await finished_interview(
        store, team=team, stakeholder="Bob", pains=[pain], facilitator=alice, stakeholder_slack=bob
    )
    await Roadmap(store, settings).sync(team)
    await store.close()
    runtime = BotRuntime(settings, clock=clock)
    await runtime.start(http=True, port=0)
    yield runtime, clock
    await runtime.stop()


def _select(action_id: str, value: str, kind: str = "static_select") -> dict[str, Any]:
    return {action_id: {"type": kind, "selected_option": {"value": value}}}


async def test_a_metric_committed_on_the_card_gets_its_check_in_by_dm(
    fake: FakeSlack, clocked: tuple[BotRuntime, FakeClock]
) -> None:
    runtime, clock = clocked
    store, jobs, svc = runtime.storage, runtime.jobs, runtime.services
    assert store is not None and jobs is not None and svc is not None
    async with ClockedDriver(fake, clock, app_url=runtime.url, signing_secret=SECRET) as slack:
        convo = Conversation(fake, slack)
        alice = convo.id("alice")
        card = await open_card(fake, convo, "alice", 1)
        impact = await push_form(fake, slack, alice, card, ids.IMPACT)
        values = {
            form.KIND: _select(form.KIND, "cost"),
            form.IMPACT_SCORE: _select(form.IMPACT_SCORE, "3", "radio_buttons"),
            form.METRIC: {form.METRIC: "Tickets triaged within a day"},
            form.BASELINE: {form.BASELINE: "20 %"},
            form.TARGET: {form.TARGET: "90 %"},
            form.DEADLINE: {form.DEADLINE: {"type": "datepicker", "selected_date": "2027-06-30"}},
            metric_ids.DIRECTION: _select(metric_ids.DIRECTION, "increase"),
            metric_ids.OWNER: {metric_ids.OWNER: {"type": "users_select", "selected_user": alice}},
            metric_ids.CADENCE: _select(metric_ids.CADENCE, "biweekly"),
            metric_ids.COMMIT: {
                metric_ids.COMMIT: {
                    "type": "checkboxes",
                    "selected_options": [{"value": metric_ids.COMMITTED}],
                }
            },
        }
        done = await slack.view_submission(alice, impact, values)
        assert done.status == 200 and done.body == ""
        await fake.wait_for(lambda: bool(fake.calls("views.update")), WAIT)
        (metric,) = await store.list_metrics(team_id=1)
        assert (metric.state, metric.unit, metric.cadence, metric.baseline) == (
            "committed", "%", "biweekly", 20.0,
        )  # fmt: skip
        assert metric.baseline_date == TUESDAY_1500_UTC.date()
        row = await store.get_candidate(1, team_id=1)
        assert (row.metric, row.baseline, row.target) == (
            "Tickets triaged within a day",
            "20 %",
            "90 %",
        )

        for days in (1, 7, 14):
            clock.set(paris_nine(TUESDAY_1500_UTC.date() + timedelta(days=days)))
            await jobs.tick()
            svc.sender.wake()
            await settle(store)
        texts = posted(fake)
        assert len(texts) == 1 and CHECKIN in texts[0] and "Baseline 20%" in texts[0]
        (sent,) = await store.jobs(kind="metric_checkin", status="done")
        assert sent.due_at == paris_nine(TUESDAY_1500_UTC.date() + timedelta(days=14))
