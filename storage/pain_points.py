"""Pain points across interviews: their re-checks, and what the weekly digest needs."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import NotFound
from storage.models import Answer, Interview, PainPoint, Person
from storage.records import (
    CONFIRMATION_KEY,
    OPEN_STATUSES,
    DigestData,
    InterviewRow,
    InterviewStatus,
    PainPointRecord,
)

STALLED_AFTER = timedelta(days=7)


class PainPointStore(StoreBase):
    """Pain points across interviews and the digest's numbers; mixed into Storage."""

    async def pain_points(
        self, *, team_id: int, interview_id: int | None = None
    ) -> list[PainPointRecord]:
        """Pain points of a team (or of one interview), oldest first."""
        return await self._run(lambda s: _pain_points(s, team_id, interview_id))

    async def check_pain_point(
        self, *, pain_point_id: int, stakeholder: str, holds: bool
    ) -> PainPointRecord:
        """Record the stakeholder's answer to 'does this still hold?' (only theirs counts)."""

        def work(session: Session) -> PainPointRecord:
            row = session.get(PainPoint, pain_point_id)
            interview = session.get(Interview, row.interview_id) if row else None
            person = session.get(Person, interview.stakeholder_id) if interview else None
            if row is None or person is None or person.slack_user_id != stakeholder:
                raise NotFound(f"pain point {pain_point_id} is not this person's")
            row.still_holds, row.checked_at = holds, self.now()
            session.add(row)
            session.flush()
            return next(p for p in _pain_points(session, row.team_id, None) if p.id == row.id)

        return await self._run(work)

    async def digest_data(self, *, team_id: int, start: datetime, end: datetime) -> DigestData:
        """What happened in [start, end): completed interviews, pain points, stalls, coverage.
        Coverage leaves confidential interviews out: a department with one confidential
        interviewee would name them."""

        def work(session: Session) -> DigestData:
            fac, stake = sa.orm.aliased(Person), sa.orm.aliased(Person)
            rows = session.execute(
                sa.select(Interview, col(fac.slack_user_id), col(stake.slack_user_id))
                .join(fac, col(fac.id) == col(Interview.facilitator_id))
                .join(stake, col(stake.id) == col(Interview.stakeholder_id))
                .where(
                    col(Interview.team_id) == team_id,
                    col(Interview.status) == InterviewStatus.FINISHED,
                )
                .where(col(Interview.finished_at) >= start, col(Interview.finished_at) < end)
                .where(_RECORDED_SOMETHING)
                .order_by(col(Interview.finished_at))
            ).all()
            completed = tuple(
                InterviewRow(
                    int(i.id), i.purpose, i.mode, i.status, i.confidential, f, s, i.updated_at
                )
                for i, f, s in rows
            )
            stalled = session.execute(
                sa.select(sa.func.count())
                .select_from(Interview)
                .where(col(Interview.team_id) == team_id, col(Interview.status).in_(OPEN_STATUSES))
                .where(col(Interview.mode) != "live")
                .where(col(Interview.updated_at) < end - STALLED_AFTER)
            ).scalar_one()
            coverage = session.execute(
                sa.select(col(Person.department), sa.func.count())
                .select_from(Interview)
                .join(Person, col(Person.id) == col(Interview.stakeholder_id))
                .where(
                    col(Interview.team_id) == team_id,
                    col(Interview.status) == InterviewStatus.FINISHED,
                    col(Interview.confidential).is_(False),
                )
                .where(col(Interview.finished_at) < end)
                .where(_RECORDED_SOMETHING)
                .group_by(col(Person.department))
                .order_by(sa.func.count().desc(), col(Person.department))
            ).all()
            points = [p for p in _pain_points(session, team_id, None) if p.created_at < end]
            return DigestData(
                start=start,
                end=end,
                completed=completed,
                pain_points=tuple(points),
                stalled=int(stalled),
                coverage=tuple((str(d or ""), int(n)) for d, n in coverage),
            )

        return await self._run(work)


_RECORDED_SOMETHING = sa.exists().where(
    col(Answer.interview_id) == col(Interview.id),
    col(Answer.skipped).is_(False),
    col(Answer.question_key) != CONFIRMATION_KEY,
)
"""An interview where at least one question got an answer: one where every question was
skipped is not a completed interview in the digest."""


def _pain_points(session: Session, team_id: int, interview_id: int | None) -> list[PainPointRecord]:
    query = (
        select(PainPoint, Interview, Person)
        .join(Interview, col(Interview.id) == col(PainPoint.interview_id))
        .join(Person, col(Person.id) == col(Interview.stakeholder_id))
        .where(col(PainPoint.team_id) == team_id)
    )
    if interview_id is not None:
        query = query.where(col(PainPoint.interview_id) == interview_id)
    rows = session.exec(query.order_by(col(PainPoint.created_at), col(PainPoint.id))).all()
    return [
        PainPointRecord(
            id=int(p.id or 0),
            interview_id=p.interview_id,
            key=p.key,
            problem=p.problem,
            root_cause=p.root_cause,
            evidence=p.evidence,
            title=p.title,
            confidential=i.confidential,
            stakeholder=person.slack_user_id,
            stakeholder_person_id=int(person.id or 0),
            department=person.department,
            created_at=p.created_at,
            still_holds=p.still_holds,
        )
        for p, i, person in rows
    ]
