"""Duplicate matching for the roadmap: the similarity method the settings ask for, the pain
points and candidates each team keeps encoded between calls, and the closest candidates to one."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.roadmap import semantic
from bot.roadmap.model import Candidate
from bot.settings import Settings
from storage import Matcher, MatchItem

if TYPE_CHECKING:  # scikit-learn and scipy take a second to import: only when comparing
    from bot.roadmap import similarity

SUGGESTIONS_PER_PAIN_POINT = 3
OFFERED = 3
"""How many closest candidates a person is offered to pick from."""


class Matching:
    """A roadmap's similarity: its method, and per team the pain points (for syncs) and the
    open candidates (for the closest few) kept encoded, so only new text is encoded."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._indexes: dict[int, similarity.Index] = {}  # pain points, for syncs
        self._offered: dict[int, similarity.Index] = {}  # candidates, for the closest three

    def method(self) -> similarity.Method:
        """The similarity the settings ask for: TF-IDF unless an embedding one is configured."""
        from bot.roadmap import similarity

        threshold = self.settings.duplicate_threshold
        if self.settings.similarity == "wordllama":
            embedder = _wordllama()
            return semantic.Embedding(
                "wordllama", embedder, threshold or semantic.WORDLLAMA_THRESHOLD
            )
        if self.settings.similarity == "semantic" and self.settings.embedding_model is not None:
            embedder = _embedder(self.settings.embedding_model)
            return semantic.Embedding("semantic", embedder, threshold or semantic.DEFAULT_THRESHOLD)
        return similarity.Tfidf(threshold or similarity.DEFAULT_THRESHOLD)

    def matcher(self, team_id: int) -> Matcher:
        """The duplicate finder of a sync: problems compared (never root causes), two causes of
        one obstacle never paired, automatic suggestions only from the method's threshold. The
        team's encoded pain points are kept between syncs."""
        from bot.roadmap import similarity

        index = self._indexes.get(team_id)
        if index is None:
            index = self._indexes[team_id] = similarity.Index(self.method())

        def match(old: list[MatchItem], new: list[MatchItem]) -> list[tuple[int, int, float]]:
            found = similarity.find_similar(
                [_item(i) for i in old],
                [_item(i) for i in new],
                index=index,
                limit=SUGGESTIONS_PER_PAIN_POINT,
            )
            return [(m.id, m.other, m.score) for m in found]

        return match

    def closest(
        self, team_id: int, target: Candidate, listed: Sequence[Candidate], top: int = OFFERED
    ) -> list[tuple[Candidate, float]]:
        """The `top` of `listed` (the team's open candidates, `target` among them) most like
        `target`, whatever their score; never one that shares an obstacle of an interview."""
        from bot.roadmap import similarity

        index = self._offered.get(team_id)
        if index is None:
            index = self._offered[team_id] = similarity.Index(self.method())
        index.hold([similarity.Item(c.id, similarity.text_of(c.problem, c.title)) for c in listed])
        mine = _groups(target)
        others = {c.id: c for c in listed if c.id != target.id and not (_groups(c) & mine)}
        position = [c.id for c in listed].index(target.id)
        (row,) = index.neighbours(position, top + len(listed) - len(others) + 8, 1.0, position + 1)
        found = [(others[listed[p].id], s) for p, s in row if listed[p].id in others]
        return [(c, round(s, 1)) for c, s in found[:top]]


def _item(point: MatchItem) -> similarity.Item:
    from bot.roadmap import similarity

    return similarity.Item(
        point.id,
        similarity.text_of(point.problem, point.title),
        similarity.obstacle_group(point.interview_id, point.key),
    )


def _groups(candidate: Candidate) -> set[str]:
    """The obstacles (of interviews) behind a candidate."""
    from bot.roadmap.similarity import obstacle_group

    return {obstacle_group(e.interview_id, e.key) for e in candidate.evidence}


@functools.lru_cache(maxsize=1)
def _wordllama() -> semantic.Embedder:
    """WordLlama's model, loaded once per process."""
    return semantic.load_wordllama()


@functools.lru_cache(maxsize=2)
def _embedder(model_dir: Path) -> semantic.Embedder:
    """The local embedding model, loaded once per process."""
    return semantic.load_embedder(model_dir)
