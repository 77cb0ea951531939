"""A bare Bolt app served over real HTTP receives signed deliveries and calls the fake back."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from sandbox import FakeSlack, SlackDriver
from tests.sandbox.bolt_app import ANSWER_BLOCK, ANSWER_INPUT, FEEDBACK, START
from tests.sandbox.conftest import RunningApp


async def test_signed_command_is_acked_and_the_apps_message_lands(
    fake: FakeSlack, driver: SlackDriver, http_app: RunningApp
) -> None:
    alice = fake.user("alice").id
    delivery = await driver.command(alice, "roadmap")

    assert delivery.status == 200
    dm = fake.dm_channel(alice)
    posted = await fake.wait_for(lambda: fake.messages(dm))
    assert posted[0]["text"] == "Interview: roadmap"
    assert posted[0]["bot_id"] == fake.bot_id
    assert http_app.seen.commands[0]["user_id"] == alice
    assert fake.calls("auth.test"), "Bolt checks its token with auth.test on the first request"


async def test_bad_signature_is_rejected_with_401(fake: FakeSlack, driver: SlackDriver) -> None:
    delivery = await driver.command(fake.user("alice").id, "x", secret="not-the-secret")

    assert delivery.status == 401
    assert fake.calls("chat.postMessage") == []


async def test_six_minute_old_timestamp_is_rejected_with_401(
    fake: FakeSlack, driver: SlackDriver
) -> None:
    delivery = await driver.command(fake.user("alice").id, "x", timestamp=time.time() - 360)

    assert delivery.status == 401


async def test_event_retry_repeats_the_event_id_and_carries_retry_headers(
    fake: FakeSlack, driver: SlackDriver, http_app: RunningApp
) -> None:
    bob = fake.user("bob").id
    first = await driver.message(bob, "We lose a day a week to manual reports")
    assert first.event_id is not None and first.event_id.startswith("Ev")
    await fake.wait_for(lambda: len(fake.calls("chat.postMessage")) == 1)

    event = {"type": "message", "channel_type": "im", "user": bob, "text": "again"}
    event["channel"] = fake.dm_channel(bob)
    retry = await driver.event(
        event, event_id=first.event_id, retry_num=1, retry_reason="http_timeout"
    )
    await fake.wait_for(lambda: len(fake.calls("chat.postMessage")) == 2)

    assert retry.status == 200
    assert http_app.seen.events == [
        (first.event_id, None, None),
        (first.event_id, "1", "http_timeout"),
    ]


async def test_block_action_round_trip_updates_the_message(
    fake: FakeSlack, driver: SlackDriver, http_app: RunningApp
) -> None:
    alice = fake.user("alice").id
    await driver.command(alice, "roadmap")
    dm = fake.dm_channel(alice)
    [message] = await fake.wait_for(lambda: fake.messages(dm))

    delivery = await driver.block_action(alice, START, message=message)

    assert delivery.status == 200
    await fake.wait_for_call("chat.update")
    [updated] = fake.messages(dm)
    assert updated["text"] == f"Started by <@{alice}>"
    assert updated["ts"] == message["ts"]
    action = http_app.seen.actions[0]["actions"][0]
    assert (action["action_id"], action["block_id"], action["value"]) == (START, "controls", "go")


async def test_block_action_on_a_missing_element_is_refused(
    fake: FakeSlack, driver: SlackDriver
) -> None:
    alice = fake.user("alice").id
    message = fake.add_message(fake.dm_channel(alice), {"text": "no buttons"})

    with pytest.raises(ValueError, match="no element"):
        await driver.block_action(alice, START, message=message)


async def test_view_submission_round_trip_closes_the_modal(
    fake: FakeSlack, driver: SlackDriver, http_app: RunningApp
) -> None:
    chandra = fake.user("chandra").id
    await driver.command(chandra, "modal")
    [modal] = await fake.wait_for(lambda: fake.views(chandra))
    assert modal["callback_id"] == FEEDBACK

    empty = await driver.view_submission(chandra, modal, {ANSWER_BLOCK: {ANSWER_INPUT: " "}})
    assert empty.json() == {
        "response_action": "errors",
        "errors": {ANSWER_BLOCK: "Please write something"},
    }
    assert fake.views(chandra), "a modal answered with errors stays open"

    sent = await driver.view_submission(chandra, modal["id"], {ANSWER_BLOCK: {ANSWER_INPUT: "Ops"}})

    assert sent.status == 200
    assert fake.views(chandra) == []
    thanks = await fake.wait_for(lambda: fake.messages(fake.dm_channel(chandra)))
    assert thanks[0]["text"] == "Thanks for your answer"
    submitted = http_app.seen.submissions[0]["view"]
    assert submitted["private_metadata"] == "interview-42"


async def test_views_open_with_a_used_trigger_fails(
    fake: FakeSlack, driver: SlackDriver, bot_client: AsyncWebClient
) -> None:
    alice = fake.user("alice").id
    delivery = await driver.command(alice, "modal")
    await fake.wait_for(lambda: fake.views(alice))

    view = {"type": "modal", "title": {"type": "plain_text", "text": "Again"}, "blocks": []}
    with pytest.raises(SlackApiError) as raised:
        await bot_client.views_open(trigger_id=delivery.trigger_id, view=view)
    assert raised.value.response["error"] == "exchanged_trigger_id"


async def test_response_url_posts_land_as_ephemeral_or_in_channel(
    fake: FakeSlack, driver: SlackDriver, http_app: RunningApp
) -> None:
    alice = fake.user("alice").id
    await driver.command(alice, "roadmap")
    response_url = http_app.seen.commands[0]["response_url"]
    webhook = AsyncWebhookClient(response_url)

    private = await webhook.send(text="Only you can see this")
    public = await webhook.send(text="Everyone sees this", response_type="in_channel")

    assert (private.status_code, public.status_code) == (200, 200)
    dm = fake.dm_channel(alice)
    assert [m["text"] for m in fake.ephemerals(dm, alice)] == ["Only you can see this"]
    assert "Everyone sees this" in [m["text"] for m in fake.messages(dm)]
