"""conversations.history and conversations.replies read back what was posted, as Slack does
(metadata only when asked for), and a hold keeps a call waiting, after or before Slack does it."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack

METADATA = {"event_type": "task_created", "event_payload": {"id": 7}}


async def _post(client: AsyncWebClient, text: str, **extra: Any) -> str:
    response = await client.chat_postMessage(channel=str(extra.pop("channel")), text=text, **extra)
    return str(response["ts"])


async def test_history_is_newest_first_and_shows_metadata_only_when_asked(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    first = await _post(bot_client, "one", channel=channel, metadata=METADATA)
    second = await _post(bot_client, "two", channel=channel)

    plain = await bot_client.conversations_history(channel=channel)
    full = await bot_client.conversations_history(channel=channel, include_all_metadata=True)

    assert [m["ts"] for m in plain["messages"]] == [second, first]
    assert all("metadata" not in m for m in plain["messages"])
    assert full["messages"][1]["metadata"] == METADATA
    assert "metadata" not in full["messages"][0] and full["has_more"] is False


async def test_history_pages_with_a_cursor_and_keeps_thread_replies_in_their_thread(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    channel = fake.general
    parent = await _post(bot_client, "digest", channel=channel)
    reply = await _post(bot_client, "detail", channel=channel, thread_ts=parent, metadata=METADATA)
    later = [await _post(bot_client, f"n{i}", channel=channel) for i in range(3)]

    page = await bot_client.conversations_history(channel=channel, limit=2)
    rest = await bot_client.conversations_history(
        channel=channel, limit=2, cursor=page["response_metadata"]["next_cursor"]
    )
    thread = await bot_client.conversations_replies(
        channel=channel, ts=parent, include_all_metadata=True
    )

    assert [m["ts"] for m in page["messages"]] == [later[2], later[1]] and page["has_more"]
    assert [m["ts"] for m in rest["messages"]] == [later[0], parent] and not rest["has_more"]
    assert [m["ts"] for m in thread["messages"]] == [parent, reply]
    assert thread["messages"][1]["metadata"] == METADATA


@pytest.mark.parametrize(
    ("method", "args", "error"),
    [
        ("conversations.history", {"channel": "C0NOPE"}, "channel_not_found"),
        ("conversations.history", {"channel": "D", "cursor": "!!"}, "invalid_cursor"),
        ("conversations.history", {"channel": "D", "limit": "many"}, "invalid_limit"),
        ("conversations.history", {"channel": "D", "oldest": "{{ }}"}, "invalid_ts_oldest"),
        ("conversations.replies", {"channel": "D", "ts": "1.2"}, "thread_not_found"),
    ],
)
async def test_bad_history_arguments_get_slack_errors(
    fake: FakeSlack, bot_client: AsyncWebClient, method: str, args: dict[str, str], error: str
) -> None:
    if args["channel"] == "D":
        args = {**args, "channel": fake.dm_channel(fake.user("bob").id)}
    with pytest.raises(SlackApiError) as raised:
        await bot_client.api_call(method, params=args)
    assert raised.value.response["error"] == error


async def test_a_hold_after_the_work_keeps_the_answer_but_slack_has_the_message(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    hold = fake.hold("chat.postMessage")
    posting = asyncio.create_task(_post(bot_client, "held", channel=channel))
    await hold.arrived()

    assert [m["text"] for m in fake.messages(channel)] == ["held"] and not posting.done()
    hold.release()
    assert await posting == fake.messages(channel)[0]["ts"]


async def test_a_hold_before_the_work_drops_a_call_whose_caller_went_away(
    fake: FakeSlack,
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    hold = fake.hold("chat.postMessage", accept=False)
    session = aiohttp.ClientSession()
    url = f"{fake.api_url}chat.postMessage"
    headers = {"Authorization": f"Bearer {fake.bot_token}"}
    posting = asyncio.create_task(
        session.post(url, json={"channel": channel, "text": "x"}, headers=headers)
    )
    await hold.arrived()
    assert fake.messages(channel) == []
    posting.cancel()
    await session.close()  # the caller dies with its connection
    await asyncio.sleep(0.05)
    hold.release()
    await asyncio.sleep(0.05)

    assert fake.messages(channel) == [] and fake.calls("chat.postMessage") == []
    late = fake.hold("chat.postMessage", accept=False)
    late.release()  # released before its call came: called off
    await AsyncWebClient(token=fake.bot_token, base_url=fake.api_url).chat_postMessage(
        channel=channel, text="after"
    )
    assert [m["text"] for m in fake.messages(channel)] == ["after"]
