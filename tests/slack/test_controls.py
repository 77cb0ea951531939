"""Pause, Resume and Not now: the buttons around the questions."""

from __future__ import annotations

import asyncio

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    has_action,
    interview_id_of,
    question_key_of,
    settle,
    start_dm_interview,
    text_of,
    wait_for_question,
)


async def test_pause_then_resume_asks_the_same_question_again(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    measure = await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    assert bot.storage is not None

    await convo.press("bob", "interview_pause")
    paused = await convo.wait_for_action("bob", "interview_resume")
    while_paused = await bot.storage.get_interview(interview_id)
    await convo.press("bob", "interview_resume")
    again = await wait_for_question(convo, "bob", interview_id, after=paused["ts"])
    await settle(bot.storage)
    resumed = await bot.storage.get_interview(interview_id)

    assert "Paused" in text_of(paused)
    assert while_paused.status == "paused"
    assert "Welcome back" in "\n".join(text_of(m) for m in convo.from_bot("bob")[-2:])
    assert question_key_of(again) == question_key_of(measure) == "goal.1.measure"
    assert (resumed.status, resumed.cursor["current"]) == ("active", "goal.1.measure")
    assert not has_action(fake.find_message(paused["channel"], paused["ts"]), "interview_resume")


async def test_not_now_tells_the_facilitator_and_keeps_the_interview_open(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")
    await slack.command(alice, f"<@{bob}|bob> pain_points")
    invitation = await convo.wait_for_action("bob", "interview_not_now")
    interview_id = interview_id_of(invitation)

    assert await convo.click("bob", "interview_not_now", invitation) == 200
    told = await convo.wait_for_text("alice", "right now")
    [reply] = await fake.wait_for(lambda: fake.ephemerals(user=bob), 5)
    await settle(bot.storage)

    assert text_of(told).startswith(f"<@{bob}> can't do interview #{interview_id} right now")
    assert text_of(reply).startswith("No problem")
    assert bot.storage is not None
    assert (await bot.storage.get_interview(interview_id)).status == "invited"
    assert has_action(convo.latest_with("bob", "interview_start"), "interview_start")


async def test_not_now_twice_tells_the_facilitator_once_and_keeps_start(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")
    await slack.command(alice, f"<@{bob}|bob> pain_points")
    invitation = await convo.wait_for_action("bob", "interview_not_now")

    # A double click: both leave the client before the invitation is redrawn.
    clicks = await asyncio.gather(
        convo.click("bob", "interview_not_now", invitation),
        convo.click("bob", "interview_not_now", invitation),
    )
    assert clicks == [200, 200]
    await convo.wait_for_text("alice", "right now")
    replies = await fake.wait_for(lambda: [*fake.ephemerals(user=bob)][1:] or None, 5)
    await settle(bot.storage)

    told = [m for m in convo.from_bot("alice") if "right now" in text_of(m)]
    assert len(told) == 1
    redrawn = fake.find_message(invitation["channel"], invitation["ts"])
    assert not has_action(redrawn, "interview_not_now")
    assert has_action(redrawn, "interview_start")
    assert "You said not now" in str(redrawn["blocks"])
    assert "already told them" in text_of(replies[-1])


async def test_the_stakeholders_department_comes_from_their_slack_profile(
    fake: FakeSlack, convo: Conversation, bot: BotRuntime
) -> None:
    await start_dm_interview(convo, "alice", "bob")
    assert bot.storage is not None and bot.services is not None
    team = await bot.services.team_id(fake.team_id)
    person = await bot.storage.find_person(team_id=team, slack_user_id=convo.id("bob"))
    assert person is not None and person.department == fake.user("bob").department
    assert person.department  # the stand-in seeds one: this is not None == None
