"""`interview-bot digest --dry-run`: print this week's digest without posting it."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from bot.blocks.wording import load_slack_wording
from bot.clock import SystemClock
from bot.digest import build_digest_view
from bot.jobs.timing import Schedule
from bot.render import render_digest
from bot.settings import Settings
from storage.api import Storage
from storage.errors import NotFound

WEEK_DAYS = 7


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest of the week ending now (every team, or --team)."""
    load_slack_wording()  # fail on a broken wording file here as the bot would
    storage = await Storage.open(settings.database_url)
    try:
        await storage.upgrade()
        teams = await storage.teams()
        if args.team:
            teams = [t for t in teams if t[1] == args.team]
            if not teams:
                raise NotFound(f"no team {args.team} in this database")
        schedule = Schedule.parse(settings.digest_schedule, settings.digest_timezone)
        end = SystemClock().now()
        for team_id, slack_team_id in teams:
            data = await storage.digest_data(
                team_id=team_id, start=end - timedelta(days=WEEK_DAYS), end=end
            )
            view = build_digest_view(data, week=schedule.period_key(end))
            print(f"# {slack_team_id}\n")
            print(render_digest(view, "parent") + "\n\n" + render_digest(view, "thread") + "\n")
        if not teams:
            print("No teams yet: nothing to digest.", file=sys.stderr)
    finally:
        await storage.close()
    return 0
