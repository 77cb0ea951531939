"""`/interview roadmap export xlsx`: the sheet, uploaded to the requester's DM."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.blocks.text import fill
from bot.roadmap.files import Format
from bot.slack.access import is_roadmap_editor
from bot.slack.files import upload
from bot.slack.services import Services

logger = logging.getLogger(__name__)


async def send_export(svc: Services, *, slack_team_id: str, user: str, fmt: Format) -> str:
    """Upload the roadmap sheet in `fmt` to the user's DM; the reply says where it went."""
    w = svc.wording.roadmap
    if not is_roadmap_editor(user, svc.settings):
        return w.editors_only
    team = await svc.team_id(slack_team_id)
    data = await svc.roadmap.export(team, fmt)
    name = f"roadmap-{svc.clock.now().date().isoformat()}.{fmt}"
    try:
        channel = await _dm(svc, team, user)
        comment = fill(w.export_comment, format=fmt)
        await upload(svc.client, channel=channel, filename=name, data=data, comment=comment)
    except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError, KeyError) as exc:
        logger.warning("roadmap export for %s failed: %s", user, type(exc).__name__)
        return w.export_failed
    logger.info("roadmap exported as %s for %s (%s bytes)", fmt, user, len(data))
    return fill(w.export_sent, format=fmt)


async def _dm(svc: Services, team: int, user: str) -> str:
    """The user's DM channel with the bot (opened once, then remembered)."""
    channel = await svc.storage.dm_channel(team_id=team, slack_user_id=user)
    if channel is not None:
        return channel
    response = await svc.client.conversations_open(users=user)
    channel = str(response["channel"]["id"])
    await svc.storage.remember_dm_channel(team_id=team, slack_user_id=user, channel=channel)
    return channel
