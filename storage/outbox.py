"""Inbox and outbox: store events before acking, queue messages in a step's transaction, send
them after commit. The one `enqueue` lives here.

The outbox is claimed row by row with a conditional update (the row that changes wins), so
any number of bot processes can drain it and each message is sent once, in id order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.base import B, StoreBase, bound
from storage.errors import AlreadyHandled, NotFound
from storage.models import InboxEvent, OutboxMessage
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
    session: Session,
    *,
    slack_team_id: str,
    event_id: str,
    kind: str,
    payload: dict[str, object],
    now: datetime,
) -> int | None:
    """Store an event under its unique key; None when it was stored before (a retry)."""
    params = {
        "p_team": slack_team_id,
        "p_event": event_id,
        "p_kind": kind,
        "p_payload": payload,
        "p_now": now,
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


def take_event(
    session: Session, inbox_id: int | None, status: str = "done", *, now: datetime
) -> None:
    """Mark an open event handled in the caller's transaction (which may still roll back);
    AlreadyHandled when another handler or replica finished it first. The conditional update
    also takes the row lock, so two handlers of one event are applied one after the other."""
    if inbox_id is None:
        return
    params = {"p_id": inbox_id, "p_status": status, "p_now": now}
    if session.connection().execute(_TAKE_EVENT, params).rowcount != 1:
        raise AlreadyHandled(f"event {inbox_id} was handled already")


def inbox(row: InboxEvent) -> InboxRecord:
    """The plain record of an inbox row."""
    assert row.id is not None
    return InboxRecord(row.id, row.slack_team_id, row.event_id, row.kind, row.payload, row.status)


_OUT = OutboxMessage.__table__  # type: ignore[attr-defined]
_ENQUEUE = (
    sa.insert(_OUT)
    .values(
        team_id=B("team"),
        interview_id=B("iid"),
        method=B("method"),
        user_id=B("user"),
        channel=B("channel"),
        payload=B("payload", type_=_OUT.c.payload.type),
        reply_to=B("reply_to"),
        status="pending",
        attempts=0,
        created_at=B("now", type_=_OUT.c.created_at.type),
    )
    .returning(_OUT.c.id)
)


def enqueue(
    session: Session,
    *,
    team_id: int,
    interview_id: int | None,
    messages: Sequence[Outgoing],
    now: datetime,
) -> list[int]:
    """Add messages to the outbox in order; returns their ids."""
    ids: list[int] = []
    for message in messages:
        reply_to = message.reply_to
        if message.thread_of is not None:
            reply_to = ids[message.thread_of]  # a thread reply to a message of this batch
        params = {
            "team": team_id,
            "iid": interview_id,
            "method": message.method,
            "user": message.user_id,
            "channel": message.channel,
            "payload": message.payload,
            "reply_to": reply_to,
            "now": now,
        }
        ids.append(int(session.connection().execute(_ENQUEUE, bound(params)).scalar_one()))
    return ids


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


def mark_sent(session: Session, sent: Sequence[tuple[int, str | None]], *, now: datetime) -> None:
    """Record sent messages (and their ts, for later updates and thread replies)."""
    if not sent:
        return
    connection = session.connection()
    for outbox_id, slack_ts in sent:
        connection.execute(_SENT, {"p_id": outbox_id, "p_ts": slack_ts, "p_now": now})


def mark_failed(session: Session, outbox_id: int, *, error: str, retry_at: datetime | None) -> None:
    """Give a row back for a later try, or fail it for good when `retry_at` is None."""
    values: dict[str, object] = {"last_error": error[:500], "lease_until": retry_at}
    values["status"] = "pending" if retry_at is not None else "failed"
    session.execute(
        sa.update(OutboxMessage).where(col(OutboxMessage.id) == outbox_id).values(**values)
    )


class OutboxStore(StoreBase):
    """The inbox of incoming events and the outbox of outgoing calls; mixed into Storage."""

    async def record_event(
        self, *, slack_team_id: str, event_id: str, kind: str, payload: dict[str, Any]
    ) -> int | None:
        """Store an incoming event before it is acked; None for a retry of a stored one."""
        return await self._run(
            lambda s: record_event(
                s,
                slack_team_id=slack_team_id,
                event_id=event_id,
                kind=kind,
                payload=payload,
                now=self.now(),
            )
        )

    async def get_event(self, inbox_id: int) -> InboxRecord:
        """One stored event; NotFound if absent."""

        def work(session: Session) -> InboxRecord:
            row = session.get(InboxEvent, inbox_id)
            if row is None:
                raise NotFound(f"event {inbox_id} does not exist")
            return inbox(row)

        return await self._run(work)

    async def pending_events(
        self, *, limit: int = 500, older_than: timedelta | None = None
    ) -> list[InboxRecord]:
        """Events stored but not handled yet (a crash came between ack and handling);
        `older_than` leaves alone the ones a listener may be handling right now."""

        def work(session: Session) -> list[InboxRecord]:
            query = select(InboxEvent).where(InboxEvent.status == "pending")
            if older_than is not None:
                query = query.where(col(InboxEvent.received_at) < self.now() - older_than)
            rows = session.exec(query.order_by(col(InboxEvent.id)).limit(limit)).all()
            return [inbox(r) for r in rows]

        return await self._run(work)

    async def complete_event(
        self,
        inbox_id: int | None,
        *,
        status: str = "done",
        team_id: int | None = None,
        outbox: Sequence[Outgoing] = (),
    ) -> None:
        """Mark an event handled and queue the replies it needs, in one transaction."""

        def work(session: Session) -> None:
            now = self.now()
            take_event(session, inbox_id, status, now=now)
            if outbox:
                assert team_id is not None, "outgoing messages need a team"
                enqueue(session, team_id=team_id, interview_id=None, messages=outbox, now=now)

        await self._run(work)

    async def enqueue(
        self, *, team_id: int, messages: Sequence[Outgoing], interview_id: int | None = None
    ) -> list[int]:
        """Queue messages that belong to no interview step (ephemeral replies, App Home)."""
        return await self._run(
            lambda s: enqueue(
                s, team_id=team_id, interview_id=interview_id, messages=messages, now=self.now()
            )
        )

    async def claim_outbox(
        self, *, limit: int = 20, sent: Sequence[tuple[int, str | None]] = ()
    ) -> list[OutboxRecord]:
        """Claim messages to send now, at most one per conversation; `sent` (id, ts) pairs of
        the previous batch are recorded first, in the same transaction."""

        def work(session: Session) -> list[OutboxRecord]:
            now = self.now()
            mark_sent(session, sent, now=now)
            return claim(session, now=now, limit=limit)

        return await self._run(work)

    async def mark_sent(self, outbox_id: int, *, slack_ts: str | None) -> None:
        """Record a sent message."""
        await self.mark_all_sent([(outbox_id, slack_ts)])

    async def mark_all_sent(self, sent: Sequence[tuple[int, str | None]]) -> None:
        """Record several sent messages in one transaction."""
        if sent:
            await self._run(lambda s: mark_sent(s, sent, now=self.now()))

    async def mark_failed(self, outbox_id: int, *, error: str, retry_at: datetime | None) -> None:
        """Give a message back for a later try, or fail it for good."""
        await self._run(lambda s: mark_failed(s, outbox_id, error=error, retry_at=retry_at))

    async def outbox_status(self) -> Mapping[str, int]:
        """How many outbox rows are in each status."""

        def work(session: Session) -> dict[str, int]:
            rows = session.execute(
                sa.select(col(OutboxMessage.status), sa.func.count()).group_by(OutboxMessage.status)
            ).all()
            return {str(status): int(count) for status, count in rows}

        return await self._run(work)
