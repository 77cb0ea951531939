"""`interview-bot db upgrade` and `db copy --to URL` (the configured database into an empty one,
e.g. SQLite into PostgreSQL when a team moves to several replicas)."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from storage import CopyFailed, Storage, TargetNotEmpty, copy_database, create_db_engine

EXIT_REFUSED = 1


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `db upgrade` and `db copy` to the command line."""
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations")
    copy = db_sub.add_parser(
        "copy", help="copy the configured database into an empty one (e.g. PostgreSQL)"
    )
    copy.add_argument("--to", required=True, dest="target", help="the target database URL")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the `db` subcommand asked for."""
    if args.db_command == "copy":
        return await copy(settings, args.target)
    storage = await Storage.open(settings.database_url)
    try:
        await storage.upgrade()
    finally:
        await storage.close()
    print(f"database is up to date: {storage.engine.url.render_as_string()}")
    return 0


async def copy(settings: Settings, target: str) -> int:
    """Copy every row into `target`, in one transaction; refused when it holds any row."""
    try:
        copied = await copy_database(settings.database_url, target)
    except (TargetNotEmpty, CopyFailed) as exc:
        print(f"interview-bot: refused to copy: {exc}; nothing was copied", file=sys.stderr)
        return EXIT_REFUSED
    for table, rows in copied.items():
        print(f"{table}: {rows}")
    shown = create_db_engine(target).url.render_as_string()  # the password hidden
    print(f"copied {sum(copied.values())} rows in {len(copied)} tables to {shown}")
    return 0
