"""What a process last read or wrote of each interview's answers and verdicts, by revision.

Every turn needs all of an interview's answers (the flow walks them) and its root-cause
verdicts; reading and converting them again made a turn's cost grow with the interview's
length. Every write to either bumps `interview.revision` in the same transaction, and the
interview row (read anyway, under its lock) says which revision is current, so an entry is used
only when it is exactly what the database holds: a write by another process or replica, a
verdict set from the CLI, a rolled-back turn all leave an entry whose revision no longer
matches, and the next read goes to the database.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from storage.records import StoredAnswer

SIZE = 2000  # interviews remembered; the oldest entry goes first


class RawAnswer(NamedTuple):
    """The answer columns a turn reads (what `_ANSWERS` selects)."""

    id: int
    question_key: str
    question_text: str
    text: str
    skipped: bool
    history: list[dict[str, Any]]
    source_event_id: str | None
    updated_at: datetime


Verdicts = Mapping[str, tuple[str, str | None]]


@dataclass(frozen=True)
class Entry:
    """An interview's answers (raw rows and records) and verdicts at one revision."""

    revision: int
    raw: Mapping[str, RawAnswer]
    answers: Mapping[str, StoredAnswer]
    verdicts: Verdicts


class AnswerCache:
    """Entries by interview id, read from the storage threads, written after commits."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._entries: dict[int, Entry] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, interview_id: int, revision: int) -> Entry | None:
        """The entry for this revision, or None (then the caller reads the database)."""
        with self._lock:
            entry = self._entries.get(interview_id)
            if entry is None or entry.revision != revision:
                self.misses += 1
                return None
            self.hits += 1
            return entry

    def put(self, interview_id: int, entry: Entry) -> None:
        """Remember `entry`: only ever what a committed transaction wrote (a later entry for
        the same interview replaces it; an older one never does)."""
        with self._lock:
            known = self._entries.pop(interview_id, None)
            if known is not None and known.revision > entry.revision:
                entry = known  # a later turn's commit was remembered first
            if len(self._entries) >= self.size:
                self._entries.pop(next(iter(self._entries)))
            self._entries[interview_id] = entry
