"""One app under test, in its own process: `python -m bench.server KIND --api-url URL ...`.

KIND is `bot` (the real bot: BotRuntime over HTTP, storage, outbox sender), `bare` (a Bolt
AsyncApp with no-op `/interview` and `message` listeners, served the same way) or `raw` (a plain
aiohttp handler answering 200: the ceiling of the load generator and the HTTP stack). It prints
one JSON line `{"url": ...}` once it listens, and stops on SIGTERM, on stdin closing or when its
parent goes away. Logging is configured as `interview-bot run` does (INFO), into the log file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import EVENTS_PATH, BotRuntime
from bot.settings import Settings

MAX_LIFETIME = 900.0  # seconds; a server left behind by a crashed parent ends on its own


def bare_app(token: str, api_url: str, secret: str) -> AsyncApp:
    """The baseline: Bolt with the bot's options and listeners that only ack."""
    app = AsyncApp(
        client=AsyncWebClient(token=token, base_url=api_url),
        signing_secret=secret,
        process_before_response=False,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("slack_bolt"),
    )

    @app.command("/interview")
    async def interview(ack: object) -> None:
        await ack()  # type: ignore[operator]

    @app.event("message")
    async def message() -> None:
        return None

    return app


async def _listen(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}{EVENTS_PATH}"


async def _raw_handler(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text="")


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    parent = os.getppid()
    deadline = loop.time() + MAX_LIFETIME
    while not stop.is_set() and os.getppid() == parent and loop.time() < deadline:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def serve(args: argparse.Namespace) -> None:
    """Start the app, announce its URL, wait to be stopped, stop it."""
    if args.kind == "bot":
        runtime = BotRuntime(
            Settings(
                database_url=args.database_url,
                slack_bot_token=args.token,
                slack_signing_secret=args.secret,
                slack_api_url=args.api_url,
            )
        )
        await runtime.start(http=True, host="127.0.0.1", port=0)
        print(json.dumps({"url": runtime.url}), flush=True)
        try:
            await _until_stopped()
        finally:
            await runtime.stop()
        return
    if args.kind == "bare":
        app = bare_app(args.token, args.api_url, args.secret)
        runner, url = await _listen(app.web_app(path=EVENTS_PATH))
    else:
        raw = web.Application()
        raw.router.add_post(EVENTS_PATH, _raw_handler)
        runner, url = await _listen(raw)
    print(json.dumps({"url": url}), flush=True)
    try:
        await _until_stopped()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and serve until stopped."""
    parser = argparse.ArgumentParser(prog="python -m bench.server")
    parser.add_argument("kind", choices=("bot", "bare", "raw"))
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--database-url", default="sqlite:///bench.db")
    parser.add_argument("--log-file", default=os.devnull)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        filename=args.log_file,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
