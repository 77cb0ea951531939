"""CPU time used by processes, from /proc: a cost per answer that other work on the machine
does not inflate the way it inflates wall-clock rates (Linux only; elsewhere it reads 0)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def per_process(pids: Iterable[int]) -> dict[int, float]:
    """User + system CPU seconds of each of these processes (all their threads) so far."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (14, 15)
    return found


def seconds(pids: Iterable[int]) -> float:
    """User + system CPU seconds of these processes, summed."""
    return sum(per_process(pids).values())


def since(before: dict[int, float], name: str) -> float:
    """CPU seconds the processes called `name` used since `before` (per_process of them then);
    a process started since counts whole, one that ended since is lost."""
    after = per_process(named(name))
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


def named(name: str) -> list[int]:
    """Ids of the running processes whose command is `name` (e.g. every PostgreSQL backend)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
