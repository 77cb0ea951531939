"""`/interview` sub-commands: usage replies for what it cannot parse, and who may read or cancel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.conftest import RunningBot
from tests.slack.helpers import (
    Conversation,
    command_reply,
    interview_id_of,
    new_interview_values,
    text_of,
)


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        ("frobnicate", "I don't know that command."),
        ("<!channel> pain_points", "Mention one person with @"),
        ("@bob pain_points", "Mention one person with @"),
        ("12 13", "I don't know that command."),
    ],
)
async def test_unknown_arguments_get_a_short_ephemeral_usage_reply_and_store_nothing(
    fake: FakeSlack, slack: SlackDriver, bot: BotRuntime, arguments: str, reason: str
) -> None:
    delivery = await slack.command(fake.user("alice").id, arguments)

    reply = delivery.json()
    assert delivery.status == 200 and isinstance(reply, dict)
    assert reply.get("response_type", "ephemeral") == "ephemeral"
    assert text_of(reply).startswith(reason)
    assert "/interview list" in text_of(reply), "the reason comes with a reminder"
    assert "/interview help" in text_of(reply) and len(reply["text"]) < 400
    assert bot.storage is not None
    rows = await bot.storage.count_rows()
    assert (rows["interview"], rows["person"], rows["outbox_message"]) == (0, 0, 0)
    assert {c.method for c in fake.calls()} == {"auth.test"}, "the ack was the whole answer"


async def invite(convo: Conversation, facilitator: str, stakeholder: str) -> int:
    """`facilitator` invites `stakeholder` by command; returns the interview id."""
    before = len(convo.from_bot(stakeholder))
    mention = f"<@{convo.id(stakeholder)}|{stakeholder}>"
    assert await command_reply(convo, facilitator, f"{mention} pain_points")
    invitation = (await convo.wait_for_bot(stakeholder, before + 1))[-1]
    return interview_id_of(invitation)


async def test_someone_outside_an_interview_cannot_find_its_status_or_summary(
    fake: FakeSlack, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id = await invite(convo, "alice", "bob")

    status = await command_reply(convo, "chandra", f"status {interview_id}")
    summary = await command_reply(convo, "chandra", f"summary {interview_id}")
    missing = await command_reply(convo, "chandra", "status 999")

    assert status == summary == f"I can't find interview #{interview_id}."
    assert missing == "I can't find interview #999.", "the same words as for a missing one"
    assert convo.from_bot("chandra") == [], "no summary was sent"


async def test_facilitator_and_stakeholder_can_read_the_status(
    convo: Conversation, bot: BotRuntime
) -> None:
    interview_id = await invite(convo, "alice", "bob")

    for name in ("alice", "bob"):
        status = await command_reply(convo, name, f"status {interview_id}")
        assert status.startswith(f"*#{interview_id} Surface pain points* with <@{convo.id('bob')}>")
        assert "Invited" in status


async def test_admin_reads_an_open_interview_but_not_a_confidential_one(
    fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]
) -> None:
    chandra = fake.user("chandra").id
    admin_bot = await start_bot(admin_user_ids=frozenset({chandra}))
    convo = admin_bot.convo
    open_id = await invite(convo, "alice", "bob")
    alice, bob = convo.id("alice"), convo.id("bob")
    await admin_bot.slack.command(alice, "")
    [modal] = await fake.wait_for(lambda: fake.views(alice), 5)
    values = new_interview_values(bob, confidential=True)
    before = len(convo.from_bot("bob"))
    assert (await admin_bot.slack.view_submission(alice, modal, values)).body == ""
    secret_id = interview_id_of((await convo.wait_for_bot("bob", before + 1))[-1])
    assert admin_bot.runtime.storage is not None
    assert (await admin_bot.runtime.storage.get_interview(secret_id)).confidential

    status = await command_reply(convo, "chandra", f"status {open_id}")
    sent = await command_reply(convo, "chandra", f"summary {open_id}")
    await convo.wait_for_text("chandra", f"Summary of interview #{open_id}")
    secret_status = await command_reply(convo, "chandra", f"status {secret_id}")
    secret_summary = await command_reply(convo, "chandra", f"summary {secret_id}")

    assert status.startswith(f"*#{open_id} Surface pain points*")
    assert sent == f"I've sent you the summary of interview #{open_id} in a DM."
    assert secret_status == secret_summary == f"I can't find interview #{secret_id}."
    summaries = [text_of(m) for m in convo.from_bot("chandra")]
    assert not any(f"#{secret_id}" in s for s in summaries)


async def test_list_shows_the_facilitators_interviews(convo: Conversation, bot: BotRuntime) -> None:
    interview_id = await invite(convo, "alice", "bob")

    listed = await command_reply(convo, "alice", "list")
    nothing = await command_reply(convo, "chandra", "list")

    assert f"*#{interview_id} Surface pain points*" in listed
    assert f"<@{convo.id('bob')}>" in listed
    assert nothing == "You have no interviews yet."


async def test_facilitator_cancels_and_the_stakeholder_is_told(
    convo: Conversation, bot: BotRuntime
) -> None:
    interview_id = await invite(convo, "alice", "bob")

    reply = await command_reply(convo, "alice", f"cancel {interview_id}")
    told = await convo.wait_for_text("bob", "was cancelled")
    again = await command_reply(convo, "alice", f"cancel {interview_id}")

    assert reply == f"Interview #{interview_id} is cancelled."
    assert f"Interview #{interview_id} was cancelled" in text_of(told)
    assert (
        again == f"Interview #{interview_id} is not open any more, so there is nothing to cancel."
    )
    assert bot.storage is not None
    assert (await bot.storage.get_interview(interview_id)).status == "cancelled"


async def test_only_the_facilitator_may_cancel(convo: Conversation, bot: BotRuntime) -> None:
    interview_id = await invite(convo, "alice", "bob")
    invitation_count = len(convo.from_bot("bob"))

    outsider = await command_reply(convo, "chandra", f"cancel {interview_id}")
    stakeholder = await command_reply(convo, "bob", f"cancel {interview_id}")

    assert outsider == f"I can't find interview #{interview_id}."
    assert stakeholder == "Sorry, you can't do that with this interview."
    assert bot.storage is not None
    assert (await bot.storage.get_interview(interview_id)).status == "invited"
    assert len(convo.from_bot("bob")) == invitation_count
