"""`interview-bot metric record|show|export`: success metrics for data teams.

`record` is idempotent per date, so a warehouse job can push the night's value every night (and
again after a fix): one check-in per metric per date, the last value wins.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.clock import SystemClock
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.roadmap.metrics import Metrics, Tracked

EXIT_REJECTED = 1
EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    """Add `metric record|show|export` to the command line."""
    metric = sub.add_parser("metric", help="success metrics: record values, show, export")
    metric.add_argument("--team", help="Slack team id (default: the only team there is)")
    actions = metric.add_subparsers(dest="metric_command", required=True)
    record = actions.add_parser(
        "record", help="store a metric's value for a date (a repeat updates)"
    )
    record.add_argument("metric_id", type=int, metavar="METRIC_ID")
    record.add_argument("value", metavar="VALUE", help="a number: 72.5, 1,250, 98%%")
    record.add_argument("--date", dest="on", help="YYYY-MM-DD (default: today, UTC)")
    record.add_argument("--confidence", help="on track, at risk or off track")
    record.add_argument("--note", help="a short note shown beside the value")
    show = actions.add_parser("show", help="every metric with its check-ins and status")
    show.add_argument("--candidate", type=int, help="only this candidate's metrics")
    show.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")
    export = actions.add_parser("export", help="every check-in as a table")
    export.add_argument("--format", choices=["csv"], required=True, dest="fmt")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one `metric` subcommand."""
    from bot.cli.roadmap import _Opened
    from bot.roadmap.metrics import Metrics

    async with _Opened(settings, args.team) as (roadmap, team):
        if team is None:
            return EXIT_USAGE
        metrics = Metrics(roadmap.storage, SystemClock())
        if args.metric_command == "record":
            return await _record(metrics, args, None if args.team is None else team)
        tracked = await metrics.tracked(team, candidate_id=getattr(args, "candidate", None))
    if args.metric_command == "show":
        _show(tracked, args.fmt)
    else:
        _export(tracked, args.output)
    return 0


async def _record(metrics: Metrics, args: argparse.Namespace, team: int | None) -> int:
    from bot.roadmap.metrics import MetricInputError, parse_confidence, parse_value
    from storage import NotFound, RoadmapConflict

    try:
        value = parse_value(args.value)
        on = _date(args.on)
        tracked, created = await metrics.record(
            args.metric_id,
            value,
            source="cli",
            on=on,
            confidence=parse_confidence(args.confidence),
            note=args.note,
            team_id=team,
        )
    except MetricInputError as exc:
        print(f"interview-bot: {exc}; nothing was stored", file=sys.stderr)
        return EXIT_USAGE
    except (NotFound, RoadmapConflict) as exc:
        print(f"interview-bot: {exc}; nothing was stored", file=sys.stderr)
        return EXIT_REJECTED
    day = (on or metrics.today()).isoformat()
    done = "recorded" if created else "updated"
    status = tracked.reading.status.label
    print(f"metric #{args.metric_id}: {done} {value:g} for {day}; now {status}")
    return 0


def _show(tracked: Sequence[Tracked], fmt: str) -> None:
    from bot.roadmap.metrics_text import show_text

    if fmt == "json":
        print(json.dumps([t.as_json() for t in tracked], ensure_ascii=False, indent=2))
    else:
        print(show_text(tracked))


def _export(tracked: Sequence[Tracked], output: Path | None) -> None:
    from bot.roadmap.metrics import export_csv

    data = export_csv(tracked)
    if output is not None:
        output.write_bytes(data)
        print(f"wrote {len(tracked)} metrics to {output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _date(text: str | None) -> date | None:
    from bot.roadmap.metrics import MetricInputError

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise MetricInputError(f"not a date (YYYY-MM-DD): {text[:40]!r}") from None
