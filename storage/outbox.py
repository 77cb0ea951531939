"""The outbox: queue messages in a step's transaction, send them after commit. The one
`enqueue` lives here.

The outbox is claimed row by row with a conditional update (the row that changes wins), so
any number of bot processes can drain it and each message is sent once, in id order. A claim
names its worker and holds a short lease the sender renews while the call is in flight; a
process that starts releases the claims of the dead worker it replaces, and a row whose earlier
try may have reached Slack comes back with `verify` set, so the sender looks before it posts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.base import B, StoreBase, bound
from storage.inbox import take_event
from storage.models import OutboxMessage
from storage.prepared import Db, Prepared, connection_of, one_of
from storage.records import OutboxRecord, Outgoing

LEASE = timedelta(seconds=10)  # renewed every LEASE / 3 while a send is in flight
MAX_ATTEMPTS = 8


_OUT = OutboxMessage.__table__  # type: ignore[attr-defined]
_ENQUEUE = Prepared(
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
    session: Db,
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
        ids.append(int(_ENQUEUE.first(session, bound(params))[0]))
    return ids


_UNSENT = Prepared(
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
        _OUT.c.maybe_sent,
    )
    .where(one_of(_OUT.c.status, ("pending", "sending")))
    .order_by(_OUT.c.id)
)
_PARENTS = sa.select(_OUT.c.id, _OUT.c.status, _OUT.c.slack_ts).where(
    _OUT.c.id.in_(sa.bindparam("p_ids", expanding=True))
)
_TAKE = Prepared(
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
        claimed_by=sa.bindparam("p_worker"),
    )
)
_RENEW = (
    sa.update(_OUT)
    .where(
        _OUT.c.id.in_(sa.bindparam("p_ids", expanding=True)),
        _OUT.c.status == "sending",
        _OUT.c.claimed_by == sa.bindparam("p_worker"),
    )
    .values(lease_until=sa.bindparam("p_lease", type_=_OUT.c.lease_until.type))
)
_HOLDERS = sa.select(_OUT.c.claimed_by).where(_OUT.c.status == "sending").distinct()
_RELEASE = (
    sa.update(_OUT)
    .where(_OUT.c.status == "sending", _OUT.c.claimed_by == sa.bindparam("p_worker"))
    .values(status="pending", lease_until=None, claimed_by=None, maybe_sent=True)
)
_SENT = Prepared(
    sa.update(_OUT)
    .where(_OUT.c.id == sa.bindparam("p_id"))
    .values(
        status="sent",
        slack_ts=sa.bindparam("p_ts"),
        sent_at=sa.bindparam("p_now", type_=_OUT.c.sent_at.type),
        lease_until=None,
        claimed_by=None,
        maybe_sent=False,
    )
)


def claim(
    session: Db, *, now: datetime, limit: int, worker: str | None = None
) -> list[OutboxRecord]:
    """Claim up to `limit` sendable rows for `worker`, oldest first, at most one per
    conversation (so order holds); a row in flight elsewhere, or backing off, holds back its
    conversation. A row taken over from a lapsed claim, or marked `maybe_sent`, comes with
    `verify`: its earlier try may have reached Slack."""
    # Every unsent row, so a conversation with a message in flight is seen as busy.
    connection = connection_of(session)
    candidates = _UNSENT.all(session)
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
            "p_worker": worker,
        }
        blocked.add(conversation)  # one at a time per conversation keeps the order
        if _TAKE.run(session, params) != 1:
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
                verify=bool(row.maybe_sent) or row.status == "sending",
            )
        )
    return claimed


def renew(session: Session, ids: Sequence[int], *, worker: str, until: datetime) -> int:
    """Extend `worker`'s leases on rows it is still sending; returns how many it holds."""
    if not ids:
        return 0
    params = {"p_ids": list(ids), "p_worker": worker, "p_lease": until}
    return int(session.connection().execute(_RENEW, params).rowcount)


def release(session: Session, *, gone: Callable[[str], bool]) -> int:
    """Give back every claim whose worker `gone` says is dead, marked `maybe_sent`; returns
    how many rows were released."""
    connection = session.connection()
    holders = [w for (w,) in connection.execute(_HOLDERS) if w is not None and gone(w)]
    return sum(int(connection.execute(_RELEASE, {"p_worker": w}).rowcount) for w in holders)


def mark_sent(session: Db, sent: Sequence[tuple[int, str | None]], *, now: datetime) -> None:
    """Record sent messages (and their ts, for later updates and thread replies)."""
    if not sent:
        return
    for outbox_id, slack_ts in sent:
        _SENT.run(session, {"p_id": outbox_id, "p_ts": slack_ts, "p_now": now})


def mark_failed(
    session: Session,
    outbox_id: int,
    *,
    error: str,
    retry_at: datetime | None,
    maybe_sent: bool = False,
) -> None:
    """Give a row back for a later try, or fail it for good when `retry_at` is None;
    `maybe_sent` when this try may have reached Slack all the same (a lost answer)."""
    values: dict[str, object] = {
        "last_error": error[:500],
        "lease_until": retry_at,
        "claimed_by": None,
        "maybe_sent": maybe_sent,
    }
    values["status"] = "pending" if retry_at is not None else "failed"
    session.execute(
        sa.update(OutboxMessage).where(col(OutboxMessage.id) == outbox_id).values(**values)
    )


class OutboxStore(StoreBase):
    """The outbox of outgoing calls (and the end of an inbox event's handling); mixed into
    Storage."""

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
        self,
        *,
        limit: int = 20,
        sent: Sequence[tuple[int, str | None]] = (),
        worker: str | None = None,
    ) -> list[OutboxRecord]:
        """Claim messages for `worker` to send now, at most one per conversation; `sent`
        (id, ts) pairs of the previous batch are recorded first, in the same transaction."""

        def work(connection: sa.Connection) -> list[OutboxRecord]:
            now = self.now()
            mark_sent(connection, sent, now=now)
            return claim(connection, now=now, limit=limit, worker=worker)

        return await self._run_core(work)

    async def renew_outbox_claims(self, ids: Sequence[int], *, worker: str) -> int:
        """Extend `worker`'s leases on rows still in flight; returns how many it still holds."""
        if not ids:
            return 0
        return await self._run(lambda s: renew(s, ids, worker=worker, until=self.now() + LEASE))

    async def release_outbox_claims(self, *, gone: Callable[[str], bool]) -> int:
        """At start: give back the claims of dead workers (`gone(worker)`), to be looked up in
        Slack before they are posted again; returns how many rows were released."""
        return await self._run(lambda s: release(s, gone=gone))

    async def mark_sent(self, outbox_id: int, *, slack_ts: str | None) -> None:
        """Record a sent message."""
        await self.mark_all_sent([(outbox_id, slack_ts)])

    async def mark_all_sent(self, sent: Sequence[tuple[int, str | None]]) -> None:
        """Record several sent messages in one transaction."""
        if sent:
            await self._run(lambda s: mark_sent(s, sent, now=self.now()))

    async def mark_failed(
        self,
        outbox_id: int,
        *,
        error: str,
        retry_at: datetime | None,
        maybe_sent: bool = False,
    ) -> None:
        """Give a message back for a later try (to be looked up first when `maybe_sent`), or
        fail it for good."""
        await self._run(
            lambda s: mark_failed(
                s, outbox_id, error=error, retry_at=retry_at, maybe_sent=maybe_sent
            )
        )

    async def outbox_status(self) -> Mapping[str, int]:
        """How many outbox rows are in each status."""

        def work(session: Session) -> dict[str, int]:
            rows = session.execute(
                sa.select(col(OutboxMessage.status), sa.func.count()).group_by(OutboxMessage.status)
            ).all()
            return {str(status): int(count) for status, count in rows}

        return await self._run(work)
