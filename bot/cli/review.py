"""`interview-bot review --dry-run`: print the quarterly review as it would be sent now."""

from __future__ import annotations

import argparse
import sys

from bot.cli.digest import teams_of
from bot.clock import SystemClock
from bot.review import QuarterlyReview
from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import Storage


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Print each team's review (or --team's) as of now; nothing is sent or kept."""
    storage = await Storage.open(settings.database_url)
    try:
        teams = await teams_of(storage, args.team)
        now = SystemClock().now()
        roadmap = Roadmap(storage, settings)
        review = QuarterlyReview(storage, settings, roadmap)
        for team_id, slack_team_id in teams:
            await roadmap.sync(team_id)  # as the bot does before a review (no DMs from here)
            print(f"# {slack_team_id}\n")
            print(await review.preview(team_id, now) + "\n")
        if not teams:
            print("No teams yet: nothing to review.", file=sys.stderr)
    finally:
        await storage.close()
    return 0
