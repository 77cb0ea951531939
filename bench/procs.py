"""Start and stop the app under test in a child process (see bench.server)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["bot", "bare", "raw"]
ROOT = Path(__file__).resolve().parent.parent  # where `python -m bench.server` is found
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@dataclass(frozen=True)
class Server:
    """A running app under test: where it takes Slack's requests, and its process id."""

    url: str
    pid: int


class ServerFailed(RuntimeError):
    """The child did not start; the message holds the end of its log."""


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextlib.asynccontextmanager
async def server(
    kind: Kind,
    *,
    name: str,
    api_url: str,
    token: str,
    secret: str,
    workdir: Path,
    database_url: str | None = None,
) -> AsyncIterator[Server]:
    """Run `python -m bench.server KIND` and yield where it serves Slack requests."""
    log = workdir / f"{name}.log"
    args = [sys.executable, "-m", "bench.server", kind, "--api-url", api_url]
    args += ["--token", token, "--secret", secret, "--log-file", str(log)]
    if database_url is not None:
        args += ["--database-url", database_url]
    process = await asyncio.create_subprocess_exec(
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT)
        except TimeoutError:
            line = b""
        try:
            url = str(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError):
            rest = b""
            with contextlib.suppress(TimeoutError):
                rest = await asyncio.wait_for(process.stdout.read(), 5)
            output = (line + rest).decode(errors="replace")
            raise ServerFailed(f"{kind} server did not start:\n{output}\n{_tail(log)}") from None
        yield Server(url, process.pid)
    finally:
        await _stop(process)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    if process.stdout is not None:
        with contextlib.suppress(Exception):
            await process.stdout.read()
    if process.stdin is not None:
        process.stdin.close()
