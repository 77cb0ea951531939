"""`interview-bot run`: the bot, in Socket Mode (default) or over HTTP, until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal

from bot.runtime import BotRuntime
from bot.settings import Settings


def required(args: argparse.Namespace) -> tuple[str, ...]:
    """The settings `run` needs with these arguments."""
    transport = "SLACK_SIGNING_SECRET" if args.http else "SLACK_APP_TOKEN"
    return ("SLACK_BOT_TOKEN", transport)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Start the bot and keep it running until asked to stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runtime = BotRuntime(settings)
    try:
        await runtime.start(http=args.http, host=args.host, port=args.port)
        where = runtime.url if args.http else "Socket Mode"
        print(f"interview-bot is running ({where}); Ctrl-C to stop", flush=True)
        await stop.wait()
    finally:
        await runtime.stop()
    return 0
