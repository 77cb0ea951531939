"""`interview-bot sandbox`: the bot against a local Slack stand-in, tried in the browser.

One process runs three things on loopback: FakeSlack (sandbox/), the bot connected to it over
signed HTTP exactly as to Slack, and the page where people switch between seeded colleagues.
The reset button stops the bot, wipes the stand-in and the bot's SQLite file, and starts again.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import secrets
import signal
import sys
from dataclasses import replace
from pathlib import Path

from bot.blocks import ids
from bot.runtime import BotRuntime
from bot.settings import Settings
from sandbox import FakeSlack, PageDriver, SandboxPage, seed
from sandbox.delivery import ACK_TIMEOUT, RETRY_DELAYS
from sandbox.ui import Wipe

DEFAULT_DATABASE = Path("data/sandbox.db")
EVENTS = ("message.im", "app_home_opened")  # the bot's subscriptions, as in manifest.json

logger = logging.getLogger(__name__)


class Sandbox:
    """The stand-in, the bot and the page; `start()` then `stop()`."""

    def __init__(
        self,
        settings: Settings,
        *,
        database: Path = DEFAULT_DATABASE,
        rate_limit: bool = False,
        ack_timeout: float = ACK_TIMEOUT,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
    ) -> None:
        self.settings = settings
        self.database = database
        self.fake = FakeSlack(
            users=seed.users(seed.TEAM_ID),
            team_id=seed.TEAM_ID,
            rate_limit_post_message=rate_limit,
        )
        self.digest_channel = self.fake.add_channel(seed.DIGEST_CHANNEL)
        self.admin = seed.person("Admin", seed.TEAM_ID).id
        self.signing_secret = secrets.token_hex(16)
        self.driver = PageDriver(
            self.fake,
            signing_secret=self.signing_secret,
            timeout=ack_timeout,
            retry_delays=retry_delays,
            commands=(ids.COMMAND,),
            events=EVENTS,
        )
        roles = {p.user.id: p.role for p in seed.people(seed.TEAM_ID)}
        self.page = SandboxPage(self.fake, self.driver, roles=roles, on_reset=self.restart_fresh)
        self.bot: BotRuntime | None = None

    @property
    def url(self) -> str:
        """The page's address."""
        return self.page.url

    def bot_settings(self) -> Settings:
        """The user's settings, pointed at the stand-in, with the seeded admin and channel."""
        return replace(
            self.settings,
            database_url=f"sqlite:///{self.database}",
            slack_bot_token=self.fake.bot_token,
            slack_app_token=None,
            slack_signing_secret=self.signing_secret,
            slack_api_url=self.fake.api_url,
            admin_user_ids=frozenset({self.admin}),
            digest_channel=self.digest_channel,
        )

    async def start(self, host: str = "127.0.0.1", port: int = 8080, *, fresh: bool = True) -> None:
        """Start the stand-in, the bot (on a fresh database unless `fresh` is False), the page."""
        await self.fake.start()
        if fresh:
            self._delete_database()
        await self._start_bot()
        await self.page.start(host, port)

    async def _start_bot(self) -> None:
        self.bot = BotRuntime(self.bot_settings())
        await self.bot.start(http=True, host="127.0.0.1", port=0)
        self.driver.app_url = self.bot.url

    async def restart_fresh(self, wipe: Wipe) -> None:
        """The page's reset: stop the bot, wipe the stand-in and the database, start again."""
        if self.bot is not None:
            await self.bot.stop()
            self.bot = None
        wipe()
        self._delete_database()
        await self._start_bot()
        logger.info("sandbox reset: the bot starts on a fresh database")

    def _delete_database(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)

    async def stop(self) -> None:
        """Stop the page, the bot and the stand-in."""
        await self.page.stop()
        await self.driver.close()
        if self.bot is not None:
            await self.bot.stop()
            self.bot = None
        await self.fake.stop()


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the sandbox until Ctrl-C."""
    # FakeSlack logs every request at INFO: noise next to the bot's own log.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    sandbox = Sandbox(settings, database=args.database, rate_limit=args.rate_limit)
    try:
        try:
            await sandbox.start(port=args.port, fresh=not args.keep_data)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            print(
                f"interview-bot: port {args.port} is in use; try --port 0 for any free port",
                file=sys.stderr,
            )
            return 2
        print(
            f"Slack sandbox: {sandbox.url}  (call log: {sandbox.url}log)\n"
            f"The bot answers over signed HTTP; its data is in {args.database}. "
            "Ctrl-C to stop.",
            flush=True,
        )
        await stop.wait()
    finally:
        with contextlib.suppress(Exception):
            await sandbox.stop()
    return 0
