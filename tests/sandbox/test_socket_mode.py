"""A bare Bolt app on AsyncSocketModeHandler connects to the fake and acks pushed envelopes."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack, SlackDriver
from tests.sandbox.bolt_app import ANSWER_BLOCK, ANSWER_INPUT, START, Seen


async def test_command_is_acked_over_socket_mode(
    fake: FakeSlack, socket_driver: SlackDriver, socket_app: Seen
) -> None:
    alice = fake.user("alice").id

    delivery = await socket_driver.command(alice, "pricing")

    assert delivery.status == 200
    posted = await fake.wait_for(lambda: fake.messages(fake.dm_channel(alice)))
    assert posted[0]["text"] == "Interview: pricing"
    assert socket_app.commands[0]["command"] == "/interview"
    assert fake.calls("apps.connections.open")[0].ok


async def test_event_and_its_retry_are_acked_over_socket_mode(
    fake: FakeSlack, socket_driver: SlackDriver, socket_app: Seen
) -> None:
    bob = fake.user("bob").id

    first = await socket_driver.message(bob, "Reports take too long")
    retry = await socket_driver.message(bob, "Reports take too long", event_id=first.event_id)
    await fake.wait_for(lambda: len(fake.calls("chat.postMessage")) == 2)

    assert (first.status, retry.status) == (200, 200)
    assert [e[0] for e in socket_app.events] == [first.event_id, first.event_id]
    assert len(fake.socket.acks) == 2


async def test_retry_attempt_reaches_the_app_as_a_retry_header(
    fake: FakeSlack, socket_driver: SlackDriver, socket_app: Seen
) -> None:
    bob = fake.user("bob").id
    event = {"type": "message", "channel_type": "im", "user": bob, "text": "hi"}
    event["channel"] = fake.dm_channel(bob)

    await socket_driver.event(event, event_id="Ev0RETRY0001", retry_num=2, retry_reason="timeout")
    await fake.wait_for_call("chat.postMessage")

    assert socket_app.events == [("Ev0RETRY0001", "2", "timeout")]


async def test_interactions_round_trip_over_socket_mode(
    fake: FakeSlack, socket_driver: SlackDriver, socket_app: Seen
) -> None:
    chandra = fake.user("chandra").id
    await socket_driver.command(chandra, "go")
    [message] = await fake.wait_for(lambda: fake.messages(fake.dm_channel(chandra)))
    await socket_driver.block_action(chandra, START, message=message)
    await fake.wait_for_call("chat.update")

    await socket_driver.command(chandra, "modal")
    [modal] = await fake.wait_for(lambda: fake.views(chandra))
    errors = await socket_driver.view_submission(chandra, modal, {ANSWER_BLOCK: {ANSWER_INPUT: ""}})
    done = await socket_driver.view_submission(chandra, modal, {ANSWER_BLOCK: {ANSWER_INPUT: "Ok"}})

    assert errors.json()["response_action"] == "errors"
    assert done.body == "" and fake.views(chandra) == []
    assert len(socket_app.actions) == 1 and len(socket_app.submissions) == 1


async def test_client_reconnects_after_a_disconnect_request(
    fake: FakeSlack, socket_driver: SlackDriver, socket_app: Seen
) -> None:
    await fake.socket.disconnect()
    # The sdk asks for a new URL, drops the old connection, then opens the new one.
    await fake.wait_for(lambda: len(fake.calls("apps.connections.open")) == 2)
    await fake.wait_for(lambda: fake.socket.accepted == 2 and fake.socket.connections == 1)

    delivery = await socket_driver.command(fake.user("alice").id, "after reconnect")

    assert delivery.status == 200


async def test_connections_open_needs_the_app_token(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    with pytest.raises(SlackApiError) as raised:
        await bot_client.apps_connections_open(app_token=fake.bot_token)

    assert raised.value.response["error"] == "not_allowed_token_type"


async def test_websocket_refuses_an_unknown_ticket(fake: FakeSlack) -> None:
    url = fake.url.replace("http://", "ws://") + "/link/?ticket=forged"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as raised:
            await session.ws_connect(url)

    assert raised.value.status == 401


async def test_raw_client_gets_hello_then_close_on_stop() -> None:
    fake = FakeSlack()
    await fake.start()
    opened = await AsyncWebClient(base_url=fake.api_url).apps_connections_open(
        app_token=fake.app_token
    )
    assert opened["url"].startswith(fake.url.replace("http://", "ws://") + "/link/?ticket=")
    async with aiohttp.ClientSession() as session, session.ws_connect(opened["url"]) as ws:
        hello = await ws.receive_json(timeout=1)
        await fake.stop()
        closing = await ws.receive(timeout=1)

    assert hello["type"] == "hello"
    assert hello["connection_info"] == {"app_id": fake.app_id}
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
