"""Use case: the App Home view of one person."""

from __future__ import annotations

from typing import Any

from bot.blocks.home import HomeRow, build_home
from bot.slack.metrics import home_metrics
from bot.slack.roadmap import home_section
from bot.slack.services import Services
from storage import OPEN_STATUSES, InterviewRow

HOME_LIMIT = 60


async def home_view(svc: Services, *, slack_team_id: str, user: str) -> dict[str, Any]:
    """The interviews the person runs, those waiting for their answers, and the roadmap."""
    team = await svc.team_id(slack_team_id)
    facilitating = await svc.storage.interview_rows(
        team_id=team, slack_user_id=user, role="facilitator", limit=HOME_LIMIT
    )
    waiting = await svc.storage.interview_rows(
        team_id=team,
        slack_user_id=user,
        role="stakeholder",
        statuses=OPEN_STATUSES,
        limit=HOME_LIMIT,
    )
    waiting = [r for r in waiting if r.mode != "live"]
    return build_home(
        facilitating=[_row(svc, r, r.stakeholder) for r in facilitating],
        waiting=[_row(svc, r, r.facilitator) for r in waiting],
        wording=svc.wording,
        roadmap=[
            *await home_metrics(svc, team=team, user=user),
            *await home_section(svc, team=team, user=user),
        ],
    )


def _row(svc: Services, row: InterviewRow, other: str | None) -> HomeRow:
    return HomeRow(
        id=row.id,
        title=svc.interviews.script(row.purpose).title,
        other_person_id=other or "",
        status=row.status,
        updated=row.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
    )
