"""The Slack side of storage: the inbox of incoming events and the outbox of outgoing calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage import messaging
from storage.base import StoreBase
from storage.errors import NotFound
from storage.models import Answer, InboxEvent, OutboxMessage, Person, utcnow
from storage.records import InboxRecord, OutboxRecord, Outgoing


class SlackStore(StoreBase):
    """Inbox, outbox and DM channels; mixed into storage.api.Storage."""

    async def record_event(
        self, *, slack_team_id: str, event_id: str, kind: str, payload: dict[str, Any]
    ) -> int | None:
        """Store an incoming event before it is acked; None for a retry of a stored one."""
        return await self._run(
            lambda s: messaging.record_event(
                s, slack_team_id=slack_team_id, event_id=event_id, kind=kind, payload=payload
            )
        )

    async def get_event(self, inbox_id: int) -> InboxRecord:
        """One stored event; NotFound if absent."""

        def work(session: Session) -> InboxRecord:
            row = session.get(InboxEvent, inbox_id)
            if row is None:
                raise NotFound(f"event {inbox_id} does not exist")
            return messaging.inbox(row)

        return await self._run(work)

    async def pending_events(
        self, *, limit: int = 500, older_than: timedelta | None = None
    ) -> list[InboxRecord]:
        """Events stored but not handled yet (a crash came between ack and handling);
        `older_than` leaves alone the ones a listener may be handling right now."""

        def work(session: Session) -> list[InboxRecord]:
            query = select(InboxEvent).where(InboxEvent.status == "pending")
            if older_than is not None:
                query = query.where(col(InboxEvent.received_at) < utcnow() - older_than)
            rows = session.exec(query.order_by(col(InboxEvent.id)).limit(limit)).all()
            return [messaging.inbox(r) for r in rows]

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
            messaging.take_event(session, inbox_id, status)
            if outbox:
                assert team_id is not None, "outgoing messages need a team"
                messaging.enqueue(session, team_id=team_id, interview_id=None, messages=outbox)

        await self._run(work)

    async def enqueue(
        self, *, team_id: int, messages: Sequence[Outgoing], interview_id: int | None = None
    ) -> list[int]:
        """Queue messages that belong to no interview step (ephemeral replies, App Home)."""
        return await self._run(
            lambda s: messaging.enqueue(
                s, team_id=team_id, interview_id=interview_id, messages=messages
            )
        )

    async def claim_outbox(
        self, *, limit: int = 20, sent: Sequence[tuple[int, str | None]] = ()
    ) -> list[OutboxRecord]:
        """Claim messages to send now, at most one per conversation; `sent` (id, ts) pairs of
        the previous batch are recorded first, in the same transaction."""

        def work(session: Session) -> list[OutboxRecord]:
            messaging.mark_sent(session, sent)
            return messaging.claim(session, now=utcnow(), limit=limit)

        return await self._run(work)

    async def mark_sent(self, outbox_id: int, *, slack_ts: str | None) -> None:
        """Record a sent message."""
        await self.mark_all_sent([(outbox_id, slack_ts)])

    async def mark_all_sent(self, sent: Sequence[tuple[int, str | None]]) -> None:
        """Record several sent messages in one transaction."""
        if sent:
            await self._run(lambda s: messaging.mark_sent(s, sent))

    async def mark_failed(self, outbox_id: int, *, error: str, retry_at: datetime | None) -> None:
        """Give a message back for a later try, or fail it for good."""
        await self._run(
            lambda s: messaging.mark_failed(s, outbox_id, error=error, retry_at=retry_at)
        )

    async def outbox_status(self) -> Mapping[str, int]:
        """How many outbox rows are in each status."""

        def work(session: Session) -> dict[str, int]:
            rows = session.execute(
                sa.select(col(OutboxMessage.status), sa.func.count()).group_by(OutboxMessage.status)
            ).all()
            return {str(status): int(count) for status, count in rows}

        return await self._run(work)

    async def dm_channel(self, *, team_id: int, slack_user_id: str) -> str | None:
        """The DM channel remembered for a user, if any."""

        def work(session: Session) -> str | None:
            person = session.exec(
                select(Person).where(
                    Person.team_id == team_id, Person.slack_user_id == slack_user_id
                )
            ).first()
            return None if person is None else person.dm_channel

        return await self._run(work)

    async def remember_dm_channel(self, *, team_id: int, slack_user_id: str, channel: str) -> None:
        """Remember a user's DM channel so conversations.open is called once per person."""

        def work(session: Session) -> None:
            session.execute(
                sa.update(Person)
                .where(col(Person.team_id) == team_id, col(Person.slack_user_id) == slack_user_id)
                .values(dm_channel=channel)
            )

        await self._run(work)

    async def answer_by_ts(
        self, *, interview_ids: Sequence[int], ts: str
    ) -> tuple[int, str] | None:
        """The (interview id, question key) of the answer given in the Slack message `ts`."""

        def work(session: Session) -> tuple[int, str] | None:
            row = session.exec(
                select(Answer).where(
                    col(Answer.interview_id).in_(interview_ids), Answer.source_ts == ts
                )
            ).first()
            return None if row is None else (row.interview_id, row.question_key)

        return await self._run(work)
