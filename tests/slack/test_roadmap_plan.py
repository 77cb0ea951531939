"""The plan in Slack, end to end against the stand-in: a big item's trade-off with Keep / Swap
for a roadmap editor, the spent buttons replaced by who chose what, and the plan honouring it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bot.blocks import roadmap_ids as ids
from sandbox import FakeSlack
from tests.slack.conftest import RunningBot
from tests.slack.helpers import command_reply, has_action, settle, text_of
from tests.test_roadmap_factories import finished_interview

PAINS = [
    ("Nobody knows which customers are at risk", "Usage data is scattered", "churn"),
    ("Expense approvals wait for weeks <!channel>", "No reminders", "slow"),
    ("Budget reports are rebuilt by hand {{ 7*7 }}", "Formats differ", "tedious"),
]


async def test_an_editor_keeps_or_swaps_and_the_buttons_give_way_to_the_decision(
    fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]
) -> None:
    started = await start_bot(roadmap_editor_ids=frozenset({fake.user("alice").id}))
    convo, store = started.convo, started.runtime.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)
    await finished_interview(store, team=team, stakeholder="Bob", pains=PAINS)
    await command_reply(convo, "alice", "roadmap")  # brings the pain points in
    await store.update_candidates(
        team_id=team,
        updates={
            1: {"effort": "XL", "impact": 5},
            2: {"effort": "M", "impact": 1},
            3: {"effort": "M", "impact": 1},
        },
    )
    alice = convo.id("alice")
    text = await command_reply(convo, "alice", "roadmap plan")
    assert "*#1* (XL, 24 points, impact 5, about 6 months) costs the same as #2 + #3" in text
    assert "(12 points, impact 2 together). Keep #1 first?" in text
    assert "Expense approvals wait for weeks &lt;!channel&gt;" in text  # titles, escaped
    shown = fake.ephemerals(user=alice)[-1]
    assert has_action(shown, ids.KEEP) and has_action(shown, ids.SWAP)
    # Someone who is not an editor sees the same comparison, without the buttons.
    other = await command_reply(convo, "bob", "roadmap plan")
    assert "costs the same as #2 + #3" in other
    assert not has_action(fake.ephemerals(user=convo.id("bob"))[-1], ids.KEEP)

    # A forged value (garbage, or a candidate that is not there) decides nothing.
    for forged in ("{{ 7*7 }}", "1:999", "<!channel>:2", "1:" + ",".join(["2"] * 41)):
        before = len(fake.ephemerals(user=alice))
        await convo.slack.block_action(alice, ids.SWAP, forged, ephemeral=shown)
        await fake.wait_for(lambda b=before: len(fake.ephemerals(user=alice)) > b, 5)
        assert "That plan has changed" in text_of(fake.ephemerals(user=alice)[-1])
    assert await store.trade_off_decisions(team_id=team) == []

    count = len(fake.ephemerals(user=alice))
    assert (await convo.slack.block_action(alice, ids.KEEP, ephemeral=shown)).status == 200
    await settle(store)

    def replaced() -> dict[str, object] | None:
        same = [m for m in fake.ephemerals(user=alice) if m["ts"] == shown["ts"]]
        return same[0] if same and not has_action(same[0], ids.KEEP) else None

    decided = await fake.wait_for(replaced, 5)
    assert len(fake.ephemerals(user=alice)) == count  # replaced in place, not a new message
    assert f"<@{alice}> kept #1 first (" in text_of(decided)
    assert not has_action(decided, ids.SWAP)
    (kept,) = await store.trade_off_decisions(team_id=team)
    assert (kept.candidate_id, kept.alternatives, kept.choice) == (1, (2, 3), "keep")
    again = await command_reply(convo, "alice", "roadmap plan")
    assert "kept #1 first" in again and "Keep #1 first?" in again  # decided, not asked again
    assert not has_action(fake.ephemerals(user=alice)[-1], ids.KEEP)

    # A Swap recorded from the terminal's side reorders the plan: #2 and #3 now start first.
    await store.decide_trade_off(
        team_id=team, candidate_id=1, alternatives=[2, 3], choice="swap", by=alice
    )
    swapped = await command_reply(convo, "alice", "roadmap plan")
    assert f"<@{alice}> swapped: #2 + #3 go before #1" in swapped
    table = [line for line in swapped.splitlines() if line.startswith("1 | ")]
    order = [line.split(" | ")[2] for line in table]  # year | quarters | # | title | ...
    assert order.index("#2") < order.index("#1") and order.index("#3") < order.index("#1")


async def test_the_plan_view_keeps_a_snapshot_and_home_says_what_moved_this_quarter(
    fake: FakeSlack, database_url: str
) -> None:
    from bot.roadmap.service import Roadmap
    from bot.runtime import BotRuntime
    from storage import Storage
    from tests.clock import TUESDAY_1500_UTC, FakeClock
    from tests.slack.conftest import SECRET, bot_settings
    from tests.slack.helpers import ClockedDriver, Conversation
    from tests.slack.test_app_home import home_opened

    settings = bot_settings(fake, database_url)
    then = FakeClock(datetime(2026, 9, 1, 10, 0, tzinfo=UTC))  # last quarter
    old = await Storage.open(database_url, now=then.now)
    await old.upgrade()
    team = await old.ensure_team(slack_team_id=fake.team_id)
    await finished_interview(old, team=team, stakeholder="Bob", pains=PAINS[:1])
    kept = Roadmap(old, settings)
    await kept.sync(team)
    await kept.record_plan(team, await kept.board(team))  # #1 not sized yet, so not planned
    await old.close()

    clock = FakeClock(TUESDAY_1500_UTC)
    runtime = BotRuntime(settings, clock=clock)
    await runtime.start(http=True, port=0)
    try:
        # The bot checks signatures against its own clock: Slack signs at the same time.
        async with ClockedDriver(fake, clock, app_url=runtime.url, signing_secret=SECRET) as slack:
            convo = Conversation(fake, slack)
            store = runtime.storage
            assert store is not None
            await store.update_candidates(team_id=team, updates={1: {"impact": 4}})
            ask = await store.request_sizing(
                team_id=team,
                candidate_id=1,
                engineer="U0ENG00001",
                requested_by="U0FAC",
                outbox=lambda *_: [],
            )
            await store.answer_sizing(
                team_id=team,
                request_id=ask.id,
                engineer="U0ENG00001",
                size="M",
                note=None,
                outbox=lambda *_: [],
            )
            plan = await command_reply(convo, "alice", "roadmap plan")
            assert "Year 1" in plan
            assert any(
                b["type"] == "table" for b in fake.ephemerals(user=convo.id("alice"))[-1]["blocks"]
            )
            today = await store.plan_snapshot_at(team_id=team, on=TUESDAY_1500_UTC.date())
            assert today is not None and today.taken_on == TUESDAY_1500_UTC.date()  # kept

            alice = convo.id("alice")
            await slack.event(home_opened(fake, alice))
            home = await fake.wait_for(lambda: fake.home(alice), 5)
            shown = text_of(home)
            assert "*What moved since the plan of 2026-09-01*" in shown
            assert (
                "#1 Nobody knows which customers are at risk: entered the plan in year 1" in shown
            )
            assert "why: sized M by U0ENG00001 on 2026-12-01" in shown
    finally:
        await runtime.stop()
