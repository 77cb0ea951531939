"""The similarity methods the duplicate benchmark measures, adapted to its `Method` shape."""

from __future__ import annotations

from collections.abc import Sequence

from bench.duplicates import Method, Point
from bot.roadmap.similarity import DEFAULT_THRESHOLD, find_duplicates, find_similar


class Rapidfuzz:
    """What the roadmap did before: rapidfuzz over problem and root cause, behind the
    rarest-word prefilter, suggested from 60."""

    name = "rapidfuzz, problem + root cause, prefilter (before)"

    @staticmethod
    def _text(p: Point) -> str:
        return f"{p.problem}\n{p.root_cause}" if p.root_cause else p.problem

    def pairs(self, points: Sequence[Point]) -> list[tuple[int, int, float]]:
        found = find_duplicates(
            [(p.id, self._text(p)) for p in points], threshold=DEFAULT_THRESHOLD
        )
        return [(m.id, m.other, m.score) for m in found]

    def top(self, existing: Sequence[Point], new: Point, k: int) -> list[int]:
        old = [(p.id, self._text(p)) for p in existing]
        return [
            m.other for m in find_similar(old, [(new.id, self._text(new))], threshold=0.0, limit=k)
        ]


def available() -> list[Method]:
    """Every method this checkout has."""
    return [Rapidfuzz()]
