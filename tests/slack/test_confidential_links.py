"""A confidential interview against the Slack stand-in: its words never reach the roadmap, but
after the playback its stakeholder is offered the closest candidates (titles only) and says
*Mine is #1*; the card counts it without a name, someone else's click changes nothing, and when
#1 ships the confidential stakeholder is asked like the others, their answer only a count."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.blocks import metric_ids
from bot.blocks import roadmap_ids as ids
from bot.runtime import BotRuntime
from bot.slack.schedule import ROADMAP
from sandbox import FakeSlack, SlackUser
from storage import JobSpec
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.slack.conftest import SECRET
from tests.slack.helpers import WAIT, ClockedDriver, Conversation, settle, text_of
from tests.slack.test_roadmap import open_card
from tests.slack.test_time_based import timed_settings
from tests.test_roadmap_factories import finished_interview

EDITOR = "UERIN00001"
OPEN = ("Support tickets wait days before anyone triages them", "Nobody owns triage", "days")
SECRET_PAIN = (
    "Tickets from our biggest accounts wait days before anyone triages them <!channel>",
    "My manager {{ hides }} the queue",
    "I am thinking of leaving",
)


async def test_a_confidential_stakeholder_links_their_pain_point_and_is_asked_when_it_ships(
    fake: FakeSlack, database_url: str
) -> None:
    fake.add_user(SlackUser(EDITOR, "erin", "Erin Editor", "UTC", "Product"))
    clock = FakeClock(TUESDAY_1500_UTC)  # Paris 16:00: everyone's working hours
    settings = replace(timed_settings(fake, database_url), roadmap_editor_ids=frozenset({EDITOR}))
    runtime = BotRuntime(settings, clock=clock)
    await runtime.start(http=True, port=0)
    store, jobs, svc = runtime.storage, runtime.jobs, runtime.services
    assert store is not None and jobs is not None and svc is not None
    try:
        team = await store.ensure_team(slack_team_id=fake.team_id)
        alice, bob = fake.user("alice").id, fake.user("bob").id
        await finished_interview(
            store, team=team, stakeholder="Alice", pains=[OPEN], facilitator=EDITOR,
            stakeholder_slack=alice,
        )  # fmt: skip
        other = ("Expense approvals take weeks", "Three sign-offs", "slow")
        await finished_interview(
            store, team=team, stakeholder="Carl", pains=[other], facilitator=EDITOR
        )
        await svc.roadmap.sync(team)
        hidden = await finished_interview(
            store, team=team, stakeholder="Bob", pains=[SECRET_PAIN], facilitator=EDITOR,
            stakeholder_slack=bob, confidential=True,
        )  # fmt: skip
        await store.ensure_job(
            team_id=team, job=JobSpec(ROADMAP, f"{ROADMAP}:{hidden}", clock.now(), {}, hidden)
        )
        await jobs.tick()
        svc.sender.wake()
        await settle(store)
        assert [c.id for c in (await svc.roadmap.board(team)).ranked] == [1, 2]  # no #3

        async with ClockedDriver(fake, clock, app_url=runtime.url, signing_secret=SECRET) as slack:
            convo = Conversation(fake, slack)
            offer = await convo.wait_for_action("bob", ids.MINE_IS_CONFIDENTIAL)
            said = text_of(offer)
            assert "never with your name or words" in said and "Support tickets wait" in said
            assert "&lt;!channel&gt;" in said and "<!channel>" not in said
            assert offer["blocks"][1]["accessory"]["text"]["text"] == "Mine is #1"

            # Alice clicking Bob's offer changes nothing.
            refused = await slack.block_action(
                alice, ids.MINE_IS_CONFIDENTIAL, offer["blocks"][1]["accessory"]["value"],
                message=offer,
            )  # fmt: skip
            assert refused.status == 200
            await fake.wait_for(lambda: fake.ephemerals(user=alice), WAIT)
            assert await store.confidential_counts(team_id=team) == {}

            clicks = [convo.click("bob", ids.MINE_IS_CONFIDENTIAL, offer) for _ in range(2)]
            assert await asyncio.gather(*clicks) == [200, 200]  # a double click: one link
            await convo.wait_for_text("bob", "now counts with #1, without your name or words")
            await settle(store)
            assert await store.confidential_counts(team_id=team) == {1: 1}

            card = await open_card(fake, convo, "erin", 1)
            shown = str(card)
            assert "Also counted here: 1 from confidential interviews (never named)" in shown
            assert "Bob" not in shown and "biggest accounts" not in shown
            board = await svc.roadmap.board(team)
            ranked = board.get(1)
            assert ranked is not None and ranked.candidate.reach == 2  # Alice, and one counted

            erin = convo.id("erin")
            assert (await slack.block_action(erin, ids.STATUS, "shipped", view=card)).status == 200
            for _ in range(100):
                if len(await store.jobs(kind="ship_ask")) == 2:
                    break
                await asyncio.sleep(0.02)
            await jobs.tick()
            svc.sender.wake()
            await settle(store)
            ask = await convo.wait_for_action("bob", metric_ids.SHIP_ANSWERS["fixed"])
            assert "has shipped. You told us" in text_of(ask) and "biggest accounts" in text_of(ask)
            await convo.click("bob", metric_ids.SHIP_ANSWERS["fixed"], ask)
            await convo.wait_for_text("bob", "Thank you: you said *Fixed it*")
            opened = len(fake.calls("views.open"))
            assert (await slack.command(erin, "roadmap 1")).status == 200
            await fake.wait_for(lambda: len(fake.calls("views.open")) > opened, WAIT)
            shown = str(fake.calls("views.open")[-1].args["view"])
            assert "1 of 1 say fixed" in shown and "Bob" not in shown
    finally:
        await runtime.stop()
