"""`interview-bot review --dry-run`: print the quarterly review as it would be sent now."""

from __future__ import annotations

import argparse
import sys

from bot.cli.digest import teams_of
from bot.clock import SystemClock
from bot.jobs.timing import Schedule, zone
from bot.metrics.quarters import quarter_key
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
        text = settings.review_schedule
        schedule = Schedule.parse(text, settings.digest_timezone) if text else None
        quarter = quarter_key(now.astimezone(zone(settings.digest_timezone)).date())
        roadmap = Roadmap(storage, settings)
        review = QuarterlyReview(storage, settings, roadmap)
        for team_id, slack_team_id in teams:
            await roadmap.sync(team_id)  # as the bot does before a review (no DMs from here)
            print(f"# {slack_team_id}\n")
            print(await review.text(team_id, quarter, now, schedule, keep=False) + "\n")
        if not teams:
            print("No teams yet: nothing to review.", file=sys.stderr)
    finally:
        await storage.close()
    return 0
