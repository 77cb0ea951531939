"""`python -m bench.run [--quick] [--no-write]`: measure, print the tables, update the doc.

Everything runs on 127.0.0.1: the Slack stand-in and the load generator in this process, each
app under test (the bot, the bare Bolt app, a plain aiohttp handler) in a child process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench import dms, pg, scenarios, spy
from bench.fake import BenchSlack, bench_users
from bench.procs import Kind, Server, server
from bench.report import Results, render, verdicts, write_doc
from bench.scenarios import SECRET, Plan
from sandbox.users import default_users

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
TEAM_ID = "T0SANDBOX1"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def machine() -> str:
    """nproc, Python, platform and date, for the doc."""
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"`nproc` = {os.cpu_count()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {today}"
    )


async def measure(
    plan: Plan,
    *,
    postgres_url: str | None,
    workdir: Path,
    py_spy: bool = False,
    py_spy_gil: bool = False,
    progress: bool = True,
    only: str | None = None,
) -> Results:
    """Run every benchmark once; PostgreSQL is skipped (with the reason) when it does not answer."""
    started = time.perf_counter()
    results = Results(plan=plan, machine=machine())

    def say(text: str) -> None:
        if progress:
            print(f"[{time.perf_counter() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    start_people = bench_users("S", plan.start_people())
    sqlite_people = bench_users("Q", plan.stakeholders)
    pg_people = bench_users("P", plan.stakeholders)
    users = default_users(TEAM_ID) + start_people + sqlite_people + pg_people
    people: Iterator[str] = iter(u.id for u in start_people)
    fake = BenchSlack(users=users)

    def app(
        kind: Kind, name: str, database_url: str | None = None
    ) -> contextlib.AbstractAsyncContextManager[Server]:
        return server(
            kind,
            name=name,
            api_url=fake.api_url,
            token=fake.bot_token,
            secret=SECRET,
            workdir=workdir,
            database_url=database_url,
        )

    async with fake, contextlib.AsyncExitStack() as stack:
        bare = await stack.enter_async_context(app("bare", "bare"))
        bare_url = bare.url
        if only in (None, "acks"):
            say("load generator ceiling (plain aiohttp handler)")
            async with app("raw", "raw") as raw:
                results.ceiling = await scenarios.ceiling(fake, raw.url, plan)
            say("/interview acks: bare Bolt vs the bot (SQLite)")
            async with app("bot", "bot-acks", f"sqlite:///{workdir}/acks.db") as bot:
                results.acks = await scenarios.ack_benchmark(
                    fake, bare_url=bare_url, bot_url=bot.url, plan=plan, people=people
                )
        if only == "acks":
            results.seconds = time.perf_counter() - started
            return results
        targets: list[tuple[str, str | None, list[str]]] = [
            ("SQLite", f"sqlite:///{workdir}/dm.db", [u.id for u in sqlite_people])
        ]
        if postgres_url is not None:
            reason = await pg.unavailable(postgres_url)
            if reason is None:
                targets.append(("PostgreSQL", None, [u.id for u in pg_people]))
            else:
                results.skipped.append(f"PostgreSQL DM row: {reason}")
        for label, url, stakeholders in targets:
            say(f"DM answers on {label}")
            async with contextlib.AsyncExitStack() as db_stack:
                if url is None:
                    assert postgres_url is not None
                    url = await db_stack.enter_async_context(pg.fresh_database(postgres_url))
                bot = await db_stack.enter_async_context(app("bot", f"bot-dm-{label}", url))
                samples = workdir / f"py-spy-dm-{label}.txt"
                if py_spy:
                    await db_stack.enter_async_context(spy.record(bot.pid, samples, gil=py_spy_gil))
                results.dms.append(
                    await dms.dm_benchmark(
                        fake,
                        label=label,
                        bot_url=bot.url,
                        bare_url=bare_url,
                        database_url=url,
                        stakeholders=stakeholders,
                        plan=plan,
                        bot_pids=[bot.pid],
                        bare_pid=bare.pid,
                    )
                )
            if py_spy and samples.exists():
                print(f"\n== py-spy: the bot during the DM benchmark on {label} ==")
                print(spy.summarise(samples))
    results.seconds = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> int:
    """Parse options, run, print, write the doc."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts (the smoke test)")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {DOC.name}")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG),
        help="server for the PostgreSQL DM row (a fresh database is created and dropped)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL row")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--only", choices=("acks", "dm"), help="run one part (no doc write)")
    parser.add_argument("--workdir", type=Path, help="keep databases and server logs here")
    parser.add_argument(
        "--answers",
        type=int,
        help="measured DM answers per stakeholder (default 20; longer interviews cost more a "
        "turn; not written into the doc)",
    )
    parser.add_argument(
        "--py-spy",
        action="store_true",
        help="sample the bot with py-spy during the DM benchmarks (pip install py-spy)",
    )
    parser.add_argument(
        "--py-spy-gil",
        action="store_true",
        help="with --py-spy: only samples of the thread holding the GIL",
    )
    args = parser.parse_args(argv)
    if args.py_spy and spy.available() is None:
        parser.error("--py-spy needs the py-spy executable on PATH (pip install py-spy)")
    plan = scenarios.QUICK_PLAN if args.quick else scenarios.DEFAULT_PLAN
    if args.answers is not None:
        if args.answers < 1:
            parser.error("--answers must be at least 1")
        plan = dataclasses.replace(plan, answers_each=args.answers)
        args.no_write = True
    with contextlib.ExitStack() as stack:
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            workdir = args.workdir.resolve()
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ib-bench-")))
        results = asyncio.run(
            measure(
                plan,
                postgres_url=None if args.no_postgres else args.postgres_url,
                workdir=workdir,
                py_spy=args.py_spy,
                py_spy_gil=args.py_spy_gil,
                only=args.only,
            )
        )
    if args.no_postgres:
        results.skipped.append("PostgreSQL DM row: --no-postgres")
    section = render(results)
    print()
    print(section)
    if not (args.no_write or args.quick or args.only):
        write_doc(DOC, section)
        print(f"wrote the results into {DOC}")
    failed = [v for v in verdicts(results) if not v.startswith("PASS")]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
