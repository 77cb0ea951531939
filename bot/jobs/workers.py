"""Who holds a claim: a worker name per process, and the rule for telling a dead one.

A name is `host:pid:nonce`; the nonce is new at every start, so a restarted process never
mistakes its predecessor's claims for its own even when it gets the same pid (pid 1 in a
container). A claim is released early only when this process can prove its holder is gone:
same host, and either the same pid (then it was an earlier life of this process's pid) or a pid
no process has any more. A claim of a live pid that is not this process (a sibling replica on
the same machine, or an unrelated process that reused the pid) is left to its short lease. So
two live replicas never release each other's claims, provided replicas that share a database
have distinct host names (separate machines, containers and pods do by default).
"""

from __future__ import annotations

import os
import socket
import uuid


def worker_name() -> str:
    """A name unique to this process, for claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _split(worker: str) -> tuple[str, int] | None:
    """(host, pid) of a worker name; None for a name of another shape."""
    parts = worker.split(":")  # a host name holds no colon
    if len(parts) != 3 or not parts[0] or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


def is_gone(worker: str, *, me: str) -> bool:
    """Whether the process that named itself `worker` has surely died (see the module doc)."""
    theirs, mine = _split(worker), _split(me)
    if worker == me or theirs is None or mine is None or theirs[0] != mine[0]:
        return False  # this process, a name we cannot read, or another machine: wait
    return theirs[1] == mine[1] or not _pid_alive(theirs[1])
