"""What an interview proposes for the roadmap, end to end over real HTTP against the stand-in:
the playback shows each pain point's proposed title, the stakeholder keeps or edits it in the
*Edit titles* modal, and the facilitator finds the title and the fields drafted from the answers
on the candidate's card, marked as drafts until confirmed."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks import ids
from bot.blocks import roadmap_ids as rids
from bot.blocks.titles import title_input
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import WAIT, Conversation, command_reply, start_dm_interview, text_of

OBSTACLE = (
    "Leads get lost between marketing and sales. Nobody owns them once the webinar is over, "
    "and by the time sales calls, the lead has gone cold."
)
PROPOSED = "Leads get lost between marketing and sales"
EDITED = "Webinar leads go cold <before> sales calls"


async def to_the_playback(convo: Conversation, facilitator: str, stakeholder: str) -> int:
    """A pain-points interview by DM up to the playback, with answers that draft fields."""
    interview_id, _ = await start_dm_interview(convo, facilitator, stakeholder)
    for answer in ("Grow pipeline 30% this year", "Qualified leads per month"):
        await convo.answer(stakeholder, answer)
    await convo.press(stakeholder, ids.SKIP)
    await convo.wait_for_text(stakeholder, "hurts most")
    await convo.answer(stakeholder, OBSTACLE)
    await convo.answer(stakeholder, "Every week, about 40 leads, roughly 3 deals a month")
    await convo.answer(stakeholder, "Marketing ops and the SDR team")
    await convo.answer(stakeholder, "Nobody owns the hand-over")  # why 1
    await convo.wait_for_text(stakeholder, "why 2 of 5")
    await convo.press(stakeholder, ids.ROOT_CAUSE)
    await convo.wait_for_text(stakeholder, "What else hurts")
    await convo.press(stakeholder, ids.SKIP)  # no second obstacle
    await convo.answer(stakeholder, "A shared spreadsheet, abandoned after a month")  # tried
    await convo.press(stakeholder, ids.SKIP)  # fix first
    await convo.answer(stakeholder, "Every webinar lead routed to an SDR within a day")  # wand
    await convo.wait_for_action(stakeholder, ids.EDIT_TITLES)
    return interview_id


def view_text(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


async def test_the_stakeholder_edits_a_proposed_title_and_the_card_shows_it_with_drafts(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await to_the_playback(convo, "alice", "bob")
    playback = convo.latest_with("bob", ids.EDIT_TITLES)
    shown = text_of(playback)
    first_lines = shown.split("\n")[:5]
    assert f"1. *{PROPOSED}* · root cause: Nobody owns the hand-over" in first_lines
    assert [b["type"] for b in playback["blocks"]].count("divider") == 1
    assert "Status" not in shown and "pain_points" not in shown

    bob = convo.id("bob")
    assert await convo.click("bob", ids.EDIT_TITLES, playback) == 200
    modal = await fake.wait_for(lambda: (fake.views(bob) or [None])[-1], WAIT)
    assert modal["callback_id"] == ids.TITLES_VIEW
    (field,) = [b for b in modal["blocks"] if b.get("block_id") == title_input(1)]
    assert field["element"]["initial_value"] == PROPOSED

    def values(title: str) -> dict[str, dict[str, Any]]:
        return {title_input(1): {title_input(1): {"type": "plain_text_input", "value": title}}}

    refused = await slack.view_submission(bob, modal, values("x" * 81))
    assert refused.json()["errors"][title_input(1)] == "A title has at most 80 characters."
    blank = await slack.view_submission(bob, modal, values("   "))
    assert title_input(1) in blank.json()["errors"]

    before = len(convo.from_bot("bob"))
    kept = await slack.view_submission(bob, modal, values(PROPOSED))  # kept as proposed
    assert kept.status == 200 and kept.body == ""
    edited = await slack.view_submission(bob, modal, values(f"  {EDITED}\n"))
    assert edited.status == 200 and edited.body == ""
    again = await convo.wait_for_text("bob", "Webinar leads go cold")
    assert "&lt;before&gt;" in text_of(again) and "<before>" not in text_of(again)
    assert len([m for m in convo.from_bot("bob")[before:] if m.get("blocks")]) >= 1
    assert f"*{PROPOSED}*" not in text_of(again)

    await convo.press("bob", ids.LOOKS_RIGHT)
    await convo.wait_for_text("alice", "Webinar leads go cold")  # the facilitator's copy
    facilitator_copy = convo.from_bot("alice")[-1]
    assert not any(
        a.get("action_id") == ids.LOOKS_RIGHT
        for b in facilitator_copy.get("blocks") or []
        for a in b.get("elements") or []
    )
    assert "Did I get this right" not in text_of(facilitator_copy)

    listed = await command_reply(convo, "alice", "roadmap")
    assert EDITED.replace("<", "&lt;").replace(">", "&gt;") in listed
    assert "Nobody owns them once the webinar" not in listed  # the list shows the title only
    alice = convo.id("alice")
    assert (await slack.command(alice, "roadmap 1")).status == 200
    card = await fake.wait_for(lambda: (fake.views(alice) or [None])[-1], WAIT)
    text = view_text(card)
    assert "Every webinar lead routed to an SDR within a day" in text  # solution, drafted
    assert "Every week, about 40 leads" in text  # justification, drafted
    assert "Marketing ops and the SDR team" in text  # teams affected
    assert "Qualified leads per month" in text  # the SMART metric's name
    for label in ("Potential solution", "Justification", "Teams affected", "SMART metric"):
        assert f"*{label}* _draft_" in text, label
    assert "*Root cause / driver* _draft_" not in text  # the why chain's, not a draft
    chandra = convo.id("chandra")  # neither a facilitator of it nor a roadmap editor
    notices = len(convo.from_bot("chandra"))
    assert (await slack.block_action(chandra, rids.CONFIRM_DRAFTS, view=card)).status == 200
    await convo.wait_for_bot("chandra", notices + 1)  # told no, by DM
    store = bot.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)
    (stored,) = await store.list_candidates(team_id=team)
    assert stored.drafts == ["justification", "metric", "solution", "teams_affected"]
    updates = len(fake.calls("views.update"))
    assert (await slack.block_action(alice, rids.CONFIRM_DRAFTS, view=card)).status == 200
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    confirmed = view_text(fake.views(alice)[-1])
    (stored,) = await store.list_candidates(team_id=team)
    assert stored.drafts == [] and stored.title == EDITED
    assert "_draft_" not in confirmed and rids.CONFIRM_DRAFTS not in confirmed
    assert "Every webinar lead routed to an SDR within a day" in confirmed


async def test_only_the_stakeholder_may_open_the_titles_and_a_stranger_cannot_change_drafts(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await to_the_playback(convo, "alice", "bob")
    playback = convo.latest_with("bob", ids.EDIT_TITLES)
    chandra = convo.id("chandra")
    views = len(fake.views(chandra))
    delivery = await slack.block_action(chandra, ids.EDIT_TITLES, message=playback)
    assert delivery.status == 200
    await fake.wait_for(lambda: fake.ephemerals(user=chandra), WAIT)
    assert len(fake.views(chandra)) == views  # no modal for someone else's interview
