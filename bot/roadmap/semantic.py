"""Optional similarity by meaning: pain points as static or sentence embeddings, never downloaded.

`ROADMAP_SIMILARITY=wordllama` uses WordLlama (the `semantic` extra: its wheel ships a
256-dimension static embedding model); `ROADMAP_SIMILARITY=semantic` uses a sentence-transformers
model from a local folder (ROADMAP_EMBEDDING_MODEL). TF-IDF (similarity.py) is the default and
needs neither.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

WORDLLAMA = "wordllama"
SENTENCE_TRANSFORMERS = "sentence_transformers"
WORDLLAMA_THRESHOLD = 70.0
"""WordLlama cosines x 100 from which a pair is suggested automatically (its scores run high:
unrelated business sentences often score 60-80)."""
DEFAULT_THRESHOLD = 80.0
"""The same for a sentence-transformers model."""


class SemanticUnavailable(RuntimeError):
    """Raised at start-up when an embedding method is asked for but cannot run (no package, no
    local model); the message says which, and the bot does not start."""


class Embedder(Protocol):
    """Turns texts into vectors (what sentence-transformers' `encode` does)."""

    def encode(self, sentences: list[str]) -> Sequence[Sequence[float]]:
        """One vector per text."""
        ...


def available(package: str = SENTENCE_TRANSFORMERS) -> bool:
    """Whether an optional embedding package is installed."""
    return importlib.util.find_spec(package) is not None


class Embedding:
    """A similarity method (see similarity.Method) over an embedder's unit vectors."""

    def __init__(self, name: str, embedder: Embedder, threshold: float) -> None:
        self.name = name
        self.threshold = threshold
        self._embedder = embedder

    def encode(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """One vector per text."""
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.asarray(self._embedder.encode(list(texts)), dtype=np.float32)

    def weigh(self, raw: Any) -> Callable[[Any], Any]:
        """Rows of unit length (a blank text's zero row stays zero); nothing to fit."""
        return _unit


def _unit(matrix: Any) -> Any:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


class _WordLlama:
    """WordLlama's model behind the Embedder interface."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def encode(self, sentences: list[str]) -> Sequence[Sequence[float]]:
        """Blank texts are zero rows: WordLlama would divide by zero (NaN and a warning)."""
        kept = [i for i, s in enumerate(sentences) if s.strip()]
        dims = int(self._model.embedding.shape[1])
        out = np.zeros((len(sentences), dims), dtype=np.float32)
        if kept:
            with np.errstate(invalid="ignore", divide="ignore"):
                vectors = self._model.embed([sentences[i] for i in kept], norm=False)
            out[kept] = np.nan_to_num(np.asarray(vectors, dtype=np.float32))
        return out  # type: ignore[return-value]


def load_wordllama() -> Embedder:
    """WordLlama's 256-d model from its own wheel, never downloaded. Its loader looks for the
    tokenizer under `tokenizer/` while the wheel has it under `tokenizers/`, which is where it
    looks inside a `cache_dir`: so the package folder itself is the cache."""
    if not available(WORDLLAMA):
        raise SemanticUnavailable(
            "ROADMAP_SIMILARITY=wordllama needs the wordllama package "
            "(pip install 'interview-bot[semantic]'), or use tfidf"
        )
    module: Any = importlib.import_module(WORDLLAMA)
    folder = Path(module.__file__).parent
    try:
        model = module.WordLlama.load(cache_dir=folder, disable_download=True)
    except FileNotFoundError as error:
        raise SemanticUnavailable(f"WordLlama's model is not in its package: {error}") from error
    return _WordLlama(model)


def load_embedder(model_dir: Path) -> Embedder:
    """A sentence-transformers model from a local folder; SemanticUnavailable otherwise."""
    if not available(SENTENCE_TRANSFORMERS):
        raise SemanticUnavailable(
            "ROADMAP_SIMILARITY=semantic needs the sentence-transformers package "
            "(pip install sentence-transformers), or use tfidf"
        )
    if not model_dir.is_dir():
        raise SemanticUnavailable(
            f"ROADMAP_EMBEDDING_MODEL {str(model_dir)!r} is not a folder holding a local model"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network
    module: Any = importlib.import_module(SENTENCE_TRANSFORMERS)
    model: Embedder = module.SentenceTransformer(str(model_dir), device="cpu")
    return model
