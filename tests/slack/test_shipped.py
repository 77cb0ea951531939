"""Shipped means asked, end to end with a moved clock against the Slack stand-in: a candidate
carrying three stakeholders' pain points ships; each stakeholder is asked once, in their own
working hours; two "Fixed it" and one "No" read "2 of 3 say fixed" on the card, and the "No"
opens that pain point again for its facilitator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import metric_ids
from bot.blocks import roadmap_ids as ids
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackUser
from storage import Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.slack.conftest import SECRET
from tests.slack.helpers import WAIT, ClockedDriver, Conversation, settle, text_of
from tests.slack.test_roadmap import open_card
from tests.slack.test_time_based import timed_settings
from tests.test_roadmap_factories import finished_interview

ASKED = "has shipped. You told us"
PAINS = {
    "alice": ("Tickets wait days to be triaged", "Nobody owns triage", "days!"),
    "bob": ("Tickets sit untriaged for days <!channel>", "No triage owner", "{{ 7*7 }}"),
    "chandra": ("Triage of tickets takes days", "No one owns triage", "slow"),
}


@pytest.fixture
async def running(fake: FakeSlack, database_url: str) -> AsyncIterator[tuple[BotRuntime, Any]]:
    fake.add_user(SlackUser("UERIN00001", "erin", "Erin Editor", "UTC", "Product"))
    clock = FakeClock(TUESDAY_1500_UTC)  # Paris 16:00, New York 10:00, Kolkata 20:30
    settings = replace(
        timed_settings(fake, database_url), roadmap_editor_ids=frozenset({"UERIN00001"})
    )
    runtime = BotRuntime(settings, clock=clock)
    await runtime.start(http=True, port=0)
    yield runtime, clock
    await runtime.stop()


async def seed(store: Storage, fake: FakeSlack) -> int:
    """Three stakeholders' pain points on one candidate (merged), interviews run by Erin."""
    team = await store.ensure_team(slack_team_id=fake.team_id)
    for name, pain in PAINS.items():
        user = fake.user(name)
        await finished_interview(
            store,
            team=team,
            stakeholder=name.title(),
            pains=[pain],
            facilitator="UERIN00001",
            stakeholder_slack=user.id,
        )
        await store.ensure_person(
            team_id=team, slack_user_id=user.id, name=name.title(), tz=user.tz
        )
    return team


def asked(fake: FakeSlack, name: str) -> list[dict[str, Any]]:
    user = fake.user(name).id
    channels = {user, fake.dm_channel(user)}
    return [
        c.args
        for c in fake.calls("chat.postMessage")
        if c.args.get("channel") in channels and ASKED in str(c.args.get("text", ""))
    ]


async def test_shipping_asks_each_stakeholder_once_and_a_no_reopens_the_pain_point(
    fake: FakeSlack, running: tuple[BotRuntime, FakeClock]
) -> None:
    runtime, clock = running
    store, jobs, svc = runtime.storage, runtime.jobs, runtime.services
    assert store is not None and jobs is not None and svc is not None
    team = await seed(store, fake)

    async def tick_at(moment: Any) -> None:
        clock.set(moment)
        await jobs.tick()
        svc.sender.wake()
        await settle(store)

    async with ClockedDriver(fake, clock, app_url=runtime.url, signing_secret=SECRET) as slack:
        convo = Conversation(fake, slack)
        assert "top 3 of 3" in text_of(await _command(convo, "erin", "roadmap"))
        for other in (2, 3):
            await store.merge_candidates(team_id=team, keep_id=1, merge_id=other, by="erin")
        card = await open_card(fake, convo, "erin", 1)
        erin = convo.id("erin")
        assert (await slack.block_action(erin, ids.STATUS, "shipped", view=card)).status == 200
        pending: list[Any] = []
        for _ in range(100):
            pending = await store.jobs(kind="ship_ask", status="pending")
            if len(pending) + len(await store.jobs(kind="ship_ask", status="done")) == 3:
                break
            await asyncio.sleep(0.02)
        await tick_at(TUESDAY_1500_UTC)
        assert [len(asked(fake, n)) for n in PAINS] == [1, 1, 0]  # Chandra's evening: later
        (later,) = await store.jobs(kind="ship_ask", status="pending")
        local = later.due_at.astimezone(ZoneInfo("Asia/Kolkata"))
        assert (local.weekday(), local.hour, local.minute) == (2, 9, 0)  # Wednesday 09:00
        for hours in (0, 1, 24, 24 * 7):
            await tick_at(later.due_at + timedelta(hours=hours))
        assert [len(asked(fake, n)) for n in PAINS] == [1, 1, 1], "each is asked once"
        assert "_Tickets sit untriaged for days &lt;!channel&gt;_" in asked(fake, "bob")[0]["text"]

        # Someone else's click on Chandra's question changes nothing.
        chandra_dm = await convo.wait_for_action("chandra", metric_ids.SHIP_ANSWERS["no"])
        before = len(fake.ephemerals(user=convo.id("bob")))
        await slack.block_action(
            convo.id("bob"), metric_ids.SHIP_ANSWERS["fixed"], message=chandra_dm
        )
        await fake.wait_for(lambda: len(fake.ephemerals(user=convo.id("bob"))) > before, WAIT)
        assert await store.ship_answers(team_id=team) == {1: [None, None, None]}

        for name, said in (("alice", "fixed"), ("bob", "fixed"), ("chandra", "no")):
            dm = await convo.wait_for_action(name, metric_ids.SHIP_ANSWERS[said])
            await convo.click(name, metric_ids.SHIP_ANSWERS[said], dm)
        await convo.wait_for_text("erin", "did not fix their pain point")
        await convo.wait_for_text("chandra", "Thank you: you said *No*")
        assert sorted(a or "" for a in (await store.ship_answers(team_id=team))[1]) == [
            "fixed", "fixed", "no",
        ]  # fmt: skip
        opened = len(fake.calls("views.open"))
        assert (await slack.command(erin, "roadmap 1")).status == 200
        await fake.wait_for(lambda: len(fake.calls("views.open")) > opened, WAIT)
        assert "2 of 3 say fixed" in str(fake.calls("views.open")[-1].args["view"])
        row = await store.get_candidate(1, team_id=team)
        holds = {e.stakeholder: e.still_holds for e in row.evidence}
        assert holds == {"Alice": None, "Bob": None, "Chandra": True}
        assert row.status == "shipped"


async def _command(convo: Conversation, name: str, text: str) -> dict[str, Any]:
    fake, user = convo.fake, convo.id(name)
    before = len(fake.ephemerals(user=user))
    assert (await convo.slack.command(user, text)).status == 200
    await fake.wait_for(lambda: len(fake.ephemerals(user=user)) > before, WAIT)
    return fake.ephemerals(user=user)[before]
