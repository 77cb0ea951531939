"""Session-level inbox and outbox work: store events before acking, send messages after commit.

The outbox is claimed row by row with a conditional update (the row that changes wins), so
any number of bot processes can drain it and each message is sent once, in id order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from storage import steps
from storage.errors import AlreadyHandled
from storage.models import InboxEvent, OutboxMessage, utcnow
from storage.records import InboxRecord, OutboxRecord, Outgoing

LEASE = timedelta(seconds=60)
OPEN_EVENT_STATUSES = ("pending", "awaiting_choice")
MAX_ATTEMPTS = 8


def _record_statement(insert: Any) -> Any:
    table = InboxEvent.__table__  # type: ignore[attr-defined]
    return (
        insert(table)
        .values(
            slack_team_id=sa.bindparam("p_team"),
            event_id=sa.bindparam("p_event"),
            kind=sa.bindparam("p_kind"),
            payload=sa.bindparam("p_payload", type_=table.c.payload.type),
            status="pending",
            received_at=sa.bindparam("p_now", type_=table.c.received_at.type),
        )
        .on_conflict_do_nothing(index_elements=["slack_team_id", "event_id"])
        .returning(table.c.id)
    )


# Built once per dialect: every incoming DM goes through this before it is acked.
_RECORD = {
    "postgresql": _record_statement(postgresql.insert),
    "sqlite": _record_statement(sqlite.insert),
}


def record_event(
    session: Session, *, slack_team_id: str, event_id: str, kind: str, payload: dict[str, object]
) -> int | None:
    """Store an event under its unique key; None when it was stored before (a retry)."""
    params = {
        "p_team": slack_team_id,
        "p_event": event_id,
        "p_kind": kind,
        "p_payload": payload,
        "p_now": utcnow(),
    }
    connection = session.connection()
    row = connection.execute(_RECORD[connection.dialect.name], params).first()
    return None if row is None else int(row[0])


_EVENTS = InboxEvent.__table__  # type: ignore[attr-defined]
_TAKE_EVENT = (
    sa.update(_EVENTS)
    .where(_EVENTS.c.id == sa.bindparam("p_id"), _EVENTS.c.status.in_(OPEN_EVENT_STATUSES))
    .values(
        status=sa.bindparam("p_status"),
        processed_at=sa.bindparam("p_now", type_=_EVENTS.c.processed_at.type),
    )
)


def take_event(session: Session, inbox_id: int | None, status: str = "done") -> None:
    """Mark an open event handled in the caller's transaction (which may still roll back);
    AlreadyHandled when another handler or replica finished it first. The conditional update
    also takes the row lock, so two handlers of one event are applied one after the other."""
    if inbox_id is None:
        return
    params = {"p_id": inbox_id, "p_status": status, "p_now": utcnow()}
    if session.connection().execute(_TAKE_EVENT, params).rowcount != 1:
        raise AlreadyHandled(f"event {inbox_id} was handled already")


def inbox(row: InboxEvent) -> InboxRecord:
    """The plain record of an inbox row."""
    assert row.id is not None
    return InboxRecord(row.id, row.slack_team_id, row.event_id, row.kind, row.payload, row.status)


def enqueue(
    session: Session, *, team_id: int, interview_id: int | None, messages: Sequence[Outgoing]
) -> list[int]:
    """Add messages to the outbox; returns their ids in order."""
    return steps.enqueue(
        session, team_id=team_id, interview_id=interview_id, messages=messages, now=utcnow()
    )


_OUT = OutboxMessage.__table__  # type: ignore[attr-defined]
_UNSENT = (
    sa.select(
        _OUT.c.id,
        _OUT.c.team_id,
        _OUT.c.interview_id,
        _OUT.c.method,
        _OUT.c.payload,
        _OUT.c.user_id,
        _OUT.c.channel,
        _OUT.c.reply_to,
        _OUT.c.status,
        _OUT.c.attempts,
        _OUT.c.lease_until,
    )
    .where(_OUT.c.status.in_(("pending", "sending")))
    .order_by(_OUT.c.id)
)
_PARENTS = sa.select(_OUT.c.id, _OUT.c.status, _OUT.c.slack_ts).where(
    _OUT.c.id.in_(sa.bindparam("p_ids", expanding=True))
)
_TAKE = (
    sa.update(_OUT)
    .where(
        _OUT.c.id == sa.bindparam("p_id"),
        _OUT.c.status == sa.bindparam("p_status"),
        _OUT.c.attempts == sa.bindparam("p_attempts"),
    )
    .values(
        status="sending",
        lease_until=sa.bindparam("p_lease", type_=_OUT.c.lease_until.type),
        attempts=sa.bindparam("p_next"),
    )
)
_SENT = (
    sa.update(_OUT)
    .where(_OUT.c.id == sa.bindparam("p_id"))
    .values(
        status="sent",
        slack_ts=sa.bindparam("p_ts"),
        sent_at=sa.bindparam("p_now", type_=_OUT.c.sent_at.type),
        lease_until=None,
    )
)


def claim(session: Session, *, now: datetime, limit: int) -> list[OutboxRecord]:
    """Claim up to `limit` sendable rows, oldest first, at most one per conversation (so order
    holds); a row in flight elsewhere, or backing off, holds back its conversation."""
    # Every unsent row, so a conversation with a message in flight is seen as busy.
    connection = session.connection()
    candidates = connection.execute(_UNSENT).all()
    parents = {r.reply_to for r in candidates if r.reply_to is not None}
    parent_rows = {
        p.id: p for p in (connection.execute(_PARENTS, {"p_ids": list(parents)}) if parents else [])
    }
    claimed: list[OutboxRecord] = []
    blocked: set[str | None] = set()  # conversations whose earlier message must go first
    for row in candidates:
        if len(claimed) >= limit:
            break
        conversation = row.channel or row.user_id
        if conversation in blocked:
            continue
        if row.lease_until is not None and row.lease_until > now:
            blocked.add(conversation)  # in flight elsewhere, or backing off after a failure
            continue
        reply_ts = None
        if row.reply_to is not None:
            parent = parent_rows.get(row.reply_to)
            if parent is not None and parent.status in ("pending", "sending"):
                blocked.add(conversation)
                continue
            reply_ts = parent.slack_ts if parent is not None else None
        params = {
            "p_id": row.id,
            "p_status": row.status,
            "p_attempts": row.attempts,
            "p_lease": now + LEASE,
            "p_next": row.attempts + 1,
        }
        blocked.add(conversation)  # one at a time per conversation keeps the order
        if connection.execute(_TAKE, params).rowcount != 1:
            continue  # another process has it
        claimed.append(
            OutboxRecord(
                id=row.id,
                team_id=row.team_id,
                interview_id=row.interview_id,
                method=row.method,
                payload=dict(row.payload),
                user_id=row.user_id,
                channel=row.channel,
                reply_to_ts=reply_ts,
                attempts=row.attempts + 1,
            )
        )
    return claimed


def mark_sent(session: Session, sent: Sequence[tuple[int, str | None]]) -> None:
    """Record sent messages (and their ts, for later updates and thread replies)."""
    if not sent:
        return
    now, connection = utcnow(), session.connection()
    for outbox_id, slack_ts in sent:
        connection.execute(_SENT, {"p_id": outbox_id, "p_ts": slack_ts, "p_now": now})


def mark_failed(session: Session, outbox_id: int, *, error: str, retry_at: datetime | None) -> None:
    """Give a row back for a later try, or fail it for good when `retry_at` is None."""
    values: dict[str, object] = {"last_error": error[:500], "lease_until": retry_at}
    values["status"] = "pending" if retry_at is not None else "failed"
    session.execute(
        sa.update(OutboxMessage).where(col(OutboxMessage.id) == outbox_id).values(**values)
    )
