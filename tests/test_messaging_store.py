"""Inbox and outbox storage on SQLite and PostgreSQL: retries are no-ops, claims are exclusive."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from storage import Outgoing, Storage, utcnow


async def test_an_event_is_recorded_once_per_team_and_id(storage: Storage) -> None:
    first = await storage.record_event(
        slack_team_id="T1", event_id="Ev1", kind="message", payload={"a": 1}
    )
    again = await storage.record_event(
        slack_team_id="T1", event_id="Ev1", kind="message", payload={}
    )
    other = await storage.record_event(
        slack_team_id="T2", event_id="Ev1", kind="message", payload={}
    )
    assert first is not None and again is None and other is not None
    assert [e.id for e in await storage.pending_events()] == [first, other]
    await storage.complete_event(first)
    assert [e.id for e in await storage.pending_events()] == [other]
    assert (await storage.get_event(first)).payload == {"a": 1}


async def _team(storage: Storage) -> int:
    return await storage.ensure_team(slack_team_id="T1")


async def test_outbox_sends_one_message_per_conversation_at_a_time_in_order(
    storage: Storage,
) -> None:
    team = await _team(storage)
    ids = await storage.enqueue(
        team_id=team,
        messages=[
            Outgoing("chat.postMessage", {"text": "1"}, user_id="U1"),
            Outgoing("chat.postMessage", {"text": "2"}, user_id="U1"),
            Outgoing("chat.postMessage", {"text": "x"}, user_id="U2"),
        ],
    )
    batch = await storage.claim_outbox()
    assert [m.id for m in batch] == [ids[0], ids[2]]
    assert await storage.claim_outbox() == []  # U1's second waits for its first
    await storage.mark_sent(ids[0], slack_ts="1.1")
    assert [m.id for m in await storage.claim_outbox()] == [ids[1]]


async def test_an_update_waits_for_the_message_it_updates_and_gets_its_ts(storage: Storage) -> None:
    team = await _team(storage)
    (post,) = await storage.enqueue(
        team_id=team, messages=[Outgoing("chat.postMessage", {}, channel="D1")]
    )
    (update,) = await storage.enqueue(
        team_id=team, messages=[Outgoing("chat.update", {}, channel="D1", reply_to=post)]
    )
    assert [m.id for m in await storage.claim_outbox()] == [post]
    await storage.mark_sent(post, slack_ts="123.456")
    (claimed,) = await storage.claim_outbox()
    assert (claimed.id, claimed.reply_to_ts) == (update, "123.456")


async def test_concurrent_claimers_never_get_the_same_message(db_url: str) -> None:
    stores = [await Storage.open(db_url) for _ in range(2)]
    await stores[0].upgrade()
    team = await _team(stores[0])
    await stores[0].enqueue(
        team_id=team,
        messages=[Outgoing("chat.postMessage", {"n": i}, user_id=f"U{i}") for i in range(40)],
    )
    batches = await asyncio.gather(*(s.claim_outbox(limit=40) for s in stores))
    claimed = [m.id for batch in batches for m in batch]
    assert len(claimed) == len(set(claimed)) == 40
    for store in stores:
        await store.close()


async def test_failed_message_backs_off_then_fails_for_good(storage: Storage) -> None:
    team = await _team(storage)
    (mid,) = await storage.enqueue(
        team_id=team, messages=[Outgoing("chat.postMessage", {}, user_id="U1")]
    )
    await storage.claim_outbox()
    await storage.mark_failed(mid, error="ratelimited", retry_at=utcnow() + timedelta(hours=1))
    assert await storage.claim_outbox() == []
    await storage.mark_failed(mid, error="channel_not_found", retry_at=None)
    assert (await storage.outbox_status()) == {"failed": 1}


async def test_a_claim_whose_process_died_is_taken_again_after_its_lease(storage: Storage) -> None:
    team = await _team(storage)
    (mid,) = await storage.enqueue(
        team_id=team, messages=[Outgoing("chat.postMessage", {}, user_id="U1")]
    )
    assert [m.id for m in await storage.claim_outbox()] == [mid]
    assert await storage.claim_outbox() == []
    await storage.mark_failed(mid, error="lease", retry_at=utcnow() - timedelta(seconds=1))
    (again,) = await storage.claim_outbox()
    assert again.id == mid and again.attempts == 2


async def test_dm_channel_is_remembered_per_person(storage: Storage) -> None:
    team = await _team(storage)
    await storage.ensure_person(team_id=team, slack_user_id="U5", name="Eve")
    assert await storage.dm_channel(team_id=team, slack_user_id="U5") is None
    await storage.remember_dm_channel(team_id=team, slack_user_id="U5", channel="D5")
    assert await storage.dm_channel(team_id=team, slack_user_id="U5") == "D5"
