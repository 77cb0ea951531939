"""The fake's Web API answers slack_sdk's AsyncWebClient the way Slack does."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack


def _section(length: int) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * length}}


def _button(length: int) -> dict[str, Any]:
    button = {
        "type": "button",
        "action_id": "b",
        "text": {"type": "plain_text", "text": "x" * length},
    }
    return {"type": "actions", "elements": [button]}


def _modal(**overrides: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Interview"},
        "blocks": [],
    } | overrides


async def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        await call
    return str(raised.value.response["error"])


async def test_auth_test_describes_the_bot(fake: FakeSlack, bot_client: AsyncWebClient) -> None:
    response = await bot_client.auth_test()

    assert (response["team_id"], response["user_id"], response["bot_id"]) == (
        fake.team_id,
        fake.bot_user_id,
        fake.bot_id,
    )
    assert response.headers["X-OAuth-Scopes"]


async def test_tokens_are_checked(fake: FakeSlack) -> None:
    missing = AsyncWebClient(base_url=fake.api_url)
    wrong = AsyncWebClient(token="xoxb-not-known", base_url=fake.api_url)
    app_token = AsyncWebClient(token=fake.app_token, base_url=fake.api_url)

    assert await _error(missing.auth_test()) == "not_authed"
    assert await _error(wrong.auth_test()) == "invalid_auth"
    assert await _error(app_token.chat_postMessage(channel=fake.general, text="hi")) == (
        "not_allowed_token_type"
    )


async def test_conversations_open_gives_a_stable_dm_per_user(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    alice, bob = fake.user("alice").id, fake.user("bob").id

    first = await bot_client.conversations_open(users=alice)
    again = await bot_client.conversations_open(users=[alice])
    other = await bot_client.conversations_open(users=bob)

    assert first["channel"]["id"] == again["channel"]["id"] == fake.dm_channel(alice)
    assert first["channel"]["id"].startswith("D")
    assert other["channel"]["id"] != first["channel"]["id"]
    assert FakeSlack().dm_channel(alice) == fake.dm_channel(alice), "stable across instances"


async def test_users_info_has_time_zone_and_title(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    chandra = fake.user("chandra")

    user = (await bot_client.users_info(user=chandra.id))["user"]
    bot = (await bot_client.users_info(user=fake.bot_user_id))["user"]

    assert (user["tz"], user["tz_offset"], user["is_bot"]) == ("Asia/Kolkata", 19800, False)
    assert (user["real_name"], user["profile"]["title"]) == ("Chandra Iyer", "Support Lead")
    assert bot["is_bot"] is True
    assert await _error(bot_client.users_info(user="U0NOBODY00")) == "user_not_found"


async def test_messages_get_unique_increasing_ts_and_can_be_updated_and_deleted(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    posts = [
        await bot_client.chat_postMessage(channel=fake.general, text=f"m{i}") for i in range(5)
    ]
    stamps = [p["ts"] for p in posts]
    assert stamps == sorted(set(stamps)) and all("." in ts for ts in stamps)
    assert posts[0]["message"]["text"] == "m0"

    await bot_client.chat_update(channel=fake.general, ts=stamps[0], text="edited")
    await bot_client.chat_delete(channel=fake.general, ts=stamps[1])

    texts = [m["text"] for m in fake.messages(fake.general)]
    assert texts == ["edited", "m2", "m3", "m4"]
    gone = bot_client.chat_delete(channel=fake.general, ts=stamps[1])
    assert await _error(gone) == "message_not_found"


async def test_posting_to_a_user_id_lands_in_their_dm(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    bob = fake.user("bob").id

    response = await bot_client.chat_postMessage(channel=bob, text="hello")

    assert response["channel"] == fake.dm_channel(bob)
    assert fake.messages(fake.dm_channel(bob))[0]["text"] == "hello"


async def test_ephemeral_messages_are_kept_apart(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    alice = fake.user("alice").id

    response = await bot_client.chat_postEphemeral(
        channel=fake.general, user=alice, text="only you"
    )

    assert response["message_ts"]
    assert fake.ephemerals(user=alice)[0]["text"] == "only you"
    assert fake.messages(fake.general) == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"channel": "", "text": "hi"}, "channel_not_found"),
        ({"channel": "C0NOSUCH00", "text": "hi"}, "channel_not_found"),
        ({}, "no_text"),
        ({"text": "x" * 40_001}, "msg_too_long"),
        ({"blocks": [_section(10)] * 51}, "invalid_blocks"),
        ({"blocks": [_section(3001)]}, "invalid_blocks"),
        (
            {"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}]},
            "invalid_blocks",
        ),
        ({"blocks": [_button(76)]}, "invalid_blocks"),
    ],
)
async def test_message_limits_answer_with_slack_error_names(
    fake: FakeSlack, bot_client: AsyncWebClient, kwargs: dict[str, Any], error: str
) -> None:
    arguments = {"channel": fake.general} | kwargs

    # api_call sends the same JSON body as chat_postMessage, minus its missing-text warning.
    assert await _error(bot_client.api_call("chat.postMessage", json=arguments)) == error
    assert fake.messages(fake.general) == []


async def test_limits_at_the_edge_are_accepted(fake: FakeSlack, bot_client: AsyncWebClient) -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "x" * 150}}
    blocks = [header, _section(3000), _button(75)] + [_section(1)] * 47

    response = await bot_client.chat_postMessage(
        channel=fake.general, text="y" * 40_000, blocks=blocks
    )

    assert response["ok"]


async def test_invalid_blocks_point_at_the_offending_field(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    with pytest.raises(SlackApiError) as raised:
        await bot_client.chat_postMessage(
            channel=fake.general, text="t", blocks=[_section(1), _section(3001)]
        )

    assert raised.value.response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]"
    ]


@pytest.mark.parametrize(
    "view",
    [
        _modal(blocks=[_section(1)] * 101),
        _modal(title={"type": "plain_text", "text": "x" * 25}),
        _modal(private_metadata="x" * 3001),
        _modal(blocks=[_section(3001)]),
    ],
)
async def test_view_limits_answer_invalid_arguments(
    fake: FakeSlack, bot_client: AsyncWebClient, view: dict[str, Any]
) -> None:
    trigger = fake.issue_trigger(fake.user("alice").id)

    assert await _error(bot_client.views_open(trigger_id=trigger, view=view)) == "invalid_arguments"


async def test_views_open_needs_a_known_fresh_trigger(bot_client: AsyncWebClient) -> None:
    async with FakeSlack(trigger_ttl=0.05) as fake:
        client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
        alice = fake.user("alice").id
        assert (
            await _error(client.views_open(trigger_id="1.2.abc", view=_modal()))
            == "invalid_trigger_id"
        )

        trigger = fake.issue_trigger(alice)
        await asyncio.sleep(0.1)

        assert (
            await _error(client.views_open(trigger_id=trigger, view=_modal()))
            == "expired_trigger_id"
        )


async def test_views_update_and_publish(fake: FakeSlack, bot_client: AsyncWebClient) -> None:
    alice = fake.user("alice").id
    opened = await bot_client.views_open(trigger_id=fake.issue_trigger(alice), view=_modal())
    view_id = opened["view"]["id"]

    updated = await bot_client.views_update(view_id=view_id, view=_modal(private_metadata="step-2"))
    home = await bot_client.views_publish(
        user_id=alice, view={"type": "home", "blocks": [_section(5)]}
    )

    assert view_id.startswith("V") and updated["view"]["id"] == view_id
    assert fake.views(alice)[0]["private_metadata"] == "step-2"
    assert fake.home(alice) == home["view"]
    stale = bot_client.views_update(view_id=view_id, view=_modal(), hash="1.stale")
    assert await _error(stale) == "hash_conflict"


async def test_form_encoded_calls_with_token_argument_work(fake: FakeSlack) -> None:
    form = {
        "token": fake.bot_token,
        "channel": fake.general,
        "text": "fallback",
        "blocks": json.dumps([_section(5)]),
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.api_url}chat.postMessage", data=form) as response,
    ):
        body = await response.json()

    assert body["ok"] is True
    [call] = fake.calls("chat.postMessage")
    assert call.args["blocks"][0]["type"] == "section", "form JSON strings are decoded"
    assert "token" not in call.args


async def test_unknown_method_is_404(fake: FakeSlack) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.api_url}chat.nope", json={}) as response,
    ):
        assert response.status == 404
        assert (await response.json())["error"] == "unknown_method"


def _retrying_client(fake: FakeSlack) -> AsyncWebClient:
    fast = FixedValueRetryIntervalCalculator(0.01)
    return AsyncWebClient(
        token=fake.bot_token,
        base_url=fake.api_url,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=5),
            AsyncServerErrorRetryHandler(max_retry_count=5, interval_calculator=fast),
            AsyncConnectionErrorRetryHandler(),
        ],
    )


async def test_sdk_retry_handlers_ride_out_429s_and_500s(
    fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sdk sleeps Retry-After plus up to 1 s of jitter; drop the jitter to keep the test fast.
    monkeypatch.setattr(builtin_async_handlers, "random", SimpleNamespace(random=lambda: 0.0))
    fake.fail_next("chat.postMessage", status=429, retry_after=0, count=3)
    fake.fail_next("chat.postMessage", status=500)

    response = await _retrying_client(fake).chat_postMessage(channel=fake.general, text="made it")

    assert response["ok"]
    assert [c.status for c in fake.calls("chat.postMessage")] == [429, 429, 429, 500, 200]
    assert [m["text"] for m in fake.messages(fake.general)] == ["made it"]


async def test_without_retry_handlers_a_429_surfaces(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        await bot_client.chat_postMessage(channel=fake.general, text="x")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"


async def test_post_message_rate_limit_is_per_channel(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    fake.rate_limit_post_message = True
    await bot_client.chat_postMessage(channel=fake.general, text="first")

    with pytest.raises(SlackApiError) as raised:
        await bot_client.chat_postMessage(channel=fake.general, text="too soon")
    other = await bot_client.chat_postMessage(channel=fake.user("alice").id, text="elsewhere")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "1"
    assert other["ok"]


async def test_latency_delays_answers(fake: FakeSlack, bot_client: AsyncWebClient) -> None:
    fake.latency("auth.test", 0.1)
    loop = asyncio.get_running_loop()

    started = loop.time()
    await bot_client.auth_test()
    slow = loop.time() - started
    fake.latency("auth.test", 0)
    started = loop.time()
    await bot_client.auth_test()

    assert slow >= 0.1 > loop.time() - started


async def test_wait_for_times_out_and_reset_forgets(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    with pytest.raises(TimeoutError):
        await fake.wait_for(lambda: fake.calls("chat.postMessage"), timeout=0.05)
    await bot_client.chat_postMessage(channel=fake.general, text="x")
    fake.fail_next("auth.test", status=500)

    fake.reset()

    assert fake.calls() == [] and fake.messages(fake.general) == []
    assert (await bot_client.auth_test())["ok"], "reset also clears pending faults"
