"""App Home: opening the tab publishes the person's interviews; New interview opens the modal."""

from __future__ import annotations

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    interview_id_of,
    question_key_of,
    run_pain_points_interview,
    text_of,
    wait_for_question,
)


def home_opened(fake: FakeSlack, user: str) -> dict[str, object]:
    """The `app_home_opened` event for the Home tab."""
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": fake.dm_channel(user),
        "tab": "home",
    }


async def test_home_tab_lists_the_interviews_a_person_runs(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    alice, bob = convo.id("alice"), convo.id("bob")
    await slack.command(alice, f"<@{bob}|bob> pain_points")
    await convo.wait_for_action("bob", "interview_start")

    delivery = await slack.event(home_opened(fake, alice))
    home = await fake.wait_for(lambda: fake.home(alice), 5)

    assert home is not None and delivery.status == 200 and fake.calls("views.publish")[-1].ok
    shown = text_of(home)
    assert "Interviews you run" in shown
    assert "*#1 Surface pain points*" in shown and f"<@{bob}>" in shown


async def test_home_new_interview_button_opens_the_new_interview_modal(
    fake: FakeSlack, slack: SlackDriver, bot: BotRuntime
) -> None:
    alice = fake.user("alice").id
    await slack.event(home_opened(fake, alice))
    home = await fake.wait_for(lambda: fake.home(alice), 5)

    clicked = await slack.block_action(alice, "home_new_interview", view=home)
    [modal] = await fake.wait_for(lambda: fake.views(alice), 5)

    assert clicked.status == 200 and fake.calls("views.open")[-1].ok
    assert modal["callback_id"] == "new_interview"
    assert modal["title"]["text"] == "New interview"


async def test_a_stakeholder_starts_from_home_and_finds_past_summaries_there(
    fake: FakeSlack, slack: SlackDriver, convo: Conversation, bot: BotRuntime
) -> None:
    bob = convo.id("bob")
    done = await run_pain_points_interview(convo, "alice", "bob")
    await slack.command(convo.id("alice"), f"<@{bob}|bob> goals_obstacles")
    invitation = await convo.wait_for_action("bob", "interview_start")
    waiting = interview_id_of(invitation)

    await slack.event(home_opened(fake, bob))
    home = await fake.wait_for(lambda: fake.home(bob), 5)
    interview_buttons = ("home_open_summary", "interview_start")
    rows = {
        b["accessory"]["value"]: b
        for b in home["blocks"]
        if b.get("accessory", {}).get("action_id") in interview_buttons
    }
    assert "Your past interviews" in text_of(home)
    assert rows[str(done)]["accessory"]["action_id"] == "home_open_summary"
    assert rows[str(waiting)]["accessory"]["action_id"] == "interview_start"
    assert "<!date^" in rows[str(done)]["text"]["text"]  # each reader's own time zone

    before = len(convo.from_bot("bob"))
    assert (await slack.block_action(bob, "home_open_summary", str(done), view=home)).status == 200
    await convo.wait_for_bot("bob", before + 1)
    assert "The CRM is updated by hand" in "\n".join(
        text_of(m) for m in convo.from_bot("bob")[before:]
    )
    assert (await slack.block_action(bob, "interview_start", str(waiting), view=home)).status == 200
    first = await wait_for_question(convo, "bob", waiting, after=invitation["ts"])
    assert question_key_of(first).startswith("goal.")
