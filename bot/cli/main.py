"""The `interview-bot` command: one entry point, subcommands, clear errors, no tracebacks."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from bot.cli import db, metric, roadmap
from bot.errors import ConfigError, ScriptError
from bot.flows.script import Purpose
from bot.settings import Settings, load_settings
from storage import NotFound, StorageUnavailable

logger = logging.getLogger("bot")

EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="interview-bot", description="Structured stakeholder interviews, in Slack or here."
    )
    parser.add_argument("--env-file", type=Path, default=Path(".env"), help="settings file")
    sub = parser.add_subparsers(dest="command", required=True)

    db.add_parsers(sub)

    interview = sub.add_parser("interview", help="run an interview in the terminal (live notes)")
    interview.add_argument("--purpose", required=True, choices=[p.value for p in Purpose])
    interview.add_argument("--stakeholder", required=True, help="who is interviewed")
    interview.add_argument("--facilitator", default="Facilitator", help="who takes the notes")
    interview.add_argument("--new", action="store_true", help="start over instead of resuming")

    serve = sub.add_parser("run", help="run the Slack bot (Socket Mode, or --http)")
    serve.add_argument("--http", action="store_true", help="serve signed HTTP on /slack/events")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on with --http")
    serve.add_argument("--port", type=int, default=3000, help="port to listen on with --http")

    sandbox = sub.add_parser(
        "sandbox", help="try the bot in the browser against a local Slack stand-in"
    )
    sandbox.add_argument("--port", type=int, default=8080, help="page port (0: any free port)")
    sandbox.add_argument(
        "--database",
        type=Path,
        default=Path("data/sandbox.db"),
        help="the sandbox's SQLite file (wiped at start and by the page's reset)",
    )
    sandbox.add_argument(
        "--keep-data", action="store_true", help="start on the database of the last run"
    )
    sandbox.add_argument(
        "--rate-limit", action="store_true", help="limit chat.postMessage as Slack does (~1/s)"
    )

    digest = sub.add_parser("digest", help="print this week's digest")
    digest.add_argument("--dry-run", action="store_true", required=True, help="print, do not post")
    digest.add_argument("--team", help="only this Slack team id")
    digest.add_argument("--chart", type=Path, help="also write the impact/effort chart (PNG)")
    digest.add_argument(
        "--metrics-chart", type=Path, help="also write the success metrics' chart (PNG)"
    )

    review = sub.add_parser("review", help="print the quarterly review as it would be sent now")
    review.add_argument("--dry-run", action="store_true", required=True, help="print, do not send")
    review.add_argument("--team", help="only this Slack team id")

    sub.add_parser("demo-data", help="seed a small demo data set (4 interviews, a roadmap)")

    export = sub.add_parser("export", help="write stored data out")
    export.add_argument("what", choices=["interviews", "roadmap"])
    export.add_argument(
        "--format", required=True, choices=["json", "md", "csv", "xlsx"], dest="fmt"
    )
    export.add_argument("--id", type=int, action="append", dest="ids", help="only these ids")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.add_argument(
        "--include-confidential",
        action="store_true",
        help="interviews: include confidential ones (left out by default, and said so)",
    )
    roadmap.add_parsers(sub, export)
    metric.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(env_file=args.env_file, require=_required(args))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(
        level=settings.log_level_number,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    # Alembic reports every migration at INFO; that is noise for people running a command.
    logging.getLogger("alembic").setLevel(max(settings.log_level_number, logging.WARNING))
    command = _commands()[args.command]
    try:
        return asyncio.run(command(settings, args))
    except (StorageUnavailable, ScriptError) as exc:
        print(f"interview-bot: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE if isinstance(exc, StorageUnavailable) else EXIT_USAGE
    except NotFound as exc:
        print(f"interview-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterrupted; everything answered so far is saved", file=sys.stderr)
        return 130


def _required(args: argparse.Namespace) -> tuple[str, ...]:
    from bot.cli import serve

    return serve.required(args) if args.command == "run" else ()


def _commands() -> dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]]:
    from bot.cli import (
        demo,
        digest,
        export,
        importing,
        metric,
        review,
        roadmap,
        sandbox,
        serve,
        terminal,
    )

    return {
        "db": db.run,
        "interview": terminal.run,
        "export": roadmap.export_command(export.run),
        "import": roadmap.import_command(importing.run),
        "roadmap": roadmap.run,
        "run": serve.run,
        "sandbox": sandbox.run,
        "digest": digest.run,
        "review": review.run,
        "demo-data": demo.run,
        "metric": metric.run,
    }


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
