"""Use case: the App Home view of one person."""

from __future__ import annotations

from typing import Any

from bot.blocks.home import HomeRow, build_home
from bot.blocks.messages import build_notice
from bot.blocks.text import fill
from bot.slack import commands
from bot.slack.metrics import home_metrics
from bot.slack.present import post
from bot.slack.roadmap import home_section
from bot.slack.services import Services
from storage import OPEN_STATUSES, InterviewRow

HOME_LIMIT = 60
DONE_STATUSES = ("finished", "following_up")
"""An interview whose summary the stakeholder confirmed: listed as their past interviews."""


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
    past = await svc.storage.interview_rows(
        team_id=team,
        slack_user_id=user,
        role="stakeholder",
        statuses=DONE_STATUSES,
        limit=HOME_LIMIT,
    )
    return build_home(
        facilitating=[_row(svc, r, r.stakeholder) for r in facilitating],
        waiting=[_row(svc, r, r.facilitator, startable=r.status == "invited") for r in waiting],
        past=[_row(svc, r, r.facilitator) for r in past if r.mode != "live"],
        wording=svc.wording,
        roadmap=[
            *await home_metrics(svc, team=team, user=user),
            *await home_section(svc, team=team, user=user),
        ],
    )


def _row(
    svc: Services, row: InterviewRow, other: str | None, *, startable: bool = False
) -> HomeRow:
    return HomeRow(
        id=row.id,
        title=svc.interviews.script(row.purpose).title,
        other_person_id=other or "",
        status=row.status,
        updated=row.updated_at,
        startable=startable,
    )


async def open_summary(svc: Services, *, slack_team_id: str, user: str, interview_id: int) -> None:
    """Home's Open summary: the summary arrives in the DM with the app (Home has no replies),
    and so does the reason when the reader may not see it."""
    said = await commands.summary(
        svc, slack_team_id=slack_team_id, user=user, interview_id=interview_id
    )
    if said != fill(svc.wording.notice.summary_sent, id=interview_id):
        team = await svc.team_id(slack_team_id)
        await svc.storage.enqueue(team_id=team, messages=[post(user, build_notice(said))])
        svc.sender.wake()
