"""The similarity methods the duplicate benchmark measures, adapted to its `Method` shape."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from bench.duplicates import Method, Point
from bot.roadmap import semantic
from bot.roadmap import similarity as sim


class Product:
    """A roadmap similarity method exactly as the roadmap calls it: title + problem compared,
    two causes of one obstacle in one group."""

    def __init__(self, name: str, method: sim.Method) -> None:
        self.name = name
        self.method = method
        self.index = sim.Index(method)  # kept between calls, as the roadmap keeps it

    @staticmethod
    @functools.cache
    def item(p: Point) -> sim.Item:
        return sim.Item(p.id, sim.text_of(p.problem), p.obstacle)

    def pairs(self, points: Sequence[Point]) -> list[tuple[int, int, float]]:
        found = sim.find_duplicates([self.item(p) for p in points], method=self.method)
        return [(m.id, m.other, m.score) for m in found]

    def top(self, existing: Sequence[Point], new: Point, k: int) -> list[int]:
        found = sim.most_similar(
            [self.item(p) for p in existing], self.item(new), index=self.index, top=k
        )
        return [m.other for m in found]

    def keep(self, points: Sequence[Point]) -> None:
        self.index.hold([self.item(p) for p in points])

    def kept_pairs(self) -> int:
        rows = self.index.neighbours(0, sim.TOP + 8, self.method.threshold)
        return sum(len(r) for r in rows)


def available() -> list[Method]:
    """Every method this checkout has: TF-IDF always, WordLlama when it is installed."""
    found: list[Method] = [Product("TF-IDF words + char_wb 3-5 (default)", sim.Tfidf())]
    if semantic.available(semantic.WORDLLAMA):
        wordllama = semantic.Embedding(
            "wordllama", semantic.load_wordllama(), semantic.WORDLLAMA_THRESHOLD
        )
        found.append(Product("WordLlama 256-d (`semantic` extra)", wordllama))
    return found
