"""The roadmap in Slack, end to end over real HTTP against the stand-in: the list and the card,
impact and SMART metric, overrides, root-cause checks, duplicates merged and undone, sizing by
DM, a channel post, the App Home section and the export uploaded to the requester's DM."""

from __future__ import annotations

import io
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl

from bot.blocks import metric_ids
from bot.blocks import roadmap_forms as form
from bot.blocks import roadmap_ids as ids
from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver, files_api
from storage import Storage
from tests.slack.conftest import RunningBot
from tests.slack.helpers import (
    WAIT,
    Conversation,
    command_reply,
    has_action,
    run_pain_points_interview,
    text_of,
)
from tests.test_roadmap_factories import finished_interview

LEADS = ("Leads get lost between marketing and sales", "The CRM is updated by hand", "10 a week")
SAME = ("Sales loses leads handed over from marketing", "CRM updated manually", "leads vanish")
CLOSE = ("Month-end close takes two weeks", "Spreadsheets reconciled by hand", "two weeks")
NEXT_YEAR = (datetime.now(UTC) + timedelta(days=365)).date().isoformat()


async def seed(
    bot: BotRuntime, fake: FakeSlack, *pains_by: tuple[str, tuple[str, str, str]]
) -> None:
    """Finished interviews run by alice, one per (stakeholder name, pain point)."""
    store = bot.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)
    for name, pain in pains_by:
        await finished_interview(
            store,
            team=team,
            stakeholder=name,
            pains=[pain],
            facilitator=fake.user("alice").id,
            stakeholder_slack=fake.user(name.lower()).id
            if name.lower() in ("bob", "chandra")
            else None,
        )


def everything(message: dict[str, Any]) -> str:
    """A message's text including section fields (the side-by-side evidence)."""
    fields = [f["text"] for b in message.get("blocks") or [] for f in b.get("fields") or []]
    return "\n".join([text_of(message), *fields])


def view_text(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


async def open_card(fake: FakeSlack, convo: Conversation, name: str, cid: int) -> dict[str, Any]:
    user = convo.id(name)
    delivery = await convo.slack.command(user, f"roadmap {cid}")
    assert delivery.status == 200
    return await fake.wait_for(lambda: (fake.views(user) or [None])[-1], WAIT)


async def push_form(
    fake: FakeSlack, slack: SlackDriver, user: str, card: dict[str, Any], action_id: str
) -> dict[str, Any]:
    before = len(fake.views(user))
    assert (await slack.block_action(user, action_id, view=card)).status == 200
    await fake.wait_for(lambda: len(fake.views(user)) > before, WAIT)
    return fake.views(user)[-1]


async def test_a_finished_interview_becomes_a_candidate_in_the_list(
    fake: FakeSlack, convo: Conversation, bot: BotRuntime
) -> None:
    await run_pain_points_interview(convo, "alice", "bob")
    reply = await command_reply(convo, "alice", "roadmap")
    assert "*Roadmap*: the top 1 of 1" in reply
    (row,) = [line for line in reply.splitlines() if "Leads get lost" in line]  # a table row
    assert "not scored yet" in row and row.endswith("| 1")  # one stakeholder
    plan = await command_reply(convo, "alice", "roadmap plan")
    assert "Plan under capacity" in plan and "Not sized yet, so not planned: #1" in plan


async def test_impact_and_smart_metric_are_validated_then_scored_on_the_card(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS))
    await command_reply(convo, "alice", "roadmap")  # brings the pain point in
    alice = convo.id("alice")
    card = await open_card(fake, convo, "alice", 1)
    assert "Leads get lost" in view_text(card) and "10 a week" in view_text(card)
    impact = await push_form(fake, slack, alice, card, ids.IMPACT)
    assert impact["callback_id"] == ids.IMPACT_VIEW

    def values(target: str, deadline: str, baseline: str = "10") -> dict[str, dict[str, Any]]:
        return {
            metric_ids.UNIT: {metric_ids.UNIT: "leads"},
            metric_ids.DIRECTION: {
                metric_ids.DIRECTION: {
                    "type": "static_select",
                    "selected_option": {"value": "decrease"},
                }
            },
            metric_ids.OWNER: {metric_ids.OWNER: {"type": "users_select", "selected_user": alice}},
            metric_ids.CADENCE: {
                metric_ids.CADENCE: {
                    "type": "static_select",
                    "selected_option": {"value": "weekly"},
                }
            },
            form.KIND: {
                form.KIND: {"type": "static_select", "selected_option": {"value": "revenue"}}
            },
            form.IMPACT_SCORE: {
                form.IMPACT_SCORE: {"type": "radio_buttons", "selected_option": {"value": "4"}}
            },
            form.METRIC: {form.METRIC: "Leads lost per week"},
            form.BASELINE: {form.BASELINE: baseline},
            form.TARGET: {form.TARGET: target},
            form.DEADLINE: {form.DEADLINE: {"type": "datepicker", "selected_date": deadline}},
        }

    bad = await slack.view_submission(alice, impact, values("10.0", "2001-01-01"))
    errors = bad.json()["errors"]
    assert errors[form.TARGET] == "The target is the same as the baseline."
    assert errors[form.DEADLINE] == "Pick a deadline in the future."
    assert len(fake.views(alice)) == 2  # the form stays open, nothing stored
    far = await slack.view_submission(alice, impact, values("12", "2099-01-01", baseline="ten"))
    assert far.json()["errors"] == {
        form.BASELINE: "Give a number, e.g. 10 or 98 %.",
        form.DEADLINE: "Pick a deadline within the roadmap's 3-year horizon.",
    }
    assert await bot.storage.list_metrics(team_id=1) == []
    updates = len(fake.calls("views.update"))
    good = await slack.view_submission(alice, impact, values("2", NEXT_YEAR))
    assert good.status == 200 and good.body == ""
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    shown = view_text(fake.views(alice)[-1])
    assert "Revenue, 4 of 5" in shown and f"Leads lost per week: 10 → 2 by {NEXT_YEAR}" in shown
    assert "The formula needs a size" in shown
    (metric,) = await bot.storage.list_metrics(team_id=1)
    assert (metric.name, metric.unit, metric.direction, metric.owner, metric.state) == (
        "Leads lost per week", "leads", "decrease", alice, "draft",
    )  # fmt: skip
    assert (metric.baseline, metric.target, metric.deadline.isoformat()) == (10, 2, NEXT_YEAR)


async def test_override_needs_a_reason_and_shows_the_formula_beside_it(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS))
    await command_reply(convo, "alice", "roadmap")
    alice = convo.id("alice")
    card = await open_card(fake, convo, "alice", 1)
    override = await push_form(fake, slack, alice, card, ids.OVERRIDE)
    p1 = {
        form.PRIORITY: {
            form.PRIORITY: {"type": "radio_buttons", "selected_option": {"value": "P1"}}
        }
    }
    refused = await slack.view_submission(alice, override, p1)
    assert refused.json()["errors"] == {form.REASON: "An override needs a reason."}
    updates = len(fake.calls("views.update"))
    await slack.view_submission(
        alice, override, {**p1, form.REASON: {form.REASON: "Board <!here> ask"}}
    )
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    shown = view_text(fake.views(alice)[-1])
    assert "*P1* by override: Board &lt;!here&gt; ask (the formula says not scored yet)" in shown
    listing = await command_reply(convo, "alice", "roadmap")
    assert "| P1 | not sized |" in listing  # the table's priority and effort cells
    reason_block = next(b for b in override["blocks"] if b.get("block_id") == form.REASON)
    assert not reason_block.get("optional"), "Slack would label the required reason optional"

    # Back to the formula: the reason is asked for too, and said back rather than dropped.
    again = await push_form(fake, slack, alice, fake.views(alice)[-1], ids.OVERRIDE)
    clear = {
        form.PRIORITY: {
            form.PRIORITY: {"type": "radio_buttons", "selected_option": {"value": form.CLEAR}}
        },
        form.REASON: {form.REASON: "The board moved on"},
    }
    await slack.view_submission(alice, again, clear)
    said = await convo.wait_for_text("alice", "back to the formula")
    assert "#1 is back to the formula's priority. Your reason: The board moved on" in text_of(said)
    assert bot.storage is not None and bot.services is not None
    team = await bot.services.team_id(fake.team_id)
    assert (await bot.services.roadmap.candidate(team, 1)).priority_override is None


async def test_a_root_cause_checked_from_the_card_feeds_confidence(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS))
    await command_reply(convo, "alice", "roadmap")
    alice = convo.id("alice")
    card = await open_card(fake, convo, "alice", 1)
    assert "Root cause, a hypothesis: The CRM is updated by hand" in view_text(card)
    verdict = await push_form(fake, slack, alice, card, ids.VERDICT)
    validated = {
        form.VERDICT_CHOICE: {
            form.VERDICT_CHOICE: {
                "type": "radio_buttons",
                "selected_option": {"value": "validated"},
            }
        }
    }
    refused = await slack.view_submission(alice, verdict, validated)
    assert refused.json()["errors"] == {form.EVIDENCE: "Add the evidence you found."}
    updates = len(fake.calls("views.update"))
    await slack.view_submission(
        alice, verdict, {**validated, form.EVIDENCE: {form.EVIDENCE: "CRM audit"}}
    )
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    assert "Root cause, validated: The CRM is updated by hand (CRM audit)" in view_text(
        fake.views(alice)[-1]
    )


async def test_duplicates_go_to_the_facilitator_side_by_side_and_merge_is_undoable(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS), ("Chandra", CLOSE))
    await command_reply(convo, "alice", "roadmap")
    await seed(bot, fake, ("Chandra", SAME))
    await command_reply(convo, "alice", "roadmap")
    suggestion = await convo.wait_for_action("alice", ids.MERGE)
    both = everything(suggestion)
    assert "#1* Leads get lost" in both and "#3* Sales loses leads" in both
    assert (
        "Bob Okafor" not in both
        and "Bob: “10 a week”" in both
        and "Chandra: “leads vanish”" in both
    )
    assert "Month-end" not in both

    await convo.click("alice", ids.MERGE, suggestion)
    merged = await convo.wait_for_text("alice", "Merged #3 into #1.")
    assert has_action(merged, ids.UNDO_MERGE) and not has_action(merged, ids.MERGE)
    listing = await command_reply(convo, "alice", "roadmap")
    assert "top 2 of 2" in listing
    assert next(line for line in listing.splitlines() if "#1 |" in line).endswith("| 2")

    await convo.click("alice", ids.UNDO_MERGE, merged)
    await convo.wait_for_text("alice", "Undone: #3 is its own candidate again.")
    assert "top 3 of 3" in await command_reply(convo, "alice", "roadmap")
    again = await command_reply(convo, "alice", "roadmap duplicates")
    assert again == "No likely duplicates are waiting for you."


async def test_an_engineer_sizes_by_dm_with_a_note_and_the_requester_hears(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS), ("Bob", CLOSE))
    await command_reply(convo, "alice", "roadmap")
    chandra = convo.id("chandra")
    reply = await command_reply(convo, "alice", f"size 1 <@{chandra}|chandra>")
    assert reply == f"I've asked <@{chandra}> to size #1."
    ask = await convo.wait_for_action("chandra", ids.SIZE[next(iter(ids.SIZE))])
    assert "Leads get lost" in text_of(ask) and "How big is it to build" in text_of(ask)
    await convo.click("chandra", "roadmap_size_m", ask)
    await convo.wait_for_text("chandra", "Thanks: #1 is sized M.")
    heard = await convo.wait_for_text("alice", "sized #1")
    assert "*M*" in text_of(heard)

    await command_reply(convo, "alice", f"size 2 <@{chandra}|chandra>")
    second = await convo.wait_for_text("chandra", "Month-end close")
    assert has_action(second, ids.SIZE_NOTE)
    assert (await slack.block_action(chandra, ids.SIZE_NOTE, message=second)).status == 200
    note = await fake.wait_for(lambda: (fake.views(chandra) or [None])[-1], WAIT)
    size_l = {"type": "radio_buttons", "selected_option": {"value": "L"}}
    await slack.view_submission(
        chandra,
        note,
        {ids.SIZE_CHOICE: {ids.SIZE_CHOICE: size_l}, ids.NOTE: {ids.NOTE: "needs an API"}},
    )
    with_note = await convo.wait_for_text("alice", "Their note: needs an API")
    assert "*L*" in text_of(with_note)
    listing = await command_reply(convo, "bob", "roadmap")
    assert "| M |" in listing and "| L |" in listing  # the table's effort cells

    def asks() -> list[dict[str, Any]]:
        return [m for m in convo.from_bot("chandra") if has_action(m, ids.SIZE_NOTE)]

    waiting = len(asks())
    await command_reply(convo, "alice", f"size 1 <@{chandra}|chandra>")  # a second opinion
    await fake.wait_for(lambda: len(asks()) > waiting, WAIT)
    again = asks()[-1]
    assert "Leads get lost" in text_of(again)
    bob = convo.id("bob")
    before = len(fake.ephemerals(user=bob))
    stranger = await slack.block_action(
        bob, "roadmap_size_xs", message=again, channel=again["channel"]
    )
    assert stranger.status == 200
    await fake.wait_for(lambda: len(fake.ephemerals(user=bob)) > before, WAIT)
    assert "not yours" in text_of(fake.ephemerals(user=bob)[-1])
    assert "| M |" in await command_reply(convo, "alice", "roadmap")


async def test_the_sheet_is_uploaded_to_the_requesters_dm(
    fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]
) -> None:
    started = await start_bot(roadmap_editor_ids=frozenset({fake.user("alice").id}))
    bot, convo = started.runtime, started.convo
    await seed(bot, fake, ("Bob", LEADS), ("Bob", ("=cmd|' /C calc'!A0", "", "x")))
    reply = await command_reply(convo, "alice", "roadmap export xlsx")
    assert reply == "I've sent you the roadmap as xlsx in a DM."
    dm = fake.dm_channel(convo.id("alice"))
    (shared,) = files_api.shared_files(fake, dm)
    assert shared.name.endswith(".xlsx") and shared.content is not None
    sheet = openpyxl.load_workbook(io.BytesIO(shared.content)).active
    assert sheet is not None and sheet["A1"].value == "ID" and sheet.freeze_panes == "A2"
    assert sheet["B3"].value == "=cmd|' /C calc'!A0" and sheet["B3"].data_type == "s"
    posted = [m for m in fake.messages(dm) if m.get("files")]
    assert "interview-bot import roadmap FILE" in posted[-1]["text"]
    assert fake.calls("files.getUploadURLExternal")[-1].ok
    assert fake.calls("files.completeUploadExternal")[-1].ok
    md = await command_reply(convo, "alice", "roadmap export md")
    assert md.endswith("as md in a DM.") and len(files_api.shared_files(fake, dm)) == 2


async def test_posting_to_a_channel_and_who_may_change_the_roadmap(
    fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]
) -> None:
    started = await start_bot(roadmap_editor_ids=frozenset({fake.user("alice").id}))
    bot, convo, slack = started.runtime, started.convo, started.slack
    await seed(bot, fake, ("Bob", LEADS))
    channel = fake.general
    reply = await command_reply(convo, "alice", f"roadmap post <#{channel}|general>")
    assert reply == f"Posted the roadmap to <#{channel}>."
    post = fake.messages(channel)[-1]
    assert "Leads get lost" in text_of(post) and not has_action(post, ids.DETAILS)
    refused = await command_reply(convo, "chandra", f"roadmap post <#{channel}|general>")
    assert refused.startswith("Only roadmap editors (admins and ROADMAP_EDITOR_IDS)")
    assert (await command_reply(convo, "chandra", "roadmap 1")).startswith("Only roadmap editors")
    assert "not sized" in await command_reply(convo, "chandra", "roadmap")  # reading is open
    unknown = await command_reply(convo, "alice", "roadmap 999")
    assert unknown == "I can't find roadmap candidate #999."
    usage = await slack.command(convo.id("alice"), "roadmap export pdf")
    assert "Export the roadmap as `csv`, `xlsx`, `md` or `json`" in usage.body


async def test_the_home_tab_has_a_roadmap_section_whose_details_open_the_card(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS), ("Chandra", SAME))
    alice = convo.id("alice")
    event = {
        "type": "app_home_opened",
        "user": alice,
        "channel": fake.dm_channel(alice),
        "tab": "home",
    }
    await slack.event(event)
    home = await fake.wait_for(lambda: fake.home(alice), WAIT)
    shown = view_text(home)
    assert "Roadmap" in shown and "Leads get lost" in shown and "1 likely duplicates" in shown
    assert (await slack.block_action(alice, ids.DETAILS, view=home)).status == 200
    card = await fake.wait_for(lambda: (fake.views(alice) or [None])[-1], WAIT)
    assert card["callback_id"] == ids.CARD_VIEW


async def test_storage_is_the_bots_own(bot: BotRuntime) -> None:
    assert isinstance(bot.storage, Storage)


async def test_the_status_is_changed_from_the_card(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS), ("Bob", CLOSE))
    await command_reply(convo, "alice", "roadmap")
    alice = convo.id("alice")
    card = await open_card(fake, convo, "alice", 2)
    updates = len(fake.calls("views.update"))
    assert (await slack.block_action(alice, ids.STATUS, "done", view=card)).status == 200
    await fake.wait_for(lambda: len(fake.calls("views.update")) > updates, WAIT)
    assert "*Status*\\ndone" in view_text(fake.views(alice)[-1])
    assert "top 1 of 1" in await command_reply(convo, "alice", "roadmap")  # done is off the list


async def test_a_used_size_button_is_spent_and_change_size_tells_the_requester_old_and_new(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    await seed(bot, fake, ("Bob", LEADS))
    await command_reply(convo, "alice", "roadmap")
    chandra = convo.id("chandra")
    await command_reply(convo, "alice", f"size 1 <@{chandra}|chandra>")
    ask = await convo.wait_for_action("chandra", ids.SIZE_NOTE)
    store = bot.storage
    assert store is not None
    team = await store.ensure_team(slack_team_id=fake.team_id)

    async def size_by_form(message: dict[str, Any], size: str, note: str) -> None:
        assert (await slack.block_action(chandra, ids.SIZE_NOTE, message=message)).status == 200
        form_view = await fake.wait_for(lambda: (fake.views(chandra) or [None])[-1], WAIT)
        choice = {"type": "radio_buttons", "selected_option": {"value": size}}
        await slack.view_submission(
            chandra,
            form_view,
            {ids.SIZE_CHOICE: {ids.SIZE_CHOICE: choice}, ids.NOTE: {ids.NOTE: note}},
        )

    await size_by_form(ask, "L", "needs an API")  # L with a note, from the form
    await convo.wait_for_text("alice", "Their note: needs an API")
    told = len(convo.from_bot("alice"))

    # The DM still shows the sizes; a click on S afterwards changes nothing and says why.
    before = len(fake.ephemerals(user=chandra))
    assert await convo.click("chandra", "roadmap_size_s", ask) == 200
    await fake.wait_for(lambda: len(fake.ephemerals(user=chandra)) > before, WAIT)
    assert "#1 is already sized L" in str(fake.ephemerals(user=chandra)[-1])
    candidate = await store.get_candidate(1, team_id=team)
    assert (candidate.effort, candidate.effort_note) == ("L", "needs an API")
    assert len(convo.from_bot("alice")) == told  # the facilitator is not told anything new

    def the_ask() -> dict[str, Any]:
        return fake.find_message(ask["channel"], ask["ts"])

    decided = await fake.wait_for(lambda: not has_action(the_ask(), "roadmap_size_s") and the_ask())
    assert has_action(decided, ids.SIZE_NOTE) and "Change size" in everything(decided)
    assert "#1 is sized L" in text_of(decided)

    # Changing it is the explicit Change size, and the requester hears the old and the new size.
    await size_by_form(decided, "S", "")
    changed = await convo.wait_for_text("alice", "changed the size of #1")
    assert "from *L* to *S*" in text_of(changed)
    assert (await store.get_candidate(1, team_id=team)).effort == "S"
