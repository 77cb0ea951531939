"""Shipped means asked: once a candidate ships, one question per pain point it carries to the
stakeholder who raised it; the answer is kept with the pain point, and a "no" marks the pain
point as still holding, for its facilitator to pick up again."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.confidential import linked_to
from storage.errors import NotFound
from storage.jobs import schedule
from storage.metric_records import ShipAskRow
from storage.models import Interview, PainPoint, Person, RoadmapEvidence, ShipFeedback
from storage.records import JobSpec

NO = "no"


class ShipStore(StoreBase):
    """Questions after shipping and their answers; mixed into storage.api.Storage."""

    async def ask_shipped(
        self,
        *,
        team_id: int,
        candidate_id: int,
        jobs: Callable[[Sequence[ShipAskRow]], Sequence[JobSpec]],
    ) -> list[ShipAskRow]:
        """One question per pain point of the candidate whose stakeholder is on Slack (and per
        confidential pain point linked to it), each
        made once (a repeat or another process adds nothing), with the jobs that send them, in
        one transaction; the questions made now."""

        def work(session: Session) -> list[ShipAskRow]:
            now = self.now()
            points = list(
                session.execute(
                    sa.select(col(PainPoint.id), col(Person.slack_user_id))
                    .join(RoadmapEvidence, col(RoadmapEvidence.pain_point_id) == col(PainPoint.id))
                    .join(Interview, col(Interview.id) == col(PainPoint.interview_id))
                    .join(Person, col(Person.id) == col(Interview.stakeholder_id))
                    .where(
                        col(RoadmapEvidence.candidate_id) == candidate_id,
                        col(PainPoint.team_id) == team_id,
                        col(Person.slack_user_id).is_not(None),
                    )
                    .order_by(col(PainPoint.id))
                ).all()
            )
            # Confidential pain points their stakeholders said are this candidate: asked the
            # same way (their answers only ever show as counts).
            linked = sorted(linked_to(session, team_id).get(candidate_id, ()))
            if linked:
                points += session.execute(
                    sa.select(col(PainPoint.id), col(Person.slack_user_id))
                    .join(Interview, col(Interview.id) == col(PainPoint.interview_id))
                    .join(Person, col(Person.id) == col(Interview.stakeholder_id))
                    .where(col(PainPoint.id).in_(linked), col(Person.slack_user_id).is_not(None))
                    .order_by(col(PainPoint.id))
                ).all()
            asked = set(
                session.exec(
                    select(ShipFeedback.pain_point_id).where(
                        ShipFeedback.candidate_id == candidate_id
                    )
                ).all()
            )
            made = []
            for point_id, slack_id in points:
                if point_id in asked:
                    continue
                row = ShipFeedback(
                    team_id=team_id,
                    candidate_id=candidate_id,
                    pain_point_id=point_id,
                    stakeholder=slack_id,
                    created_at=now,
                )
                session.add(row)
                made.append(row)
            session.flush()
            rows = [_ask(session, r) for r in made]
            if rows:
                schedule(session, team_id=team_id, jobs=jobs(rows), now=now)
            return rows

        return await self._run(work)

    async def get_ship_ask(self, ask_id: int, *, team_id: int) -> ShipAskRow:
        """One question; NotFound if absent or in another team."""

        def work(session: Session) -> ShipAskRow:
            row = session.get(ShipFeedback, ask_id)
            if row is None or row.team_id != team_id:
                raise NotFound(f"question #{ask_id} does not exist")
            return _ask(session, row)

        return await self._run(work)

    async def answer_ship_ask(self, ask_id: int, *, team_id: int, answer: str) -> ShipAskRow:
        """Record the stakeholder's answer (a later click replaces it); a "no" marks the pain
        point as still holding."""

        def work(session: Session) -> ShipAskRow:
            row = session.exec(
                select(ShipFeedback)
                .where(ShipFeedback.id == ask_id, ShipFeedback.team_id == team_id)
                .with_for_update()
            ).first()
            if row is None:
                raise NotFound(f"question #{ask_id} does not exist")
            now = self.now()
            row.answer, row.answered_at = answer, now
            session.add(row)
            if answer == NO:
                point = session.get(PainPoint, row.pain_point_id)
                if point is not None:
                    point.still_holds, point.checked_at = True, now
                    session.add(point)
            session.flush()
            return _ask(session, row)

        return await self._run(work)

    async def ship_answers(self, *, team_id: int) -> dict[int, list[str | None]]:
        """Per candidate, the answer to each question asked (None: not answered yet)."""

        def work(session: Session) -> dict[int, list[str | None]]:
            found: dict[int, list[str | None]] = {}
            for cid, answer in session.execute(
                sa.select(col(ShipFeedback.candidate_id), col(ShipFeedback.answer))
                .where(col(ShipFeedback.team_id) == team_id)
                .order_by(col(ShipFeedback.id))
            ).all():
                found.setdefault(int(cid), []).append(answer)
            return found

        return await self._run(work)


def _ask(session: Session, row: ShipFeedback) -> ShipAskRow:
    point = session.get(PainPoint, row.pain_point_id)
    assert point is not None and row.id is not None
    interview = session.get(Interview, point.interview_id)
    assert interview is not None
    stakeholder = session.get(Person, interview.stakeholder_id)
    facilitator = session.get(Person, interview.facilitator_id)
    return ShipAskRow(
        id=row.id,
        team_id=row.team_id,
        candidate_id=row.candidate_id,
        pain_point_id=row.pain_point_id,
        stakeholder=row.stakeholder,
        stakeholder_tz=stakeholder.tz if stakeholder else None,
        facilitator=facilitator.slack_user_id if facilitator else None,
        problem=point.problem,
        quote=point.evidence,
        answer=row.answer,
    )
