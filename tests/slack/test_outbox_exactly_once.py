"""The sender looks a row up in Slack before posting it again when an earlier try may have
reached Slack: found by the outbox id in its metadata, it is marked sent under that ts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.sender import METADATA_TYPE, OutboxSender
from sandbox import FakeSlack
from storage import OUTBOX_LEASE, Outgoing, Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TUESDAY_1500_UTC)


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Storage]:
    storage = await Storage.open(f"sqlite:///{tmp_path}/bot.db", now=clock.now)
    await storage.upgrade()
    yield storage
    await storage.close()


@pytest.fixture
def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)  # no SDK retries


def _metadata(outbox_id: int) -> dict[str, object]:
    return {"event_type": METADATA_TYPE, "event_payload": {"outbox_id": outbox_id}}


async def _crashed_after_posting(
    store: Storage, client: AsyncWebClient, channel: str, *, thread_ts: str | None = None
) -> tuple[int, str]:
    """A row claimed by a worker that posted it and died before recording it."""
    team = await store.ensure_team(slack_team_id="T1")
    payload: dict[str, object] = {"text": "Which goal matters most?"}
    if thread_ts:
        payload["thread_ts"] = thread_ts
    (mid,) = await store.enqueue(
        team_id=team, messages=[Outgoing("chat.postMessage", payload, channel=channel)]
    )
    await store.claim_outbox(worker="gone:1:x")
    response = await client.chat_postMessage(channel=channel, metadata=_metadata(mid), **payload)
    await store.release_outbox_claims(gone=lambda worker: worker == "gone:1:x")
    return mid, str(response["ts"])


async def _slack_ts(store: Storage, outbox_id: int) -> str | None:
    (claimed,) = await store.claim_outbox(worker="probe:2:y", limit=50) or [None]
    assert claimed is None, "nothing is left to send"
    with store.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT slack_ts FROM outbox_message WHERE id = ?", (outbox_id,)
        ).one()
    return None if row[0] is None else str(row[0])


async def test_a_post_slack_already_has_is_marked_sent_with_its_ts_not_posted_again(
    fake: FakeSlack, store: Storage, client: AsyncWebClient
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    mid, ts = await _crashed_after_posting(store, client, channel)
    await fake.wait_for(lambda: fake.calls("chat.postMessage"))

    assert await OutboxSender(store, client, worker="new:3:z").drain() == 1
    assert len(fake.calls("chat.postMessage")) == 1 and len(fake.messages(channel)) == 1
    assert await _slack_ts(store, mid) == ts
    assert fake.calls("conversations.history")[0].args["include_all_metadata"] in ("1", "true")


async def test_a_thread_reply_is_looked_up_in_its_thread(
    fake: FakeSlack, store: Storage, client: AsyncWebClient
) -> None:
    parent = str((await client.chat_postMessage(channel=fake.general, text="digest"))["ts"])
    mid, ts = await _crashed_after_posting(store, client, fake.general, thread_ts=parent)

    await OutboxSender(store, client, worker="new:3:z").drain()
    assert [c.method for c in fake.calls()][-1] == "conversations.replies"
    assert len(fake.calls("chat.postMessage")) == 2 and await _slack_ts(store, mid) == ts


async def test_a_post_slack_never_got_is_posted_once_with_its_outbox_id(
    fake: FakeSlack, store: Storage, client: AsyncWebClient
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    team = await store.ensure_team(slack_team_id="T1")
    (mid,) = await store.enqueue(
        team_id=team, messages=[Outgoing("chat.postMessage", {"text": "q"}, channel=channel)]
    )
    await store.claim_outbox(worker="gone:1:x")
    await store.release_outbox_claims(gone=lambda worker: True)

    await OutboxSender(store, client, worker="new:3:z").drain()
    (message,) = fake.messages(channel)
    assert message["metadata"] == _metadata(mid) and await _slack_ts(store, mid) == message["ts"]


async def _queued(store: Storage, channel: str, *, dead_claim: bool) -> int:
    team = await store.ensure_team(slack_team_id="T1")
    (mid,) = await store.enqueue(
        team_id=team, messages=[Outgoing("chat.postMessage", {"text": "q"}, channel=channel)]
    )
    if dead_claim:
        await store.claim_outbox(worker="gone:1:x")
        await store.release_outbox_claims(gone=lambda worker: True)
    return mid


async def test_history_that_cannot_be_read_for_now_holds_the_post_back_and_is_read_again(
    fake: FakeSlack, store: Storage, client: AsyncWebClient, clock: FakeClock
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    mid = await _queued(store, channel, dead_claim=True)
    sender = OutboxSender(store, client, worker="new:3:z")

    fake.fail_next("conversations.history", status=503)
    assert await sender.drain() == 0 and fake.messages(channel) == []
    clock.advance(timedelta(minutes=5))  # past the back-off
    assert await sender.drain() == 1
    assert len(fake.calls("conversations.history")) == 2 and len(fake.messages(channel)) == 1
    assert await _slack_ts(store, mid) == fake.messages(channel)[0]["ts"]


async def test_history_the_app_may_not_read_is_no_reason_to_lose_the_post(
    fake: FakeSlack, store: Storage, client: AsyncWebClient
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    await _queued(store, channel, dead_claim=True)
    fake.fail_next("conversations.history", status=200, error="missing_scope")
    assert await OutboxSender(store, client, worker="new:3:z").drain() == 1
    assert len(fake.messages(channel)) == 1


async def test_a_5xx_on_the_post_makes_the_next_try_look_first(
    fake: FakeSlack, store: Storage, client: AsyncWebClient, clock: FakeClock
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    await _queued(store, channel, dead_claim=False)
    sender = OutboxSender(store, client, worker="new:3:z")
    fake.fail_next("chat.postMessage", status=500)
    assert await sender.drain() == 0
    clock.advance(timedelta(minutes=5))
    assert await sender.drain() == 1
    methods = [c.method for c in fake.calls()]
    assert methods == ["chat.postMessage", "conversations.history", "chat.postMessage"]


async def test_an_answer_lost_after_slack_stored_the_post_does_not_post_it_twice(
    fake: FakeSlack, store: Storage, clock: FakeClock
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    mid = await _queued(store, channel, dead_claim=False)
    impatient = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url, timeout=0.3)
    sender = OutboxSender(store, impatient, worker="new:3:z")
    hold = fake.hold("chat.postMessage")  # Slack stores it, the answer never comes in time
    assert await sender.drain() == 0
    hold.release()
    clock.advance(timedelta(minutes=5))
    assert await sender.drain() == 1
    (message,) = fake.messages(channel)
    assert await _slack_ts(store, mid) == message["ts"]


async def test_the_same_metadata_on_another_apps_message_is_not_taken_for_ours(
    fake: FakeSlack, store: Storage, client: AsyncWebClient
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    mid = await _queued(store, channel, dead_claim=True)
    other = fake.add_message(
        channel, {"text": "theirs", "metadata": _metadata(mid)}, user="U0OTHER"
    )
    sender = OutboxSender(store, client, worker="new:3:z")
    sender.bot_user_id = fake.bot_user_id

    assert await sender.drain() == 1
    ours = [m for m in fake.messages(channel) if m["ts"] != other["ts"]]
    assert len(ours) == 1 and await _slack_ts(store, mid) == ours[0]["ts"]


async def test_a_slow_post_keeps_its_claim_past_the_first_lease(
    fake: FakeSlack, store: Storage, client: AsyncWebClient, clock: FakeClock
) -> None:
    channel = fake.dm_channel(fake.user("bob").id)
    await _queued(store, channel, dead_claim=False)
    sender = OutboxSender(store, client, worker="slow:1:x", renew_every=0.02)
    hold = fake.hold("chat.postMessage")
    draining = asyncio.create_task(sender.drain())
    await hold.arrived()
    for _ in range(3):  # three leases' worth of a slow Slack, renewed all along
        clock.advance(OUTBOX_LEASE * 0.9)
        await asyncio.sleep(0.2)
        assert await store.claim_outbox(worker="other:2:y") == []
    hold.release()
    assert await draining == 1
    assert len(fake.messages(channel)) == 1


async def test_a_message_queued_during_a_slow_post_goes_out_without_waiting_for_it(
    fake: FakeSlack, store: Storage, client: AsyncWebClient
) -> None:
    bob, carol = fake.dm_channel(fake.user("bob").id), fake.dm_channel(fake.user("chandra").id)
    first = await _queued(store, bob, dead_claim=False)
    sender = OutboxSender(store, client, worker="fast:1:x")
    hold = fake.hold("chat.postMessage")
    draining = asyncio.create_task(sender.drain())
    await hold.arrived()
    team = await store.ensure_team(slack_team_id="T1")
    second = [Outgoing("chat.postMessage", {"text": "for bob, after q"}, channel=bob)]
    third = [Outgoing("chat.postMessage", {"text": "for chandra"}, channel=carol)]
    await store.enqueue(team_id=team, messages=second)
    await store.enqueue(team_id=team, messages=third)
    sender.wake()
    for _ in range(50):  # chandra's goes out while bob's first is still held...
        if fake.messages(carol):
            break
        await asyncio.sleep(0.02)
    assert [m["text"] for m in fake.messages(carol)] == ["for chandra"]
    # ...and bob's second waits for the answer to his first (Slack has it): the order holds.
    assert [m["text"] for m in fake.messages(bob)] == ["q"]
    hold.release()
    assert await draining == 3
    assert [m["text"] for m in fake.messages(bob)] == ["q", "for bob, after q"]
    assert await _slack_ts(store, first) == fake.messages(bob)[0]["ts"]
