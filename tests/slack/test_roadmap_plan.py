"""The plan in Slack, end to end against the stand-in: a big item's trade-off with Keep / Swap
for a roadmap editor, the spent buttons replaced by who chose what, and the plan honouring it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

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
