"""Everything the Slack use cases need, built once at start-up and passed to create_app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import ClientSession
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.wording import SlackWording, load_slack_wording
from bot.clock import Clock, SystemClock
from bot.interviews import Interviews
from bot.roadmap.service import Roadmap
from bot.scripts import Messages, load_messages, load_scripts
from bot.settings import Settings
from bot.slack.background import Background
from bot.slack.client import make_client
from bot.slack.sender import OutboxSender
from storage import Storage


@dataclass
class Services:
    """The storage, the interview and roadmap use cases, the wording and the outgoing side."""

    settings: Settings
    storage: Storage
    interviews: Interviews
    roadmap: Roadmap
    messages: Messages
    wording: SlackWording
    client: AsyncWebClient
    sender: OutboxSender
    clock: Clock = field(default_factory=SystemClock)
    background: Background = field(default_factory=Background)
    bot_user_id: str | None = None

    teams: dict[str, int] = field(default_factory=dict)
    profiles: dict[str, tuple[datetime, dict[str, Any]]] = field(default_factory=dict)
    department_field: str | None = None  # the custom profile field labelled Department ("": none)

    async def team_id(self, slack_team_id: str) -> int:
        """Our id for a Slack workspace (created on first sight; the id never changes, so it is
        remembered rather than looked up for every event)."""
        if slack_team_id not in self.teams:
            self.teams[slack_team_id] = await self.storage.ensure_team(slack_team_id=slack_team_id)
        return self.teams[slack_team_id]


async def build_services(
    settings: Settings,
    storage: Storage,
    *,
    clock: Clock | None = None,
    session: ClientSession | None = None,
) -> Services:
    """Load prompts (failing fast on a broken file) and wire the Slack side to `storage`."""
    client = make_client(settings, session=session)
    return Services(
        settings=settings,
        storage=storage,
        interviews=Interviews(storage, load_scripts()),
        roadmap=Roadmap(storage, settings),
        messages=load_messages(),
        wording=load_slack_wording(),
        client=client,
        sender=OutboxSender(storage, client),
        clock=clock or SystemClock(),
    )
