"""The bot as a real `interview-bot run --http` process, for kill -9 tests.

Starting Python and importing the bot takes seconds on a loaded machine, so a small fork
server does the imports once: each `start()` forks a child of it that runs
`main(["run", "--http", ...])` (the command people run) in its own process, with its own pid
and its own log. Killing one is a real kill -9; the fork server reaps it.
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
FORKED = re.compile(r"^forked (\d+)$")
# Imports first (no thread or event loop yet, so fork is safe), then one child per `go LOG`.
FORK_SERVER = """
import os, signal, sys
import bot.cli.main, bot.cli.serve, bot.runtime
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed children
for line in sys.stdin:
    word, _, log = line.strip().partition(" ")
    if word != "go":
        break
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(fd, 2)
        code = bot.cli.main.main(["run", "--http", "--host", "127.0.0.1", "--port", "0"])
        os._exit(code)
    print(f"forked {pid}", flush=True)
"""


class BotProcess:
    """One running bot process: where it listens, and how to kill it."""

    def __init__(self, pid: int, url: str, log: Path) -> None:
        self.pid = pid
        self.url = url
        self.log = log

    @property
    def alive(self) -> bool:
        """Whether the process still exists."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    async def kill(self) -> None:
        """kill -9: no stop(), no drain, no cleanup; returns once the process is gone."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        async with asyncio.timeout(10):
            # Not our child (the fork server's): there is no wait() to await, so poll.
            while self.alive:  # noqa: ASYNC110
                await asyncio.sleep(0.01)


class BotProcesses:
    """Start bot processes on one database against one stand-in; kill them all at the end."""

    def __init__(self, fake: FakeSlack, database_url: str, workdir: Path) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "LOG_LEVEL": "INFO",
        }
        self.workdir = workdir
        self.started: list[BotProcess] = []
        self._server: asyncio.subprocess.Process | None = None

    async def _fork_server(self) -> asyncio.subprocess.Process:
        if self._server is None:
            with (self.workdir / "fork-server.log").open("wb") as stderr:
                self._server = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-c",
                    FORK_SERVER,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=stderr,
                    cwd=self.workdir,
                    env=self.env,
                )
        return self._server

    async def start(self) -> BotProcess:
        """A new bot process, once it listens."""
        server = await self._fork_server()
        assert server.stdin is not None and server.stdout is not None
        log = self.workdir / f"bot-{len(self.started)}.log"
        server.stdin.write(f"go {log}\n".encode())
        await server.stdin.drain()
        pid: int | None = None
        url: str | None = None
        try:
            async with asyncio.timeout(START_TIMEOUT):
                while pid is None or url is None:
                    line = (await server.stdout.readline()).decode()
                    if not line:
                        raise RuntimeError(f"the fork server exited:\n{self._tail(log)}")
                    if found := FORKED.match(line.strip()):
                        pid = int(found.group(1))
                    elif found := RUNNING.search(line):
                        url = found.group(1)
        except TimeoutError:
            raise RuntimeError(f"the bot did not start:\n{self._tail(log)}") from None
        started = BotProcess(pid, url, log)
        self.started.append(started)
        return started

    def _tail(self, log: Path) -> str:
        text = log.read_text(errors="replace") if log.exists() else ""
        server_log = (self.workdir / "fork-server.log").read_text(errors="replace")
        return (text + server_log)[-3000:]

    async def close(self) -> None:
        """Kill every bot process still alive, then the fork server."""
        for started in self.started:
            await started.kill()
        if self._server is not None:
            if self._server.stdin is not None:
                self._server.stdin.close()
            with contextlib.suppress(ProcessLookupError):
                self._server.kill()
            await self._server.wait()
