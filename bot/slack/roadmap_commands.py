"""Use cases behind `/interview roadmap ...` and `/interview size N @engineer`: one sub-command
in, the ephemeral reply (a sentence or a message) or a card to open out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.blocks.commands import (
    RoadmapCommand,
    RoadmapDuplicates,
    RoadmapExport,
    RoadmapPlan,
    RoadmapPost,
    RoadmapShow,
    SizeRequest,
)
from bot.roadmap.files import FORMATS
from bot.slack import roadmap, roadmap_duplicates, roadmap_export, roadmap_sizing
from bot.slack.services import Services


@dataclass(frozen=True)
class OpenCard:
    """A candidate's card, to open as a modal (a reply cannot hold it)."""

    view: dict[str, Any]


async def run(
    svc: Services, command: RoadmapCommand, *, slack_team_id: str, user: str
) -> OpenCard | dict[str, Any] | str:
    """Run one roadmap sub-command for `user`: show, post, plan, open a card, send duplicates or
    the sheet, or ask for sizing."""
    match command:
        case RoadmapShow(candidate_id=None):
            return await roadmap.top_list(svc, slack_team_id=slack_team_id)
        case RoadmapShow(candidate_id=int(cid)):
            team = await svc.team_id(slack_team_id)
            card = await roadmap.card(svc, team=team, user=user, candidate_id=cid)
            return card if isinstance(card, str) else OpenCard(card)
        case RoadmapPlan():
            return await roadmap.plan(svc, slack_team_id=slack_team_id, user=user)
        case RoadmapPost(channel=channel):
            return await roadmap.post_to_channel(
                svc, slack_team_id=slack_team_id, user=user, channel=channel
            )
        case RoadmapDuplicates():
            return await roadmap_duplicates.send_pending(
                svc, slack_team_id=slack_team_id, user=user
            )
        case RoadmapExport(fmt=fmt) if fmt in FORMATS:
            return await roadmap_export.send_export(
                svc, slack_team_id=slack_team_id, user=user, fmt=fmt
            )
        case SizeRequest(candidate_id=cid, engineer=engineer):
            team = await svc.team_id(slack_team_id)
            return await roadmap_sizing.ask(
                svc, team=team, user=user, candidate_id=cid, engineer=engineer
            )
    return svc.wording.notice.failed
