"""Session-level inbox and outbox work: store events before acking, send messages after commit.

The outbox is claimed row by row with a conditional update (the row that changes wins), so
any number of bot processes can drain it and each message is sent once, in id order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.errors import AlreadyHandled
from storage.models import InboxEvent, OutboxMessage, utcnow
from storage.records import InboxRecord, OutboxRecord, Outgoing

LEASE = timedelta(seconds=60)
OPEN_EVENT_STATUSES = ("pending", "awaiting_choice")
MAX_ATTEMPTS = 8


def record_event(
    session: Session, *, slack_team_id: str, event_id: str, kind: str, payload: dict[str, object]
) -> int | None:
    """Store an event under its unique key; None when it was stored before (a retry)."""
    values = {
        "slack_team_id": slack_team_id,
        "event_id": event_id,
        "kind": kind,
        "payload": payload,
        "status": "pending",
        "received_at": utcnow(),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(InboxEvent)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["slack_team_id", "event_id"])
        .returning(col(InboxEvent.id))
    )
    row = session.execute(statement).first()
    return None if row is None else int(row[0])


def claim_event(session: Session, inbox_id: int) -> None:
    """Lock an event for handling; AlreadyHandled when another handler finished it first."""
    row = session.exec(
        select(InboxEvent).where(col(InboxEvent.id) == inbox_id).with_for_update()
    ).first()
    if row is None or row.status not in OPEN_EVENT_STATUSES:
        raise AlreadyHandled(f"event {inbox_id} was handled already")


def complete_event(session: Session, inbox_id: int | None, status: str = "done") -> None:
    """Mark an event handled (in the caller's transaction)."""
    if inbox_id is None:
        return
    session.execute(
        sa.update(InboxEvent)
        .where(col(InboxEvent.id) == inbox_id)
        .values(status=status, processed_at=utcnow())
    )


def inbox(row: InboxEvent) -> InboxRecord:
    """The plain record of an inbox row."""
    assert row.id is not None
    return InboxRecord(row.id, row.slack_team_id, row.event_id, row.kind, row.payload, row.status)


def enqueue(
    session: Session, *, team_id: int, interview_id: int | None, messages: Sequence[Outgoing]
) -> list[int]:
    """Add messages to the outbox; returns their ids in order."""
    ids: list[int] = []
    for message in messages:
        reply_to = message.reply_to
        if message.thread_of is not None:
            reply_to = ids[message.thread_of]  # a thread reply to a message of this batch
        row = OutboxMessage(
            team_id=team_id,
            interview_id=interview_id,
            method=message.method,
            user_id=message.user_id,
            channel=message.channel,
            payload=message.payload,
            reply_to=reply_to,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        ids.append(row.id)
    return ids


def claim(session: Session, *, now: datetime, limit: int) -> list[OutboxRecord]:
    """Claim up to `limit` sendable rows, oldest first; a row another process holds is skipped."""
    # Every unsent row, so a conversation with a message in flight is seen as busy.
    candidates = session.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.status).in_(("pending", "sending")))
        .order_by(col(OutboxMessage.id))
    ).all()
    claimed: list[OutboxRecord] = []
    blocked: set[str | None] = set()  # conversations whose earlier message must go first
    for row in candidates:
        if len(claimed) >= limit:
            break
        conversation = row.channel or row.user_id
        if conversation in blocked:
            continue
        status, attempts = row.status, row.attempts  # read before the update refreshes them
        leased = row.lease_until is not None and row.lease_until > now
        if leased:
            blocked.add(conversation)  # in flight elsewhere, or backing off after a failure
            continue
        reply_ts = None
        if row.reply_to is not None:
            parent = session.get(OutboxMessage, row.reply_to)
            if parent is not None and parent.status in ("pending", "sending"):
                blocked.add(conversation)
                continue
            reply_ts = parent.slack_ts if parent is not None else None
        won = session.execute(
            sa.update(OutboxMessage)
            .where(col(OutboxMessage.id) == row.id, col(OutboxMessage.status) == status)
            .where(col(OutboxMessage.attempts) == attempts)
            .values(status="sending", lease_until=now + LEASE, attempts=attempts + 1)
        )
        if won.rowcount != 1:  # type: ignore[attr-defined]
            blocked.add(conversation)  # another process has it
            continue
        assert row.id is not None
        blocked.add(conversation)  # one at a time per conversation keeps the order
        claimed.append(
            OutboxRecord(
                id=row.id,
                team_id=row.team_id,
                interview_id=row.interview_id,
                method=row.method,
                payload=row.payload,
                user_id=row.user_id,
                channel=row.channel,
                reply_to_ts=reply_ts,
                attempts=attempts + 1,
            )
        )
    return claimed


def mark_sent(session: Session, outbox_id: int, slack_ts: str | None) -> None:
    """Record that a message went out (and its ts, for later updates)."""
    session.execute(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id) == outbox_id)
        .values(status="sent", slack_ts=slack_ts, sent_at=utcnow(), lease_until=None)
    )


def mark_failed(session: Session, outbox_id: int, *, error: str, retry_at: datetime | None) -> None:
    """Give a row back for a later try, or fail it for good when `retry_at` is None."""
    values: dict[str, object] = {"last_error": error[:500], "lease_until": retry_at}
    values["status"] = "pending" if retry_at is not None else "failed"
    session.execute(
        sa.update(OutboxMessage).where(col(OutboxMessage.id) == outbox_id).values(**values)
    )
