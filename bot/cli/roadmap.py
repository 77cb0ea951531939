"""`interview-bot export roadmap`, `import roadmap FILE` and `roadmap show|plan|duplicates|
similar|merge`; `--format json` for scripts.

Import is all or nothing: every problem is listed and nothing is stored unless the whole sheet
is fine; `--dry-run` shows the changes without storing them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from bot.blocks.text import plural
from bot.clock import SystemClock
from bot.settings import Settings

EXIT_REJECTED = 1
EXIT_USAGE = 2
MOST_LISTED = 50
MOST_SIMILAR = 20


def add_parsers(sub: Any, export: argparse.ArgumentParser) -> None:
    """Add `import roadmap`, `roadmap ...` and export's `--team` to the command line."""
    export.add_argument("--team", help="Slack team id (default: the only team there is)")
    imported = sub.add_parser(
        "import", help="apply an edited roadmap sheet (CSV or XLSX), or restore interviews (JSON)"
    )
    imported.add_argument("what", choices=["roadmap", "interviews"])
    imported.add_argument(
        "file", type=Path, help="the edited .csv or .xlsx file, or an interviews .json export"
    )
    imported.add_argument("--dry-run", action="store_true", help="show the changes, store none")
    imported.add_argument("--team", help="Slack team id (default: the only team there is)")
    roadmap = sub.add_parser("roadmap", help="the prioritised roadmap in the terminal")
    roadmap.add_argument("--team", help="Slack team id (default: the only team there is)")
    actions = roadmap.add_subparsers(dest="roadmap_command", required=True)
    show = actions.add_parser("show", help="candidates by priority, with the formula's inputs")
    show.add_argument("--all", action="store_true", help="also done and rejected ones")
    _format_option(show)
    plan = actions.add_parser(
        "plan", help="years 1-3 under capacity, and each big item's trade-off"
    )
    plan.add_argument("--format", dest="plan_format", choices=["text", "json"], default="text")
    plan.add_argument(
        "--since", type=_day, help="also say what moved since the plan of DATE (YYYY-MM-DD)"
    )
    for choice, says in (
        ("keep", "keep big item N first"),
        ("swap", "put N's smaller items first"),
    ):
        decide = actions.add_parser(choice, help=f"{says} (its trade-off in `roadmap plan`)")
        decide.add_argument("candidate_id", type=int)
    _format_option(
        actions.add_parser("duplicates", help="likely duplicates waiting for a decision")
    )
    similar = actions.add_parser("similar", help="the candidates most like #N, with their scores")
    similar.add_argument("candidate", type=int, help="the candidate's number")
    similar.add_argument("--top", type=_top, default=3, help=f"how many (1-{MOST_SIMILAR}; 3)")
    _format_option(similar)
    merge = actions.add_parser("merge", help="merge OTHER into KEEP (keeps all evidence)")
    merge.add_argument("keep", type=int)
    merge.add_argument("other", type=int)
    undo = actions.add_parser("undo-merge", help="undo a merge by its number")
    undo.add_argument("merge_id", type=int)


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json"),
        default="text",
        help="text for people (the default) or json for scripts",
    )


def _top(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MOST_SIMILAR:
        raise argparse.ArgumentTypeError(f"must be 1 to {MOST_SIMILAR}, got {value}")
    return value


Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]


def import_command(interviews: Command) -> Command:
    """`import`: the roadmap sheet here, interviews by the given command."""

    async def run(settings: Settings, args: argparse.Namespace) -> int:
        if args.what == "roadmap":
            return await import_sheet(settings, args)
        if args.team:
            print("interview-bot: --team applies to roadmap imports", file=sys.stderr)
            return EXIT_USAGE
        return await interviews(settings, args)

    return run


def export_command(interviews: Command) -> Command:
    """`export`: the roadmap here, interviews by the existing command."""

    async def run(settings: Settings, args: argparse.Namespace) -> int:
        if args.what == "roadmap":
            return await export(settings, args)
        if args.fmt not in ("json", "md"):
            print("interview-bot: interviews export as json or md", file=sys.stderr)
            return EXIT_USAGE
        return await interviews(settings, args)

    return run


async def export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the roadmap sheet to --output or standard output."""
    if args.fmt == "xlsx" and args.output is None:
        print("interview-bot: an .xlsx export needs --output FILE", file=sys.stderr)
        return EXIT_USAGE
    async with _Opened(settings, args.team) as (roadmap, team):
        if team is None:
            return EXIT_USAGE
        data = await roadmap.export(team, args.fmt)
        count = len((await roadmap.board(team, displacements=False)).ranked)
    if args.output is not None:
        args.output.write_bytes(data)
        print(f"wrote {count} roadmap candidates to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


async def import_sheet(settings: Settings, args: argparse.Namespace) -> int:
    """Read an edited sheet and apply it whole, or list every problem and apply nothing."""
    from bot.roadmap import files
    from storage import RoadmapConflict

    name = args.file.name
    try:
        header, rows = files.read(args.file)
    except FileNotFoundError:
        print(f"interview-bot: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    except files.SheetError as exc:
        print(f"interview-bot: {name}: {exc}; nothing was imported", file=sys.stderr)
        return EXIT_REJECTED
    async with _Opened(settings, args.team) as (roadmap, team):
        if team is None:
            return EXIT_USAGE
        today = SystemClock().now().date()
        try:
            result = await roadmap.import_rows(
                team, header, rows, today=today, apply=not args.dry_run
            )
        except RoadmapConflict as exc:
            print(f"interview-bot: {name}: {exc}; nothing was imported", file=sys.stderr)
            return EXIT_REJECTED
    if not result.ok:
        count = len(result.problems)
        print(f"{name}: nothing was imported; {plural(count, 'problem')}:", file=sys.stderr)
        for problem in result.problems[:MOST_LISTED]:
            print(f"  {problem}", file=sys.stderr)
        if count > MOST_LISTED:
            print(f"  ...and {count - MOST_LISTED} more", file=sys.stderr)
        return EXIT_REJECTED
    print(f"{name}: {plural(result.rows, 'row')} read, {plural(len(result.changes), 'change')}")
    for change in result.changes[: MOST_LISTED * 10]:
        before = _short(change.before) or "(blank)"
        after = _short(change.after) or "(blank)"
        print(f"  #{change.candidate_id} {change.column}: {before} → {after}")
    if args.dry_run:
        print("dry run: nothing was stored")
    elif result.changes:
        print(f"applied to {plural(len(result.updates), 'candidate')}")
    return 0


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """`roadmap show|plan|keep|swap|duplicates|similar|merge|undo-merge`."""
    from bot.roadmap import listing
    from bot.roadmap.plan_report import plan_json
    from bot.roadmap.service import TradeOffUnknown
    from bot.roadmap.stored import suggestion_of
    from bot.roadmap.text import duplicates_text, plan_text, show_text
    from bot.roadmap.trade_offs import Choice
    from storage import NotFound, RoadmapConflict

    async with _Opened(settings, args.team) as (roadmap, team):
        if team is None:
            return EXIT_USAGE
        command = args.roadmap_command
        try:
            if command == "merge":
                merge = await roadmap.storage.merge_candidates(
                    team_id=team, keep_id=args.keep, merge_id=args.other, by="terminal"
                )
                print(
                    f"merged #{merge.merged_id} into #{merge.kept_id} (merge {merge.id}; "
                    f"undo with: interview-bot roadmap undo-merge {merge.id})"
                )
                return 0
            if command == "undo-merge":
                merge = await roadmap.storage.undo_merge(
                    team_id=team, merge_id=args.merge_id, by="terminal"
                )
                print(f"#{merge.merged_id} is its own candidate again")
                return 0
            if command in ("keep", "swap"):
                await roadmap.sync(team)
                decision = await roadmap.decide(
                    team, args.candidate_id, Choice(command), by="terminal"
                )
                ids = " + ".join(f"#{i}" for i in decision.alternatives)
                big = f"#{decision.candidate_id}"
                print(
                    f"{big} stays before {ids}"
                    if command == "keep"
                    else f"{ids} now go before {big}"
                )
                return 0
        except (RoadmapConflict, TradeOffUnknown, NotFound) as exc:
            print(f"interview-bot: {exc}", file=sys.stderr)
            return EXIT_REJECTED
        await roadmap.sync(team)
        as_json = getattr(args, "output_format", "text") == "json"
        if command == "duplicates":
            found = await roadmap.storage.pending_suggestions(team_id=team, limit=100)
            if as_json:
                _print_json(listing.duplicates_json([suggestion_of(s) for s in found]))
            else:
                print(duplicates_text(found))
            return 0
        if command == "similar":
            return await _similar(roadmap, team, args, as_json=as_json)
        board = await roadmap.board(team)
        if command == "show" and as_json:
            _print_json(listing.show_json(board, everything=args.all))
            return 0
        if command != "plan":
            print(show_text(board, everything=args.all))
            return 0
        since = None
        if args.since is not None:
            since = await roadmap.moved_since(team, args.since, board)
        await roadmap.record_plan(team, board)  # after the comparison: today's is this run
        if args.plan_format == "json":
            data = plan_json(board)
            if args.since is not None:
                data["since"] = moved_json(args.since, since)
            print(json.dumps(data, indent=2, ensure_ascii=False))
            return 0
        print(plan_text(board))
        if args.since is not None:
            print()
            print(_since_text(args.since, since))
    return 0


async def _similar(roadmap: Any, team: int, args: argparse.Namespace, *, as_json: bool) -> int:
    """`roadmap similar N`: the candidates most like #N, what the card and playback offer."""
    from bot.roadmap import listing
    from storage import NotFound

    try:
        target = await roadmap.candidate(team, args.candidate)
        found = await roadmap.similar(team, args.candidate, top=args.top)
    except NotFound:
        print(f"interview-bot: there is no candidate #{args.candidate}", file=sys.stderr)
        return EXIT_REJECTED
    if as_json:
        _print_json(listing.similar_json(target, found))
    else:
        print(listing.similar_text(target, found))
    return 0


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


class _Opened:
    """Storage open and migrated, the roadmap use cases and the team asked for (None: said why)."""

    def __init__(self, settings: Settings, slack_team_id: str | None) -> None:
        self.settings = settings
        self.wanted = slack_team_id

    async def __aenter__(self) -> tuple[Any, int | None]:
        from bot.cli.terminal import LOCAL_TEAM
        from bot.roadmap.service import Roadmap
        from storage import Storage

        self.storage = await Storage.open(self.settings.database_url)
        await self.storage.upgrade()
        args_team = self.wanted
        teams = await self.storage.roadmap_teams()
        chosen = [t for t in teams if args_team in (None, t[1])]
        team: int | None = None
        if args_team is not None and not chosen:
            print(f"interview-bot: no team {args_team!r} in this database", file=sys.stderr)
        elif len(chosen) > 1:
            names = ", ".join(f"{t[1]} ({t[2]})" if t[2] else t[1] for t in chosen)
            print(f"interview-bot: several teams here; pass --team: {names}", file=sys.stderr)
        elif chosen:
            team = chosen[0][0]
        else:
            team = await self.storage.ensure_team(slack_team_id=LOCAL_TEAM, name="Terminal")
        return Roadmap(self.storage, self.settings), team

    async def __aexit__(self, *exc: object) -> None:
        await self.storage.close()


def _day(text: str) -> date:
    """A --since date: YYYY-MM-DD, or argparse's usage error."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _since_text(day: date, found: Any) -> str:
    from bot.roadmap.snapshots import moved_text

    if found is None:
        return f"No plan was kept on or before {day.isoformat()}: nothing to compare with."
    snapshot, moved = found
    return moved_text(snapshot.taken_on.isoformat(), moved)


def moved_json(day: date, found: Any) -> dict[str, Any]:
    """`--since` as data: the snapshot compared with, and each candidate that moved."""
    if found is None:
        return {"asked": day.isoformat(), "snapshot": None, "moved": []}
    snapshot, moved = found
    return {
        "asked": day.isoformat(),
        "snapshot": snapshot.taken_on.isoformat(),
        "moved": [
            {
                "id": m.id,
                "title": m.title,
                "kinds": sorted(m.kinds),
                "changes": list(m.changes),
                "reasons": list(m.reasons),
            }
            for m in moved
        ],
    }


def _short(text: str, most: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"
