"""Who may do what, walked end to end: every command and button as the facilitator, the
stakeholder, an admin, a roadmap editor and everyone else (someone who has run an interview of
their own), on a normal and a confidential interview.

`TABLE` is the README's access table, cell for cell: the walk checks each cell against what the
bot did, and `test_the_readme_table_is_this_table` checks the README prints this very table, so
the two cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.blocks import roadmap_ids as ids
from bot.slack.schedule import ROADMAP
from sandbox import FakeSlack, SlackUser
from storage import JobSpec, Storage
from tests.slack.conftest import RunningBot
from tests.slack.helpers import (
    WAIT,
    Conversation,
    command_reply,
    has_action,
    new_interview_values,
    sent_arguments,
    settle,
    text_of,
)
from tests.test_roadmap_factories import finished_interview

ROLES = ("facilitator", "stakeholder", "admin", "roadmap editor", "everyone else")
WHO = {
    "facilitator": "alice",
    "stakeholder": "bob",
    "admin": "dana",
    "roadmap editor": "erin",
    "everyone else": "chandra",  # has run an interview of her own, with Frank
}
KINDS = ("normal", "confidential")

YES, NO = "yes", "no"
UNLESS = "yes, unless it is confidential"
OWN_WORDS = "read-only, with only their own evidence"
THEIRS = "for candidates with evidence from their interviews"
THEIRS_CARD = "for candidates from their interviews, showing only that evidence"
NOT_SELF = "yes, but never themselves"
COUNTS = "only as counts"
TITLES = "their titles, without *Same as*"
OWN_ONLY = "for their own pain points"
OWN_METRICS = "only for the metrics they own"
OWN_PAIN = "only about their own pain points"

TABLE: tuple[tuple[str, tuple[str, str, str, str, str]], ...] = (
    ("Start an interview (`/interview @person`, the form)", (NOT_SELF,) * 5),
    ("Read an interview (`status N`, `summary N`)", (YES, YES, UNLESS, NO, NO)),
    ("Manage an interview (`cancel N`, `follow-up N …`)", (YES, NO, UNLESS, NO, NO)),
    (
        "Answer a DM interview (*Start*, the question buttons, *Edit titles* at the summary)",
        (NO, YES, NO, NO, NO),
    ),
    (
        "Open a roadmap card and see its evidence (the stakeholders' words and names)",
        (THEIRS_CARD, OWN_WORDS, YES, YES, NO),
    ),
    (
        "Edit a candidate (its title and teams, *Confirm drafts*), ask for its sizing, check a "
        "root cause, merge (both sides) or undo",
        (THEIRS, NO, YES, YES, NO),
    ),
    (
        "Export the full sheet, post the roadmap in a channel, see every likely duplicate",
        (NO, NO, YES, YES, NO),
    ),
    (
        "See the roadmap's titles, scores and plan (`roadmap`, `roadmap plan`, `digest preview`, "
        "`review preview`)",
        (YES,) * 5,
    ),
    ("See a confidential interview in the roadmap and the digest", (COUNTS,) * 5),
    ("Decide a big item's trade-off in the plan (*Keep* / *Swap*)", (NO, NO, YES, YES, NO)),
    (
        "See a card's closest candidates (titles and scores) and choose *Same as #N* (a merge)",
        (THEIRS, TITLES, YES, YES, NO),
    ),
    (
        "Say after the playback that their pain point is one others raised (*Mine is #N*; "
        "from a confidential interview it counts, never named)",
        (NO, OWN_ONLY, NO, NO, NO),
    ),
    (
        "Answer a success metric's check-in (*Record value*, *No change*, *Skip*, *No longer "
        "relevant*)",
        (OWN_METRICS, OWN_METRICS, YES, YES, OWN_METRICS),
    ),
    (
        "Say whether a shipped candidate fixed a pain point (*Fixed it*, *Partly*, *No*, *Too "
        "early to say*)",
        (NO, OWN_PAIN, NO, NO, NO),
    ),
)

HANA = "Hana <!channel> {{ 7*7 }}"  # user text is data on every new path
README = Path(__file__).resolve().parents[2] / "README.md"

LEADS = ("Leads get lost between marketing and sales", "The CRM is updated by hand", "10 a week")
SAME = ("Sales loses leads handed over from marketing", "CRM updated manually", "leads vanish")
OWN = ("Month-end close takes two weeks", "Spreadsheets reconciled by hand", "two weeks")
SECRET = ("Layoffs are planned <!channel> {{ 7*7 }}", "The budget was cut", "hush hush")


def readme_table() -> str:
    """TABLE as the Markdown table the README prints."""
    lines = ["| what | " + " | ".join(ROLES) + " |", "|---" * (len(ROLES) + 1) + "|"]
    lines += [f"| {what} | " + " | ".join(cells) + " |" for what, cells in TABLE]
    return "\n".join(lines)


def row(start: str) -> str:
    """The TABLE row that starts with `start` (rows are found by name, not by position)."""
    (found,) = [what for what, _ in TABLE if what.startswith(start)]
    return found


def test_the_readme_table_is_this_table() -> None:
    assert readme_table() in README.read_text(encoding="utf-8")


def expected(what: str, role: str, kind: str) -> str:
    """The cell of TABLE for one row, role and kind of interview, as allowed / refused / the
    cell's own qualifier."""
    cells = dict(TABLE)[what]
    cell = cells[ROLES.index(role)]
    if cell == UNLESS:
        return YES if kind == "normal" else NO
    return cell


async def reply_or_view(convo: Conversation, name: str, text: str) -> tuple[str, Any]:
    """Run `/interview text`: ("view", the modal) when it opens one, else ("reply", text)."""
    fake, user = convo.fake, convo.id(name)
    replies, views = len(fake.ephemerals(user=user)), len(fake.calls("views.open"))
    delivery = await convo.slack.command(user, text)
    assert delivery.status == 200
    await fake.wait_for(
        lambda: len(fake.ephemerals(user=user)) > replies or len(fake.calls("views.open")) > views,
        WAIT,
    )
    if len(fake.calls("views.open")) > views:
        return "view", fake.views(user)[-1]
    return "reply", text_of(fake.ephemerals(user=user)[replies])


class Walk:
    """The seeded workspace and what each probe found, cell by cell."""

    def __init__(self, fake: FakeSlack, started: RunningBot) -> None:
        self.fake, self.bot, self.convo = fake, started, started.convo
        self.wrong: list[str] = []
        self.normal = self.confidential = self.team = 0

    @property
    def store(self) -> Storage:
        assert self.bot.runtime.storage is not None
        return self.bot.runtime.storage

    def check(self, what: str, role: str, kind: str, found: str, detail: str = "") -> None:
        want = expected(what, role, kind)
        if found != want:
            self.wrong.append(f"{what} / {role} / {kind}: table says {want!r}, bot did {found!r}")
            if detail:
                self.wrong.append(f"    {detail[:300]}")


async def seeded(fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]) -> Walk:
    fake.add_user(SlackUser("UDANA00001", "dana", "Dana Admin", "UTC", "Admin"))
    fake.add_user(SlackUser("UERIN00001", "erin", "Erin Editor", "UTC", "Product"))
    started = await start_bot(
        admin_user_ids=frozenset({"UDANA00001"}), roadmap_editor_ids=frozenset({"UERIN00001"})
    )
    walk = Walk(fake, started)
    store = walk.store
    team = walk.team = await store.ensure_team(slack_team_id=fake.team_id)
    alice, bob, chandra = (fake.user(n).id for n in ("alice", "bob", "chandra"))
    walk.normal = await finished_interview(
        store, team=team, stakeholder="Bob", pains=[LEADS], facilitator=alice, stakeholder_slack=bob
    )
    walk.confidential = await finished_interview(
        store,
        team=team,
        stakeholder="Bob",
        pains=[SECRET],
        facilitator=alice,
        stakeholder_slack=bob,
        confidential=True,
    )
    await finished_interview(
        store, team=team, stakeholder="Frank", pains=[OWN], facilitator=chandra
    )
    await finished_interview(store, team=team, stakeholder=HANA, pains=[SAME], facilitator="UGIL")
    listing = await command_reply(walk.convo, "erin", "roadmap")  # brings the pain points in
    assert "top 3 of 3" in listing, listing
    await _duplicates(walk)
    return walk


async def _duplicates(walk: Walk) -> None:
    """Hana's pain point (another facilitator's interview) looks like Bob's: only editors are
    sent it, only an editor's Merge works, and then it joins Bob's on candidate #1."""
    convo, what = walk.convo, TABLE[6][0]
    for role in ROLES:
        reply = await command_reply(convo, WHO[role], "roadmap duplicates")
        sent = reply == "I've sent you 1 likely duplicates in a DM."
        walk.check(what, role, "normal", YES if sent else NO, reply)
    suggestion = await convo.wait_for_action("erin", ids.MERGE)
    for name in ("alice", "bob", "chandra"):
        user = convo.id(name)
        before = len(walk.fake.ephemerals(user=user))
        await convo.slack.block_action(
            user, ids.MERGE, message=suggestion, channel=suggestion["channel"]
        )
        refusal = await _next_ephemeral(walk.fake, user, before)
        assert refusal.startswith("Only roadmap editors"), (name, refusal)
    assert not await walk.store.merges_of(team_id=walk.team, candidate_id=1)
    await convo.click("erin", ids.MERGE, suggestion)
    await convo.wait_for_text("erin", "Merged #3 into #1.")


async def test_every_role_sees_and_may_do_what_the_table_says(
    fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]
) -> None:
    walk = await seeded(fake, start_bot)
    convo = walk.convo
    ids_of = {"normal": walk.normal, "confidential": walk.confidential}
    no_such = "I can't find interview #{}."

    for role in ROLES:
        name = WHO[role]
        for kind in KINDS:
            n = ids_of[kind]
            read = "Read an interview (`status N`, `summary N`)"
            for command in (f"status {n}", f"summary {n}"):
                reply = await command_reply(convo, name, command)
                walk.check(read, role, kind, NO if reply == no_such.format(n) else YES, reply)
            manage = "Manage an interview (`cancel N`, `follow-up N …`)"
            for command in (f"cancel {n}", f"follow-up {n} What changed?"):
                reply = await command_reply(convo, name, command)
                refused = reply in (
                    no_such.format(n),
                    "Sorry, you can't do that with this interview.",
                )
                walk.check(manage, role, kind, NO if refused else YES, reply)

    await _roadmap_rows(walk)
    await _card_buttons(walk)
    await _closest_row(walk)
    await _mine_row(walk)
    await _confidential_row(walk)
    await _start_row(walk)
    await _answer_row(walk)
    await _trade_off_row(walk)
    assert not walk.wrong, "\n".join(walk.wrong)
    sent = sent_arguments(fake)
    assert not [a for a in sent if "<!channel>" in a or "<!here>" in a], "user text is escaped"
    assert any("Hana &lt;!channel&gt; {{ 7*7 }}" in a for a in sent)  # on the editors' cards
    leaked = [a for a in _sent(fake) if "hush hush" in a or "Layoffs" in a]
    assert not leaked, "a confidential interview's words reached someone other than its people"


def _sent(fake: FakeSlack) -> list[str]:
    """Every message and view the bot sent to people other than alice and bob."""
    people = {fake.user("alice").id, fake.user("bob").id}
    channels = {fake.dm_channel(p) for p in people}
    out = []
    for call in fake.calls():
        args = call.args
        if call.method.startswith("views."):
            continue  # views are checked one by one below
        if args.get("channel") in channels or args.get("user") in people:
            continue
        out.append(json.dumps(args, ensure_ascii=False, default=str))
    return out


async def _roadmap_rows(walk: Walk) -> None:
    convo = walk.convo
    card_row, edit_row, editors_row, everyone_row = (what for what, _ in TABLE[4:8])
    for role in ROLES:
        name = WHO[role]
        kind, shown = await reply_or_view(convo, name, "roadmap 1")
        want = expected(card_row, role, "normal")
        if kind == "reply":
            walk.check(card_row, role, "normal", NO, shown)
        else:
            text = json.dumps(shown["blocks"], ensure_ascii=False)
            bob_words, hana_words = "10 a week" in text, "leads vanish" in text
            withheld = "Evidence from 1 more stakeholder(s) is not shown to you" in text
            editable = has_action(shown, ids.IMPACT)
            if bob_words and hana_words and not withheld and editable:
                found = YES
            elif bob_words and not hana_words and withheld and editable:
                found = THEIRS_CARD
            elif bob_words and not hana_words and withheld and not editable:
                found = OWN_WORDS
            else:
                found = f"a card with bob={bob_words} hana={hana_words} withheld={withheld}"
            walk.check(card_row, role, "normal", found, text if found != want else "")

        chandra = convo.id("chandra")
        reply = await command_reply(convo, name, f"size 1 <@{chandra}|chandra>")
        asked = reply.startswith("I've asked")
        found = (THEIRS if role == "facilitator" else YES) if asked else NO
        walk.check(edit_row, role, "normal", found, reply)

        export = await command_reply(convo, name, "roadmap export csv")
        post = await command_reply(convo, name, f"roadmap post <#{walk.fake.general}|general>")
        allowed = (export.startswith("I've sent you"), post.startswith("Posted"))
        found = YES if allowed == (True, True) else NO if allowed == (False, False) else "mixed"
        walk.check(editors_row, role, "normal", found, f"{export} / {post}")

        listing = await command_reply(convo, name, "roadmap")
        plan = await command_reply(convo, name, "roadmap plan")
        digest = await command_reply(convo, name, "digest preview")
        review = await command_reply(convo, name, "review preview")
        sees = "Leads get lost" in listing and "Plan under capacity" in plan and "digest" in digest
        sees = sees and "*Quarterly review · " in review and "Leads get lost" in review
        walk.check(everyone_row, role, "normal", YES if sees else NO, listing + plan + review)

    # Running an interview gives a person that interview's candidate, and nothing beyond it.
    own = await command_reply(convo, "chandra", f"size 2 <@{convo.id('bob')}|bob>")
    assert own.startswith("I've asked"), own
    assert (await reply_or_view(convo, "chandra", "roadmap 2"))[0] == "view"
    assert (await reply_or_view(convo, "alice", "roadmap 2"))[0] == "reply"


async def _card_buttons(walk: Walk) -> None:
    """Each role clicks every button of a card (an editor's, as a forged click would): the
    forms open only for those who may edit the candidate; the others hear why by DM."""
    store = walk.store
    what = TABLE[5][0]
    bob_cause = f"1:{walk.normal}:why.1.1"
    buttons = [
        (ids.IMPACT, None),
        (ids.ASK_SIZING, None),
        (ids.OVERRIDE, None),
        (ids.VERDICT, bob_cause),
        (ids.STATUS, "proposed"),
    ]
    for role in ROLES:
        name = WHO[role]
        for action_id, value in buttons:
            card = await _editor_card(walk)  # a refused click refreshes it as the clicker sees it
            refused = await _click_refused(walk, name, action_id, value, card)
            found = NO if refused else (THEIRS if role == "facilitator" else YES)
            walk.check(what, role, "normal", found, action_id)
    # Undo the merge: who may merge both sides (only an editor here: Hana's side is not Alice's).
    merge_id = (await store.merges_of(team_id=walk.team, candidate_id=1))[0].id
    for role in ("facilitator", "stakeholder", "everyone else", "roadmap editor"):
        kind, shown = await reply_or_view(walk.convo, WHO[role], "roadmap 1")
        offered = kind == "view" and ids.UNDO_MERGE in json.dumps(shown)
        assert offered == (role == "roadmap editor"), f"{role} is offered an Undo they cannot use"
    for role in ("facilitator", "stakeholder", "everyone else", "roadmap editor"):
        name = WHO[role]
        card = await _editor_card(walk)
        refused = await _click_refused(walk, name, ids.UNDO_MERGE, str(merge_id), card)
        undone = not await store.merges_of(team_id=walk.team, candidate_id=1)
        assert undone == (role == "roadmap editor"), role
        assert refused == (not undone), role


async def _closest_row(walk: Walk) -> None:
    """Card #1 shows the closest candidates to those who may open it, with *Same as* for those
    who may edit it; a forged *Same as #1* for Hana's #3 merges only for who may edit both."""
    convo, store, what = walk.convo, walk.store, row("See a card's closest candidates")
    for role in ROLES:
        kind, shown = await reply_or_view(convo, WHO[role], "roadmap 1")
        if kind == "reply":
            walk.check(what, role, "normal", NO, shown)
            continue
        text = json.dumps(shown["blocks"], ensure_ascii=False)
        offered = "Others raised something like this" in text and "Sales loses leads" in text
        buttons = has_action(shown, ids.SAME_AS)
        found = TITLES if offered and not buttons else "no closest" if not offered else YES
        if found == YES and role == "facilitator":
            found = THEIRS
        walk.check(
            what, role, "normal", found, text if found != expected(what, role, "normal") else ""
        )
    # A forged click: Alice ran Bob's interview, not Hana's, and a merge needs both sides
    # (her own pairs merge: tests/slack/test_roadmap_similar.py); stakeholders never merge.
    for role in ROLES:
        card = await _editor_card(walk)
        refused = await _click_refused(walk, WHO[role], ids.SAME_AS, "3:1", card)
        merges = await store.merges_of(team_id=walk.team, candidate_id=1)
        assert refused == (not merges) == (role not in ("admin", "roadmap editor")), role
        for merge in merges:
            await store.undo_merge(team_id=walk.team, merge_id=merge.id, by="test")


async def _mine_row(walk: Walk) -> None:
    """Bob's interview finishing offers him the candidates others raised; only he may say
    his is one of them (a forged click by anyone else is refused)."""
    convo, store, what = walk.convo, walk.store, row("Say after the playback")
    runtime = walk.bot.runtime
    assert runtime.jobs is not None and runtime.services is not None
    now = runtime.services.clock.now()
    job = JobSpec(ROADMAP, f"{ROADMAP}:{walk.normal}", now, {}, walk.normal)
    await store.schedule_jobs(team_id=walk.team, jobs=[job])
    await runtime.jobs.tick()
    offer = await convo.wait_for_action("bob", ids.MINE_IS)
    assert "Sales loses leads" in text_of(offer) and "leads vanish" not in text_of(offer)
    for role in sorted(ROLES, key=lambda r: r == "stakeholder"):  # his click spends the buttons
        user = convo.id(WHO[role])
        before = len(walk.fake.ephemerals(user=user))
        await convo.slack.block_action(
            user, ids.MINE_IS, "1:3", message=offer, channel=offer["channel"]
        )
        if role == "stakeholder":
            await convo.wait_for_text("bob", "your pain point now counts with #3")
            merges = await store.merges_of(team_id=walk.team, candidate_id=3)
            walk.check(what, role, "normal", OWN_ONLY if merges else NO, "no merge")
            for merge in merges:
                await store.undo_merge(team_id=walk.team, merge_id=merge.id, by="test")
        else:
            refusal = await _next_ephemeral(walk.fake, user, before)
            refused = refusal.startswith("Only the person who raised")
            walk.check(what, role, "normal", NO if refused else YES, refusal)
    # After the confidential interview: *Mine is #N* counts it with #N, never named.
    job = JobSpec(ROADMAP, f"{ROADMAP}:{walk.confidential}", now, {}, walk.confidential)
    await store.schedule_jobs(team_id=walk.team, jobs=[job])
    await runtime.jobs.tick()
    offer = await convo.wait_for_action("bob", ids.MINE_IS_CONFIDENTIAL)
    value = str(offer["blocks"][1]["accessory"]["value"])
    for role in sorted(ROLES, key=lambda r: r == "stakeholder"):
        user = convo.id(WHO[role])
        before = len(walk.fake.ephemerals(user=user))
        await convo.slack.block_action(
            user, ids.MINE_IS_CONFIDENTIAL, value, message=offer, channel=offer["channel"]
        )
        if role == "stakeholder":
            await convo.wait_for_text("bob", "without your name or words")
            counted = await store.confidential_counts(team_id=walk.team)
            walk.check(what, role, "confidential", OWN_ONLY if counted else NO, str(counted))
        else:
            refusal = await _next_ephemeral(walk.fake, user, before)
            refused = refusal.startswith("Only the person who raised")
            walk.check(what, role, "confidential", NO if refused else YES, refusal)


async def _next_ephemeral(fake: FakeSlack, user: str, before: int) -> str:
    """The first ephemeral reply to `user` after the `before` they had."""
    await fake.wait_for(lambda: len(fake.ephemerals(user=user)) > before, WAIT)
    return text_of(fake.ephemerals(user=user)[before])


async def _editor_card(walk: Walk) -> dict[str, Any]:
    kind, card = await reply_or_view(walk.convo, "erin", "roadmap 1")
    assert kind == "view"
    return dict(card)


async def _click_refused(
    walk: Walk, name: str, action_id: str, value: str | None, card: dict[str, Any]
) -> bool:
    """`name` clicks a button of `card`; whether the bot said they may not."""
    fake, convo = walk.fake, walk.convo
    pushes, updates = len(fake.calls("views.push")), len(fake.calls("views.update"))
    refusals = _refusals(convo, name)
    delivery = await convo.slack.block_action(convo.id(name), action_id, value, view=card)
    assert delivery.status == 200

    def answered() -> bool:
        return (
            len(fake.calls("views.push")) > pushes
            or len(fake.calls("views.update")) > updates
            or _refusals(convo, name) > refusals
        )

    await fake.wait_for(answered, WAIT)
    await settle(walk.store)
    return _refusals(convo, name) > refusals


def _refusals(convo: Conversation, name: str) -> int:
    """The DMs telling `name` they may not change the roadmap."""
    return sum(1 for m in convo.from_bot(name) if "Only roadmap editors" in text_of(m))


async def _trade_off_row(walk: Walk) -> None:
    """#1 (L) in year 1 against #2 (S) behind it: only those who may decide see Keep / Swap,
    and a click forged from an editor's plan is refused for everyone else."""
    convo, fake, what = walk.convo, walk.fake, row("Decide a big item's trade-off")
    await walk.store.update_candidates(
        team_id=walk.team,
        updates={1: {"effort": "L", "impact": 5}, 2: {"effort": "S", "impact": 1}},
    )
    offered = {}
    for role in ROLES:  # before anyone decides: who is offered the buttons
        await command_reply(convo, WHO[role], "roadmap plan")
        shown = fake.ephemerals(user=convo.id(WHO[role]))[-1]
        offered[role] = has_action(shown, ids.KEEP) and has_action(shown, ids.SWAP)
    editors_plan = fake.ephemerals(user=convo.id("erin"))[-1]
    for role in ROLES:
        name, user = WHO[role], convo.id(WHO[role])
        before = len(fake.ephemerals(user=user))
        choice = ids.SWAP if role == "roadmap editor" else ids.KEEP  # each a new decision
        delivery = await convo.slack.block_action(user, choice, ephemeral=editors_plan)
        assert delivery.status == 200
        await settle(walk.store)
        decided = await walk.store.trade_off_decisions(team_id=walk.team)
        kept = [d for d in decided if d.decided_by == user]
        refused = len(fake.ephemerals(user=user)) > before and not kept
        if refused:
            reply = text_of(fake.ephemerals(user=user)[before])
            assert reply.startswith("Only roadmap editors"), (name, reply)
        mine = offered[role]
        found = YES if mine and kept else NO if not mine and refused else "mixed"
        walk.check(what, role, "normal", found, f"offered={mine} kept={bool(kept)}")


async def _confidential_row(walk: Walk) -> None:
    convo = walk.convo
    what = TABLE[8][0]
    for role in ROLES:
        name = WHO[role]
        digest = await command_reply(convo, name, "digest preview")
        texts = [
            await command_reply(convo, name, "roadmap"),
            await command_reply(convo, name, "roadmap plan"),
            await command_reply(convo, name, "review preview"),
            digest,
        ]
        quoted = any("Layoffs" in t or "budget was cut" in t for t in texts)
        counted = "(1 confidential)" in digest and "…and 1 from confidential interviews" in digest
        found = COUNTS if counted and not quoted else f"quoted={quoted} counted={counted}"
        walk.check(what, role, "confidential", found, "\n".join(texts))


async def _start_row(walk: Walk) -> None:
    convo, what = walk.convo, TABLE[0][0]
    for role in ROLES:
        name = WHO[role]
        me = convo.id(name)
        self_reply = await command_reply(convo, name, f"<@{me}|{name}> pain_points")
        other = "chandra" if name != "chandra" else "alice"
        other_reply = await command_reply(convo, name, f"<@{convo.id(other)}|{other}> pain_points")
        refused = (
            self_reply == "You can't interview yourself: pick someone else as the stakeholder."
        )
        found = NOT_SELF if refused and other_reply.startswith("I've invited") else NO
        walk.check(what, role, "normal", found, f"{self_reply} / {other_reply}")
    # The form refuses it too, inline, and starts nothing.
    erin = convo.id("erin")
    modal = await _new_interview_modal(walk, erin)
    submitted = await convo.slack.view_submission(erin, modal, new_interview_values(erin))
    assert submitted.json()["errors"] == {
        "stakeholder": "You can't interview yourself: pick someone else as the stakeholder."
    }


async def _answer_row(walk: Walk) -> None:
    """Each role clicks Start on Bob's invitations; only Bob's click starts an interview. The
    invitation says who will see the answers."""
    convo, what = walk.convo, TABLE[3][0]
    alice, bob = convo.id("alice"), convo.id("bob")
    invitations: dict[str, dict[str, Any]] = {}
    await convo.slack.command(alice, f"<@{bob}|bob> pain_points")
    invitations["normal"] = await convo.wait_for_text("bob", "Who will see your answers")
    modal = await _new_interview_modal(walk, alice)
    form = new_interview_values(bob, confidential=True)
    form["context_note"] = {"context_note": {"type": "plain_text_input", "value": "Hi <!here>"}}
    assert (await convo.slack.view_submission(alice, modal, form)).status == 200
    invitations["confidential"] = await convo.wait_for_text(
        "bob", "This interview is *confidential*"
    )
    assert "Who will see" not in text_of(invitations["confidential"])
    assert "roadmap editors also see your words" in text_of(invitations["normal"])
    for kind, invitation in invitations.items():
        interview_id = int(_button_value(invitation, "interview_start"))
        for role in (*(r for r in ROLES if r != "stakeholder"), "stakeholder"):
            user = convo.id(WHO[role])
            await convo.slack.block_action(
                user, "interview_start", message=invitation, channel=invitation["channel"]
            )
            await settle(walk.store)
            status = (await walk.store.get_interview(interview_id)).status
            started = status != "invited"
            walk.check(what, role, kind, YES if started else NO, status)
            if started and role != "stakeholder":
                return


async def _new_interview_modal(walk: Walk, user: str) -> dict[str, Any]:
    """`/interview` alone opens the form (on top of whatever the person has open)."""
    before = len(walk.fake.calls("views.open"))
    assert (await walk.convo.slack.command(user, "")).status == 200
    await walk.fake.wait_for(lambda: len(walk.fake.calls("views.open")) > before, WAIT)
    return walk.fake.views(user)[-1]


def _button_value(message: dict[str, Any], action_id: str) -> str:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(element["value"]).partition(":")[0]
    raise AssertionError(f"no {action_id} button")


def test_a_merged_candidate_never_shows_a_withheld_interviews_words_as_its_own() -> None:
    from bot.roadmap.model import Candidate, Evidence
    from bot.settings import Settings
    from bot.slack.access import visible_to

    def said(n: int, problem: str, cause: str, facilitator: str) -> Evidence:
        return Evidence(
            n,
            n,
            f"why.{n}.1",
            problem,
            cause,
            problem,
            n,
            f"S{n}",
            facilitator_slack_id=facilitator,
        )

    bobs = said(1, "Leads get lost. Bob's own words.", "Nobody owns the hand-off", "UALICE")
    hanas = said(2, "Deals vanish between teams", "The CRM is updated by hand", "UHANA")
    merged = Candidate(1, 1, bobs.problem, bobs.root_cause, evidence=(bobs, hanas))
    settings = Settings(slack_bot_token="x", slack_signing_secret="y")

    for_hana, withheld = visible_to(merged, "UHANA", settings)
    for_outsider, _ = visible_to(merged, "UNOBODY", settings)
    for_alice, _ = visible_to(merged, "UALICE", settings)

    assert withheld == 1 and "Bob's own words" not in str(for_hana)
    assert (for_hana.problem, for_hana.root_cause) == (hanas.problem, hanas.root_cause)
    assert for_outsider.problem == "Leads get lost" and for_outsider.root_cause == ""
    assert for_alice.problem == bobs.problem
