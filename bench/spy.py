"""Optional sampling profile of an app under test with py-spy (`pip install py-spy`).

py-spy samples every thread of the child from outside, so it sees the storage worker thread
as well as the event loop (cProfile would see only the thread it runs in). The summary is
plain text: busy samples per thread, the hottest frames, and where the project's own code
spends its time.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

RATE = 100  # samples per second
OWN_CODE = re.compile(r"\((bot|storage)/")
LINE = re.compile(r":\d+\)$")


def available() -> str | None:
    """The py-spy executable, or None when it is not installed."""
    return shutil.which("py-spy")


@contextlib.asynccontextmanager
async def record(pid: int, output: Path, *, gil: bool = False) -> AsyncIterator[None]:
    """Sample `pid` (all threads, busy samples only; `gil`: only the thread holding the GIL,
    which is where the CPU goes when threads queue for it) into `output` until the block ends."""
    exe = available()
    if exe is None:
        yield
        return
    args = [exe, "record", "--pid", str(pid), "--rate", str(RATE), "--threads"]
    args += ["--nonblocking", "--format", "raw", "--output", str(output)]
    if gil:
        args.append("--gil")
    process = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        yield
    finally:
        if process.returncode is None:
            process.send_signal(2)  # SIGINT: py-spy writes what it has and exits
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


def summarise(path: Path, top: int = 15) -> str:
    """Busy samples per thread, hottest frames (self), the project's functions (inclusive)."""
    threads: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        threads[re.sub(r"\(\d+\)", "", frames[0]).strip()] += n
        leaves[LINE.sub(")", frames[-1])] += n
        for frame in {LINE.sub(")", f) for f in frames[1:] if OWN_CODE.search(f)}:
            own[frame] += n
    if total == 0:
        return "no samples"

    def block(title: str, counts: Counter[str]) -> list[str]:
        lines = [title]
        for name, n in counts.most_common(top):
            lines.append(f"  {n:6d} {100 * n / total:5.1f}%  {name[:140]}")
        return lines

    out = [f"{total} busy samples at {RATE}/s"]
    out += block("threads:", threads)
    out += block("hottest frames (self):", leaves)
    out += block("project functions (inclusive):", own)
    return "\n".join(out)
