"""Sizing requests in storage: an engineer asked by DM, their T-shirt size stored on the
candidate; mixed into storage.api.Storage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import AlreadyHandled, NotFound, RoadmapConflict
from storage.models import SizingRequest
from storage.outbox import enqueue
from storage.records import Outgoing
from storage.roadmap_reads import MERGED, PENDING, load_candidate, lock_candidates, sizing_row
from storage.roadmap_records import CandidateRow, SizingRow

ANSWERED = "answered"
DECLINED = "declined"  # "not mine to size"


class SizingStore(StoreBase):
    """Ask an engineer to size a candidate and store their answer."""

    async def request_sizing(
        self,
        *,
        team_id: int,
        candidate_id: int,
        engineer: str,
        requested_by: str,
        outbox: Callable[[SizingRow, CandidateRow], Sequence[Outgoing]],
        note: str | None = None,
    ) -> SizingRow:
        """Ask an engineer to size a candidate, with the asker's `note` (a pending request to
        the same person is reused, so a double click asks once)."""

        def work(session: Session) -> SizingRow:
            candidate = load_candidate(session, candidate_id, team_id)
            if candidate.status == MERGED:
                raise RoadmapConflict(f"#{candidate_id} was merged into #{candidate.merged_into}")
            row = session.exec(
                select(SizingRequest).where(
                    SizingRequest.candidate_id == candidate_id,
                    SizingRequest.engineer == engineer,
                    SizingRequest.status == PENDING,
                )
            ).first()
            if row is not None:
                return sizing_row(row)
            now = self.now()
            row = SizingRequest(
                team_id=team_id,
                candidate_id=candidate_id,
                engineer=engineer,
                requested_by=requested_by,
                request_note=note,
                created_at=now,
            )
            session.add(row)
            session.flush()
            record = sizing_row(row)
            messages = outbox(record, candidate)
            enqueue(session, team_id=team_id, interview_id=None, messages=messages, now=now)
            return record

        return await self._run(work)

    async def answer_sizing(
        self,
        *,
        team_id: int,
        request_id: int,
        engineer: str,
        size: str,
        note: str | None,
        outbox: Callable[[SizingRow, CandidateRow, str | None], Sequence[Outgoing]],
        change: bool = False,
        confidence: str | None = None,
    ) -> SizingRow | None:
        """Record an engineer's size (and note) on the request and the candidate; None when the
        request is not theirs. An answered request changes only with `change` (an explicit
        "Change size"); otherwise AlreadyHandled. `outbox` also gets the size it replaced."""

        def work(session: Session) -> SizingRow | None:
            row = session.exec(
                select(SizingRequest)
                .where(SizingRequest.id == request_id, SizingRequest.team_id == team_id)
                .with_for_update()
            ).first()
            if row is None or row.engineer != engineer:
                return None
            same = (row.size, row.note, row.confidence) == (
                size,
                note or row.note,
                confidence or row.confidence,
            )
            if row.status == ANSWERED and same:
                return sizing_row(row)  # the same answer again: a double click
            if row.status != PENDING and not change:
                raise AlreadyHandled(f"sizing request {request_id} was answered {row.size}")
            before = row.size if row.status != PENDING else None
            rows = lock_candidates(session, team_id, [row.candidate_id])
            candidate = rows[row.candidate_id]
            if candidate.status == MERGED:
                raise RoadmapConflict(f"#{candidate.id} was merged into #{candidate.merged_into}")
            now = self.now()
            row.size, row.status, row.answered_at = size, ANSWERED, now
            if note is not None:
                row.note = note
            if confidence is not None:
                row.confidence = confidence
            candidate.effort, candidate.effort_note = size, row.note
            candidate.sized_by, candidate.sized_at, candidate.updated_at = engineer, now, now
            session.add_all([row, candidate])
            session.flush()
            record = sizing_row(row)
            loaded = load_candidate(session, row.candidate_id, team_id)
            messages = outbox(record, loaded, before)
            enqueue(session, team_id=team_id, interview_id=None, messages=messages, now=now)
            return record

        return await self._run(work)

    async def decline_sizing(
        self,
        *,
        team_id: int,
        request_id: int,
        engineer: str,
        outbox: Callable[[SizingRow, CandidateRow], Sequence[Outgoing]],
    ) -> SizingRow | None:
        """The engineer says the candidate is not theirs to size: the request is closed and
        `outbox` (telling whoever asked) is sent once; None when the request is not theirs,
        AlreadyHandled when it was answered."""

        def work(session: Session) -> SizingRow | None:
            row = session.exec(
                select(SizingRequest)
                .where(SizingRequest.id == request_id, SizingRequest.team_id == team_id)
                .with_for_update()
            ).first()
            if row is None or row.engineer != engineer:
                return None
            if row.status == DECLINED:
                return sizing_row(row)  # a double click: said once
            if row.status != PENDING:
                raise AlreadyHandled(f"sizing request {request_id} was answered {row.size}")
            now = self.now()
            row.status, row.answered_at = DECLINED, now
            session.add(row)
            session.flush()
            record = sizing_row(row)
            messages = outbox(record, load_candidate(session, row.candidate_id, team_id))
            enqueue(session, team_id=team_id, interview_id=None, messages=messages, now=now)
            return record

        return await self._run(work)

    async def get_sizing(self, request_id: int, *, team_id: int) -> SizingRow:
        """One sizing request; NotFound otherwise."""

        def work(session: Session) -> SizingRow:
            row = session.get(SizingRequest, request_id)
            if row is None or row.team_id != team_id:
                raise NotFound(f"sizing request {request_id} does not exist")
            return sizing_row(row)

        return await self._run(work)

    async def pending_sizing(self, *, team_id: int, engineer: str) -> list[SizingRow]:
        """Sizing requests waiting for one engineer, oldest first."""

        def work(session: Session) -> list[SizingRow]:
            rows = session.exec(
                select(SizingRequest)
                .where(
                    SizingRequest.team_id == team_id,
                    SizingRequest.engineer == engineer,
                    SizingRequest.status == PENDING,
                )
                .order_by(col(SizingRequest.id))
            ).all()
            return [sizing_row(r) for r in rows]

        return await self._run(work)
