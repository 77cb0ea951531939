"""Optional semantic similarity: pain points compared by meaning with a local embedding model.

Used only when ROADMAP_SIMILARITY=semantic and the `sentence-transformers` package is
installed; the model is read from a local folder (ROADMAP_EMBEDDING_MODEL) and never
downloaded. Lexical similarity (similarity.py) is the default and needs neither.
"""

from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from bot.roadmap.similarity import Match

DEFAULT_THRESHOLD = 80.0
"""Cosine similarity x 100 from which two pain points are suggested as duplicates."""
PACKAGE = "sentence_transformers"


class SemanticUnavailable(RuntimeError):
    """Raised at start-up when semantic similarity is asked for but cannot run (no package, no
    local model); the message says which, and the bot does not start."""


class Embedder(Protocol):
    """Turns texts into vectors (what sentence-transformers' `encode` does)."""

    def encode(self, sentences: list[str]) -> Sequence[Sequence[float]]:
        """One vector per text."""
        ...


def available() -> bool:
    """Whether the embedding package is installed (it is an optional extra)."""
    return importlib.util.find_spec(PACKAGE) is not None


def load_embedder(model_dir: Path) -> Embedder:
    """A sentence-transformers model from a local folder; SemanticUnavailable otherwise."""
    if not available():
        raise SemanticUnavailable(
            "ROADMAP_SIMILARITY=semantic needs the sentence-transformers package "
            "(pip install sentence-transformers), or use lexical"
        )
    if not model_dir.is_dir():
        raise SemanticUnavailable(
            f"ROADMAP_EMBEDDING_MODEL {str(model_dir)!r} is not a folder holding a local model"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network
    module: Any = importlib.import_module(PACKAGE)
    model: Embedder = module.SentenceTransformer(str(model_dir), device="cpu")
    return model


def find_similar_semantic(
    existing: Iterable[tuple[int, str]],
    new: Iterable[tuple[int, str]],
    embedder: Embedder,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int | None = None,
) -> list[Match]:
    """Like similarity.find_similar, scored by cosine similarity x 100 of the embeddings."""
    old = list(existing)
    fresh = list(new)
    if not fresh:
        return []
    vectors = [_unit(v) for v in embedder.encode([t for _, t in (*old, *fresh)])]
    ids = [i for i, _ in (*old, *fresh)]
    found: list[Match] = []
    for position in range(len(old), len(ids)):
        mine = vectors[position]
        scored = []
        for other in range(position):
            value = 100.0 * sum(a * b for a, b in zip(mine, vectors[other], strict=True))
            if value >= threshold and ids[other] != ids[position]:
                scored.append(Match(ids[position], ids[other], round(value, 1)))
        scored.sort(key=lambda m: (-m.score, m.other))
        found += scored[:limit]
    return found


def _unit(vector: Sequence[float]) -> list[float]:
    values = [float(x) for x in vector]
    norm = math.sqrt(sum(x * x for x in values))
    return [x / norm for x in values] if norm else values
