"""The bot as a real `interview-bot run --http` process, for kill -9 tests.

Starting Python and importing the bot takes seconds on a loaded machine, so `BotProcesses`
keeps one spare process warm: it has imported everything and waits on stdin; `start()` lets it
run `main(["run", "--http", ...])` (the command people run) and warms the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from pathlib import Path

from sandbox import FakeSlack

SECRET = "test-signing-secret"
START_TIMEOUT = 30.0
RUNNING = re.compile(r"interview-bot is running \((http://\S+)\)")
# Import first (the slow part), then wait for the word to start, then run the real command.
CHILD = (
    "import sys\n"
    "import bot.cli.main, bot.cli.serve, bot.runtime\n"
    "if sys.stdin.readline().strip() == 'go':\n"
    "    raise SystemExit(bot.cli.main.main("
    "['run', '--http', '--host', '127.0.0.1', '--port', '0']))\n"
)


class BotProcess:
    """One running bot process: where it listens, and how to kill it."""

    def __init__(self, process: asyncio.subprocess.Process, url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log

    @property
    def pid(self) -> int:
        """The process id."""
        return self.process.pid

    async def kill(self) -> None:
        """kill -9: no stop(), no drain, no cleanup."""
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGKILL)
        await self.process.wait()


class BotProcesses:
    """Start bot processes on one database against one stand-in; kill them all at the end."""

    def __init__(self, fake: FakeSlack, database_url: str, workdir: Path) -> None:
        self.fake = fake
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "LOG_LEVEL": "INFO",
        }
        self.workdir = workdir
        self._spare: asyncio.subprocess.Process | None = None
        self._all: list[asyncio.subprocess.Process] = []

    async def _spawn(self) -> asyncio.subprocess.Process:
        log = self.workdir / f"bot-{len(self._all)}.log"
        with log.open("wb") as stderr:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                CHILD,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
                cwd=self.workdir,
                env=self.env,
            )
        self._all.append(process)
        return process

    async def start(self) -> BotProcess:
        """A bot process that listens now (the warm spare), and a new spare behind it."""
        process = self._spare or await self._spawn()
        self._spare = await self._spawn()
        log = self.workdir / f"bot-{self._all.index(process)}.log"
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()
        try:
            async with asyncio.timeout(START_TIMEOUT):
                while True:
                    line = (await process.stdout.readline()).decode()
                    if not line:
                        raise RuntimeError(f"the bot exited:\n{log.read_text()[-3000:]}")
                    found = RUNNING.search(line)
                    if found:
                        return BotProcess(process, found.group(1), log)
        except TimeoutError:
            raise RuntimeError(f"the bot did not start:\n{log.read_text()[-3000:]}") from None

    async def close(self) -> None:
        """Kill every process still alive (the spare included)."""
        for process in self._all:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
            await process.wait()
