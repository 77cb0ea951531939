"""Confidential pain points counted with a candidate: a confidential interview never reaches the
roadmap, but its stakeholder may say one of their pain points is a candidate others raised. The
link counts (a number, never a name or words) and brings the question when that candidate ships.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.errors import NotFound
from storage.models import ConfidentialLink, Interview, PainPoint, Person, RoadmapCandidate
from storage.records import InterviewStatus


class ConfidentialStore(StoreBase):
    """Links from confidential pain points to candidates; mixed into storage.api.Storage."""

    async def link_confidential(
        self, *, team_id: int, pain_point_id: int, candidate_id: int, stakeholder: str
    ) -> int:
        """The stakeholder of a finished confidential interview says its pain point is the
        candidate (a merged one's link goes to the candidate it joined); a repeat adds nothing.
        NotFound unless the pain point is theirs, confidential and in this team. How many
        confidential pain points the candidate now counts."""

        def work(session: Session) -> int:
            point = session.get(PainPoint, pain_point_id)
            interview = session.get(Interview, point.interview_id) if point else None
            person = session.get(Person, interview.stakeholder_id) if interview else None
            if (
                point is None
                or interview is None
                or point.team_id != team_id
                or not interview.confidential
                or interview.status != InterviewStatus.FINISHED
                or person is None
                or person.slack_user_id != stakeholder
            ):
                raise NotFound(f"pain point {pain_point_id} is not this person's to link")
            target = _open_candidate(session, team_id, candidate_id)
            found = session.exec(
                select(ConfidentialLink).where(
                    ConfidentialLink.pain_point_id == pain_point_id,
                    ConfidentialLink.candidate_id == target,
                )
            ).first()
            if found is None:
                session.add(
                    ConfidentialLink(
                        team_id=team_id,
                        pain_point_id=pain_point_id,
                        candidate_id=target,
                        created_at=self.now(),
                    )
                )
                session.flush()
            return confidential_counts(session, team_id).get(target, 0)

        return await self._run(work)

    async def confidential_counts(self, *, team_id: int) -> dict[int, int]:
        """Per open candidate, how many confidential pain points count with it (links to a
        candidate merged into it included)."""
        return await self._run(lambda s: confidential_counts(s, team_id))


def _open_candidate(session: Session, team_id: int, candidate_id: int) -> int:
    """The candidate, or the one it was merged into; NotFound if absent or in another team."""
    for _ in range(20):  # merges chain at most a few deep
        row = session.get(RoadmapCandidate, candidate_id)
        if row is None or row.team_id != team_id:
            raise NotFound(f"candidate #{candidate_id} does not exist")
        if row.merged_into is None:
            return candidate_id
        candidate_id = row.merged_into
    raise NotFound(f"candidate #{candidate_id} is merged too deep")


def linked_to(session: Session, team_id: int) -> dict[int, set[int]]:
    """Per open candidate, the confidential pain points that count with it."""
    rows = session.execute(
        sa.select(col(ConfidentialLink.candidate_id), col(ConfidentialLink.pain_point_id)).where(
            col(ConfidentialLink.team_id) == team_id
        )
    ).all()
    if not rows:  # most teams: no link, so no merges to follow
        return {}
    merged = dict(
        session.execute(
            sa.select(col(RoadmapCandidate.id), col(RoadmapCandidate.merged_into)).where(
                col(RoadmapCandidate.team_id) == team_id,
                col(RoadmapCandidate.merged_into).is_not(None),
            )
        ).all()
    )
    found: dict[int, set[int]] = {}
    for candidate, point in rows:
        seen = 0
        while candidate in merged and seen < 20:
            candidate, seen = merged[candidate], seen + 1
        found.setdefault(int(candidate), set()).add(int(point))
    return found


def confidential_counts(session: Session, team_id: int) -> dict[int, int]:
    """Per open candidate, the linked confidential pain points that still hurt (one whose
    stakeholder said it no longer holds stops counting, as evidence does)."""
    linked = linked_to(session, team_id)
    if not linked:
        return {}
    gone = set(
        session.execute(
            sa.select(col(PainPoint.id)).where(
                col(PainPoint.team_id) == team_id, col(PainPoint.still_holds).is_(False)
            )
        ).scalars()
    )
    counts = {cid: len(points - gone) for cid, points in linked.items()}
    return {cid: n for cid, n in counts.items() if n}
