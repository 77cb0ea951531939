"""App Home: opening the tab publishes the person's interviews; New interview opens the modal."""

from __future__ import annotations

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import Conversation, text_of


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
