"""The inbox: incoming events stored under their unique key before they are acked, so a
Slack retry is a no-op and a crash between ack and handling is re-driven after restart."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import AlreadyHandled, NotFound
from storage.models import InboxEvent
from storage.prepared import Db, Prepared, connection_of, one_of
from storage.records import InboxRecord

OPEN_EVENT_STATUSES = ("pending", "awaiting_choice")


def _record_statement(insert: Any) -> Any:
    table = InboxEvent.__table__  # type: ignore[attr-defined]
    return (
        insert(table)
        .values(
            slack_team_id=sa.bindparam("p_team"),
            event_id=sa.bindparam("p_event"),
            kind=sa.bindparam("p_kind"),
            payload=sa.bindparam("p_payload", type_=table.c.payload.type),
            status=sa.bindparam("p_status"),
            received_at=sa.bindparam("p_now", type_=table.c.received_at.type),
            processed_at=sa.bindparam("p_done", type_=table.c.processed_at.type),
        )
        .on_conflict_do_nothing(index_elements=["slack_team_id", "event_id"])
        .returning(table.c.id)
    )


# Built once per dialect: every incoming DM goes through this before it is acked.
_RECORD = {
    "postgresql": Prepared(_record_statement(postgresql.insert)),
    "sqlite": Prepared(_record_statement(sqlite.insert)),
}


def record_event(
    session: Db,
    *,
    slack_team_id: str,
    event_id: str,
    kind: str,
    payload: dict[str, object],
    now: datetime,
    status: str = "pending",
) -> int | None:
    """Store an event under its unique key; None when it was stored before (a retry). A
    `status` other than pending stores it handled already: its handling is in the same
    transaction (one statement instead of an insert and an update)."""
    params = {
        "p_team": slack_team_id,
        "p_event": event_id,
        "p_kind": kind,
        "p_payload": payload,
        "p_status": status,
        "p_now": now,
        "p_done": None if status in OPEN_EVENT_STATUSES else now,
    }
    row = _RECORD[connection_of(session).dialect.name].first(session, params)
    return None if row is None else int(row[0])


_EVENTS = InboxEvent.__table__  # type: ignore[attr-defined]
_TAKE_EVENT = Prepared(
    sa.update(_EVENTS)
    .where(_EVENTS.c.id == sa.bindparam("p_id"), one_of(_EVENTS.c.status, OPEN_EVENT_STATUSES))
    .values(
        status=sa.bindparam("p_status"),
        processed_at=sa.bindparam("p_now", type_=_EVENTS.c.processed_at.type),
    )
)


def take_event(session: Db, inbox_id: int | None, status: str = "done", *, now: datetime) -> None:
    """Mark an open event handled in the caller's transaction (which may still roll back);
    AlreadyHandled when another handler or replica finished it first. The conditional update
    also takes the row lock, so two handlers of one event are applied one after the other."""
    if inbox_id is None:
        return
    params = {"p_id": inbox_id, "p_status": status, "p_now": now}
    if _TAKE_EVENT.run(session, params) != 1:
        raise AlreadyHandled(f"event {inbox_id} was handled already")


def inbox(row: InboxEvent) -> InboxRecord:
    """The plain record of an inbox row."""
    assert row.id is not None
    return InboxRecord(row.id, row.slack_team_id, row.event_id, row.kind, row.payload, row.status)


class InboxStore(StoreBase):
    """The inbox of incoming events; mixed into Storage."""

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
