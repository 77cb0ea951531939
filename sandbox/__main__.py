"""`python -m sandbox`: the stand-in and its page for any Slack app, over Socket Mode or HTTP.

Point the app's Web API client at the printed SLACK_API_URL with the printed tokens. Without
`--app-url` the page delivers over Socket Mode (the app connects with the app-level token);
with it, over signed HTTP to that URL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import signal
from collections.abc import Sequence

from sandbox import seed
from sandbox.delivery import PageDriver
from sandbox.slack_api import FakeSlack
from sandbox.ui import SandboxPage


def build_parser() -> argparse.ArgumentParser:
    """The command's options."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="A local Slack stand-in with a web page."
    )
    parser.add_argument("--port", type=int, default=8080, help="page port (0: any free port)")
    parser.add_argument("--app-url", help="deliver over signed HTTP to this URL")
    parser.add_argument("--signing-secret", help="signing secret for --app-url (default: random)")
    parser.add_argument(
        "--command",
        action="append",
        dest="commands",
        help="the app's slash commands (default: any)",
    )
    parser.add_argument(
        "--event", action="append", dest="events", help="event subscriptions (default: every event)"
    )
    parser.add_argument("--rate-limit", action="store_true", help="limit chat.postMessage (~1/s)")
    parser.add_argument(
        "--refuse-block",
        action="append",
        dest="refused_blocks",
        default=[],
        help="answer invalid_blocks for this block type, e.g. data_visualization (repeatable)",
    )
    return parser


async def serve(args: argparse.Namespace) -> None:
    """Run until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    fake = FakeSlack(
        users=seed.users(), team_id=seed.TEAM_ID, rate_limit_post_message=args.rate_limit
    )
    fake.add_channel(seed.DIGEST_CHANNEL)
    fake.refused_blocks = frozenset(args.refused_blocks)
    secret = args.signing_secret or secrets.token_hex(16)
    driver = PageDriver(
        fake,
        app_url=args.app_url,
        signing_secret=secret,
        transport="http" if args.app_url else "socket",
        commands=args.commands,
        events=args.events,
    )
    roles = {p.user.id: p.role for p in seed.people()}
    page = SandboxPage(fake, driver, roles=roles)
    await fake.start()
    try:
        await page.start(port=args.port)
        print(f"Slack sandbox: {page.url}  (call log: {page.url}log)")
        print(f"SLACK_API_URL={fake.api_url}")
        print(f"SLACK_BOT_TOKEN={fake.bot_token}")
        if args.app_url:
            print(f"SLACK_SIGNING_SECRET={secret}  (deliveries go to {args.app_url})")
        else:
            print(f"SLACK_APP_TOKEN={fake.app_token}  (connect in Socket Mode)")
        print("Ctrl-C to stop.", flush=True)
        await stop.wait()
    finally:
        with contextlib.suppress(Exception):
            await page.stop()
        await driver.close()
        await fake.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and serve."""
    asyncio.run(serve(build_parser().parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
