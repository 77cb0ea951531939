"""`interview-bot digest --dry-run`: print this week's digest without posting it."""

from __future__ import annotations

import argparse
import sys

from bot.blocks.text import fill
from bot.blocks.wording import load_slack_wording
from bot.clock import SystemClock
from bot.digest import digest_chart, digest_view
from bot.digest_chart import progress_png
from bot.render import render_digest
from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import NotFound, Storage


async def teams_of(storage: Storage, slack_team_id: str | None) -> list[tuple[int, str]]:
    """Every team in the (upgraded) database, or only `slack_team_id`; NotFound if absent."""
    await storage.upgrade()
    teams = await storage.teams()
    if slack_team_id:
        teams = [t for t in teams if t[1] == slack_team_id]
        if not teams:
            raise NotFound(f"no team {slack_team_id} in this database")
    return teams


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest of the week ending now (every team, or --team), as it would be posted."""
    wording = load_slack_wording()  # fail on a broken wording file here as the bot would
    storage = await Storage.open(settings.database_url)
    try:
        teams = await teams_of(storage, args.team)
        end = SystemClock().now()
        roadmap = Roadmap(storage, settings)
        for team_id, slack_team_id in teams:
            await roadmap.sync(team_id)  # as the bot does before a digest (no DMs from here)
            board = await roadmap.board(team_id)
            view = await digest_view(storage, settings, team_id=team_id, end=end, board=board)
            print(f"# {slack_team_id}\n")
            print(render_digest(view, "parent") + "\n\n" + render_digest(view, "thread") + "\n")
            chart = digest_chart(board, view.week)
            if args.chart is not None and chart is not None:
                args.chart.write_bytes(chart)
                print(f"(chart written to {args.chart})", file=sys.stderr)
            if args.metrics_chart is not None and view.progress is not None:
                w = wording.digest
                title = fill(w.metrics_chart_title, week=view.week)
                png = progress_png(view.progress, title=title, axis=w.metrics_chart_axis)
                args.metrics_chart.write_bytes(png)
                print(f"(metrics chart written to {args.metrics_chart})", file=sys.stderr)
        if not teams:
            print("No teams yet: nothing to digest.", file=sys.stderr)
    finally:
        await storage.close()
    return 0
