"""Sizing that engineers can answer, end to end against the stand-in: the facilitator's note
from the *Ask for sizing* form, the scale in the team's own terms, *Not mine to size* (which
tells whoever asked and spends the buttons), and a size with confidence and a note."""

from __future__ import annotations

import pytest

from bot.blocks import roadmap_ids as ids
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import WAIT, Conversation, command_reply, has_action, text_of
from tests.slack.test_roadmap import LEADS, open_card, push_form, seed


async def test_the_engineer_sees_the_scale_and_the_note_and_may_say_not_mine(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS))
    await command_reply(convo, "alice", "roadmap")  # brings the pain point in
    alice, chandra = convo.id("alice"), convo.id("chandra")
    card = await open_card(fake, convo, "alice", 1)
    form = await push_form(fake, slack, alice, card, ids.ASK_SIZING)
    note = "Look at the CRM export first <!channel> {{ 7*7 }}"
    values = {
        ids.ENGINEER: {ids.ENGINEER: {"type": "users_select", "selected_user": chandra}},
        ids.REQUEST_NOTE: {ids.REQUEST_NOTE: note},
    }
    assert (await slack.view_submission(alice, form, values)).status == 200
    ask = await convo.wait_for_action("chandra", ids.NOT_MINE)
    shown = text_of(ask)
    assert "*#1* Leads get lost between marketing and sales" in shown  # the title
    assert "The CRM is updated by hand" in shown  # the root cause
    assert (
        f"Note from <@{alice}>: Look at the CRM export first &lt;!channel&gt; {{{{ 7*7 }}}}"
        in shown
    )
    assert "*M* ≈ 6 team-weeks, about half a quarter" in shown  # the team's own scale
    assert "*XL* ≈ 24 team-weeks, about 2 quarters" in shown

    await convo.click("chandra", ids.NOT_MINE, ask)
    told = await convo.wait_for_text("alice", "is not theirs to size")
    assert f"<@{chandra}> says #1 Leads get lost between marketing and sales" in text_of(told)

    def spent() -> dict[str, object] | None:
        now = fake.find_message(ask["channel"], ask["ts"])
        return now if not has_action(now, ids.NOT_MINE) else None

    done = await fake.wait_for(spent, WAIT)
    assert f"You said #1 is not yours to size; I've told <@{alice}>." in text_of(done)
    assert not has_action(done, ids.SIZE[next(iter(ids.SIZE))])
    # A second click (a double click Slack delivered twice) closes nothing more, tells no one.
    store = bot.storage
    assert store is not None
    before = (await store.count_rows())["outbox_message"]
    again = await store.decline_sizing(
        team_id=1, request_id=1, engineer=chandra, outbox=lambda *_: [pytest.fail("sent twice")]
    )
    assert again is not None and again.status == "declined"
    assert (await store.count_rows())["outbox_message"] == before
    assert await store.pending_sizing(team_id=1, engineer=chandra) == []
    refused = await store.decline_sizing(
        team_id=1, request_id=1, engineer=alice, outbox=lambda *_: []
    )
    assert refused is None  # not alice's to decline


async def test_a_size_comes_with_confidence_and_a_note(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS))
    await command_reply(convo, "alice", "roadmap")
    chandra = convo.id("chandra")
    await command_reply(convo, "alice", f"size 1 <@{chandra}|chandra>")
    ask = await convo.wait_for_action("chandra", ids.SIZE_NOTE)
    assert (await slack.block_action(chandra, ids.SIZE_NOTE, message=ask)).status == 200
    form = await fake.wait_for(lambda: (fake.views(chandra) or [None])[-1], WAIT)
    values = {
        ids.SIZE_CHOICE: {
            ids.SIZE_CHOICE: {"type": "radio_buttons", "selected_option": {"value": "L"}}
        },
        ids.CONFIDENCE: {
            ids.CONFIDENCE: {"type": "radio_buttons", "selected_option": {"value": "low"}}
        },
        ids.NOTE: {ids.NOTE: "depends on the CRM vendor"},
    }
    await slack.view_submission(chandra, form, values)
    heard = await convo.wait_for_text("alice", "Their note: depends on the CRM vendor")
    assert "*L*" in text_of(heard) and "Their confidence: Low: a first guess" in text_of(heard)
    assert bot.storage is not None
    answered = await bot.storage.get_sizing(1, team_id=1)
    assert (answered.size, answered.confidence, answered.status) == ("L", "low", "answered")
