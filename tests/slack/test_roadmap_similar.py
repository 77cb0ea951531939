"""The closest candidates, confirmed by a person, end to end against the stand-in: new
candidates reach the facilitator in one DM with the three closest and *Same as #N*; the card
shows the same three; choosing merges, and Undo gives it back."""

from __future__ import annotations

from typing import Any

from bot.blocks import roadmap_ids as ids
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    WAIT,
    Conversation,
    command_reply,
    has_action,
    run_pain_points_interview,
    text_of,
)
from tests.slack.test_roadmap import open_card, seed, view_text

CLOSE = ("Closing the books takes ten working days each month.", "The ERP export is manual", "10")
DASHBOARDS = ("Two dashboards show different revenue for the same month.", "", "which one?")
LATE = ("I only see last month's P&L around the fifteenth; the close takes long.", "", "late")


def same_as_values(blocks: list[dict[str, Any]]) -> list[str]:
    """The values of every *Same as* button, in order."""
    return [
        str(b["accessory"]["value"])
        for b in blocks
        if (b.get("accessory") or {}).get("action_id") == ids.SAME_AS
    ]


async def test_new_candidates_reach_the_facilitator_in_one_dm_with_the_closest_three(
    fake: FakeSlack, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", CLOSE), ("Chandra", DASHBOARDS), ("Dana", LATE))
    await command_reply(convo, "alice", "roadmap")
    offer = await convo.wait_for_action("alice", ids.SAME_AS)
    offers = [m for m in convo.from_bot("alice") if has_action(m, ids.SAME_AS)]
    assert len(offers) == 1  # batched: one DM for the three new candidates
    text = text_of(offer)
    assert "New on the roadmap: *#1* Closing the books" in text and "*#3* I only see" in text
    assert "Others raised something like this" in text and "Bob" not in text  # titles only
    values = same_as_values(offer["blocks"])
    assert {v.split(":")[0] for v in values} == {"1", "2", "3"} and "3:1" in values

    await convo.slack.block_action(convo.id("alice"), ids.SAME_AS, "3:1", message=offer)
    decided = await convo.wait_for_text("alice", "Merged #3 into #1.")
    left = same_as_values(decided["blocks"])
    assert left and not any(v.startswith("3:") for v in left)  # the other offers stay
    assert has_action(decided, ids.UNDO_MERGE)
    listed = await command_reply(convo, "alice", "roadmap")  # a table: reach is the last cell
    assert any(
        line.startswith(("1 | #1 |", "2 | #1 |")) and line.endswith("| 2")
        for line in listed.splitlines()
    )


async def test_the_card_offers_the_closest_three_and_same_as_merges_undoably(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", CLOSE), ("Chandra", DASHBOARDS), ("Dana", LATE))
    await command_reply(convo, "alice", "roadmap")
    card = await open_card(fake, convo, "alice", 3)
    assert "Others raised something like this" in view_text(card)
    assert same_as_values(card["blocks"])[:1] == ["3:1"]  # the closest first
    alice = convo.id("alice")
    updates = len(fake.calls("views.update"))
    assert (await slack.block_action(alice, ids.SAME_AS, "3:1", view=card)).status == 200
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    kept = fake.views(alice)[-1]
    assert "#3 was merged into this one" in view_text(kept) and has_action(kept, ids.UNDO_MERGE)
    store = bot.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)
    assert [len(c.evidence) for c in await store.list_candidates(team_id=team)] == [2, 1]

    updates = len(fake.calls("views.update"))
    assert (await slack.block_action(alice, ids.UNDO_MERGE, view=kept)).status == 200
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    assert len(await store.list_candidates(team_id=team)) == 3


async def test_a_stakeholder_sees_the_closest_titles_without_same_as_and_odd_values_do_nothing(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", CLOSE), ("Chandra", DASHBOARDS), ("Dana", LATE))
    await command_reply(convo, "alice", "roadmap")
    card = await open_card(fake, convo, "bob", 1)
    assert "Others raised something like this" in view_text(card)
    assert same_as_values(card["blocks"]) == [] and "Dana" not in view_text(card)
    mine = await open_card(fake, convo, "alice", 1)
    for junk in ("1:1", "x:2", "1:999", "<!channel>"):
        assert (await slack.block_action(convo.id("alice"), ids.SAME_AS, junk, view=mine)).status
    await convo.wait_for_text("alice", "This was already decided.")
    store = bot.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)
    assert len(await store.list_candidates(team_id=team)) == 3


async def test_after_the_playback_the_stakeholder_is_asked_whether_theirs_is_one_others_raised(
    fake: FakeSlack, convo: Conversation, bot: BotRuntime
) -> None:
    others = ("Leads from marketing sit untouched for days before a rep calls them.", "", "x")
    await seed(bot, fake, ("Chandra", others), ("Dana", DASHBOARDS))
    await command_reply(convo, "alice", "roadmap")  # #1 and #2, raised by others before
    await run_pain_points_interview(convo, "alice", "bob")  # "Leads get lost": #3 at the finish
    assert bot.jobs is not None
    await bot.jobs.tick()  # the finish's roadmap job, due at once
    offer = await convo.wait_for_action("bob", ids.MINE_IS)
    text = text_of(offer)
    assert "You said: *Leads get lost*" in text and "is yours one of these?" in text
    assert "*#1* Leads from marketing" in text and "Chandra" not in text  # titles only
    assert same_as_values(offer["blocks"]) == []  # Bob gets *Mine is*, never *Same as*
    assert "3:1" in [b["accessory"]["value"] for b in offer["blocks"] if b.get("accessory")]
    await convo.wait_for_action("alice", ids.SAME_AS)  # and Alice her batched DM

    alice = convo.id("alice")
    replies = len(fake.ephemerals(user=alice))
    await convo.slack.block_action(
        alice, ids.MINE_IS, "3:1", message=offer, channel=offer["channel"]
    )
    await fake.wait_for(lambda: len(fake.ephemerals(user=alice)) > replies, WAIT)
    assert "Only the person who raised" in text_of(fake.ephemerals(user=alice)[replies])
    store = bot.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)
    assert len(await store.list_candidates(team_id=team)) == 3  # only Bob speaks for Bob

    await convo.slack.block_action(convo.id("bob"), ids.MINE_IS, "3:1", message=offer)
    done = await convo.wait_for_text("bob", "your pain point now counts with #1")
    assert not has_action(done, ids.MINE_IS)
    (kept,) = [c for c in await store.list_candidates(team_id=team) if c.id == 1]
    assert sorted(e.stakeholder for e in kept.evidence) == ["Bob Okafor", "Chandra"]
    assert len(await store.merges_of(team_id=team, candidate_id=1)) == 1  # undoable
