"""Likely duplicate pain points: problems (title and problem text) compared as vectors.

The default method is scikit-learn's TF-IDF over words (1-2) and character n-grams (3-5 within
words), so paraphrases that share word stems still meet; it needs nothing to download. An
embedding method (semantic.py) gives dense vectors instead. Either way every text becomes a unit
vector and two texts score their cosine x 100. Scores are found with sparse (or dense) matrix
products that keep only each row's best few (sparse_dot_topn, on every core for big ones), so
one new pain point against 10,000 and every pair among 10,000 stay fast without any word
prefilter. TF-IDF hashes each distinct word once, not every text's n-grams.

Two causes of one obstacle (same interview, same obstacle) are one problem said once: they share
a `group` and are never matched with each other.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer
from sklearn.preprocessing import normalize
from sparse_dot_topn import sp_matmul_topn

from bot.flows.titles import title_of

DEFAULT_THRESHOLD = 50.0
"""TF-IDF scores from here up are suggested automatically: high-confidence pairs only (measured
on bench/duplicates.toml); everything else is offered as the top three for a person to pick."""
TOP = 3
_SLACK = 8  # extra neighbours fetched per row, for the ones a group or the order rules out
_CHUNK = 2048
_THREADED = 1000  # rows from which a product is shared between the cores
# For big corpora, n-grams found in more than this many texts say little and cost a lot (their
# postings make the products dense); small corpora keep every feature.
_COMMON = 0.05
_COMMON_FLOOR = 200
_WORD_FEATURES = 1 << 18
_CHAR_FEATURES = 1 << 20
_WORD_WEIGHT = 0.5  # characters find shared stems; whole words count half as much
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Item:
    """A text to compare: `id`, the text, and its group (two causes of one obstacle share
    one); items of one group never match each other."""

    id: int
    text: str
    group: str = ""


@dataclass(frozen=True)
class Match:
    """`id` is likely a duplicate of `other`, with a score of 0-100."""

    id: int
    other: int
    score: float


class Method(Protocol):
    """Turns texts into vectors in two steps: `encode` each text on its own (so encoded texts
    can be kept), then `weigh`, fitted on a corpus, turns encoded rows into unit rows."""

    name: str
    threshold: float

    def encode(self, texts: Sequence[str]) -> Any:
        """One raw row per text (a scipy sparse matrix or a numpy array)."""
        ...

    def weigh(self, raw: Any) -> Callable[[Any], Any]:
        """A function from raw rows to unit rows, fitted on `raw` (e.g. its IDF)."""
        ...


class Tfidf:
    """TF-IDF over words (1-2, weighted half) and character n-grams (3-5 within words), on text
    without stop words. Words are hashed (scikit-learn's feature hashing), so a text is
    encoded once and kept; the IDF is fitted on the texts compared."""

    name = "tfidf"

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        # Hashed as scikit-learn's HashingVectorizer would hash words 1-2 (its token pattern
        # leaves out one-letter words), but fed the words and pairs directly.
        self._words = FeatureHasher(
            _WORD_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32
        )
        self._chars = _hashing("char_wb", (3, 5), _CHAR_FEATURES)

    def encode(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Counts of hashed words, word pairs and character n-grams, one row per text."""
        # A text's features are the sum of its words' (and word pairs') features, so each
        # distinct word and pair is hashed once and a product of counts adds them up: the
        # same matrix as hashing every text, several times faster.
        words, rows, columns = _tokens(texts)
        if not words:
            return sp.csr_matrix((len(texts), _WORD_FEATURES + _CHAR_FEATURES), dtype=np.float32)
        counts = _counts(rows, columns, (len(texts), len(words)))
        hashed = counts @ self._words.transform([w] if len(w) > 1 else [] for w in words)
        # Pairs as the word hasher makes them: of neighbouring words, one-letter words left out.
        long = np.array([len(w) > 1 for w in words])[columns]
        rows, columns = rows[long], columns[long]
        neighbours = rows[1:] == rows[:-1]
        codes = columns[:-1][neighbours] * len(words) + columns[1:][neighbours]
        if codes.size:
            distinct, which = np.unique(codes, return_inverse=True)
            first, second = np.divmod(distinct, len(words))
            said = [f"{words[a]} {words[b]}" for a, b in zip(first, second, strict=True)]
            pairs = _counts(rows[:-1][neighbours], which, (len(texts), distinct.size))
            hashed = hashed + pairs @ self._words.transform([p] for p in said)
        chars = counts @ self._chars.transform(words)
        matrix = sp.hstack([hashed, chars], format="csr", dtype=np.float32)
        matrix.sort_indices()
        return matrix

    def weigh(self, raw: Any) -> Callable[[Any], Any]:
        """Sublinear TF x smoothed IDF, words at half weight, rows of unit length; in a big
        corpus, n-grams found in more than a twentieth of the texts are dropped."""
        rows = max(raw.shape[0], 1)
        df = np.bincount(sp.csr_matrix(raw).indices, minlength=raw.shape[1])
        idf = (np.log((1 + rows) / (1 + df)) + 1).astype(np.float32)
        if rows * _COMMON > _COMMON_FLOOR:
            idf[df > rows * _COMMON] = 0.0
        idf[:_WORD_FEATURES] *= _WORD_WEIGHT
        scale = sp.diags(idf, format="csr")

        def unit(counts: Any) -> Any:
            tf = sp.csr_matrix(counts, dtype=np.float32, copy=True)
            np.log1p(tf.data, out=tf.data)
            tf.data += 1.0
            return normalize(tf @ scale)

        return unit


def _hashing(analyzer: str, ngrams: tuple[int, int], features: int) -> HashingVectorizer:
    return HashingVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        lowercase=False,  # _plain_piece did it
        n_features=features,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def _tokens(texts: Sequence[str]) -> tuple[list[str], Any, Any]:
    """The distinct plain words of `texts`, and for every word of every text in order, its
    text's row and its distinct word's column."""
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a new word gets the next column
    columns: list[int] = []
    ends = [0]
    for text in texts:
        columns += map(vocabulary.__getitem__, _plain(text))
        ends.append(len(columns))
    rows = np.repeat(np.arange(len(texts)), np.diff(ends))
    return list(vocabulary), rows, np.array(columns, dtype=np.int64)


def _counts(rows: Any, columns: Any, shape: tuple[int, int]) -> sp.csr_matrix:
    ones = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((ones, (rows, columns)), shape=shape)


def _plain(text: str) -> Iterable[str]:
    """Case-folded words without accents or stop words: what TF-IDF compares."""
    # Folding works within whitespace-separated pieces, and pieces repeat from text to text
    # (a word with its punctuation), so each distinct piece is folded once.
    return itertools.chain.from_iterable(map(_plain_piece, text.split()))


@functools.lru_cache(maxsize=1 << 16)
def _plain_piece(piece: str) -> tuple[str, ...]:
    """The words of one piece of text without whitespace, as `_plain` keeps them."""
    folded = unicodedata.normalize("NFKD", piece.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return tuple(w for w in _WORD.findall(folded) if w not in ENGLISH_STOP_WORDS)


class Index:
    """Items encoded once and kept, so a new pain point is compared with thousands in a few
    milliseconds; the weighing is fitted again only when the items grew by a tenth."""

    def __init__(self, method: Method | None = None) -> None:
        self.method: Method = method or Tfidf()
        self.items: list[Item] = []
        self._raw: Any = None
        self._unit: Any = None
        self._weigh: Callable[[Any], Any] | None = None
        self._fitted_on = 0

    def hold(self, items: Sequence[Item]) -> None:
        """Make the index hold exactly `items`: what it holds already is kept when it is a
        prefix of them (the usual case: pain points only ever get added)."""
        same = 0
        for mine, theirs in zip(self.items, items, strict=False):
            if mine != theirs:
                break
            same += 1
        if same < len(self.items):
            self._truncate(same)
        self.add(items[same:])

    def add(self, items: Sequence[Item]) -> None:
        """Encode and keep more items."""
        if not items:
            return
        raw = self.method.encode([i.text for i in items])
        self._raw = raw if self._raw is None else _stack(self._raw, raw)
        self.items += items
        if self._weigh is None or len(self.items) > self._fitted_on * 1.1 + 16:
            self._weigh, self._fitted_on = self.method.weigh(self._raw), len(self.items)
            self._unit = self._weigh(self._raw)
        else:
            self._unit = _stack(self._unit, self._weigh(raw))

    def _truncate(self, size: int) -> None:
        self.items = self.items[:size]
        if size == 0:
            self._raw = self._unit = self._weigh = None
            self._fitted_on = 0
        else:  # fitted again: what was taken away must not weigh any more
            self._raw = self._raw[:size]
            self._weigh, self._fitted_on = self.method.weigh(self._raw), size
            self._unit = self._weigh(self._raw)

    def neighbours(
        self, start: int, n: int, floor: float, stop: int | None = None
    ) -> list[list[tuple[int, float]]]:
        """For each item from `start` (to `stop`), its best `n` items (itself included) as
        (position, score x 100) scoring at least `floor`, best first."""
        nearest = self.nearest(start, n, floor, stop)
        pairs = list(zip(nearest.indices.tolist(), nearest.data.tolist(), strict=True))
        return [pairs[lo:hi] for lo, hi in itertools.pairwise(nearest.indptr.tolist())]

    def nearest(self, start: int, n: int, floor: float, stop: int | None = None) -> sp.csr_matrix:
        """`neighbours` as a sparse matrix: row r is item `start` + r, each of its best `n`
        items a column holding the score x 100, best first in the row's storage."""
        if self._unit is None or start >= len(self.items):
            return sp.csr_matrix((0, len(self.items)))
        return _nearest(self._unit, start, n, floor, stop)


def _stack(a: Any, b: Any) -> Any:
    return sp.vstack([a, b], format="csr") if sp.issparse(a) else np.vstack([a, b])


def text_of(problem: str, title: str = "") -> str:
    """What is compared for a pain point or candidate: its title, then its problem."""
    return f"{title or title_of(problem)}\n{problem}"


def obstacle_group(interview_id: int, key: str) -> str:
    """The group of a pain point: its interview and obstacle (`why.2.1` and `obstacle.2` are
    both obstacle 2)."""
    parts = key.split(".")
    return f"{interview_id}:{parts[1] if len(parts) > 1 else key}"


def find_similar(
    existing: Sequence[Item],
    new: Sequence[Item],
    *,
    method: Method | None = None,
    index: Index | None = None,
    threshold: float | None = None,
    limit: int | None = TOP,
) -> list[Match]:
    """Each new item against the existing ones and the new ones before it, best first: at most
    `limit` per new item, each scoring at least `threshold` (the method's own by default). An
    `index` kept between calls spares encoding the existing items again."""
    if not new:
        return []
    index = index or Index(method)
    floor = index.method.threshold if threshold is None else threshold
    index.hold([*existing, *new])
    items, start = index.items, len(existing)
    found: list[Match] = []
    for offset, row in enumerate(index.neighbours(start, (limit or len(items)) + _SLACK, floor)):
        position = start + offset
        me = items[position]
        scored = [
            Match(me.id, items[other].id, round(score, 1))
            for other, score in row
            if other < position and _apart(me, items[other])
        ]
        found += scored[:limit]
    return found


def find_duplicates(
    items: Sequence[Item], *, method: Method | None = None, threshold: float | None = None
) -> list[Match]:
    """Every likely duplicate pair among `items`, each once (`other` came first)."""
    index = Index(method)
    floor = index.method.threshold if threshold is None else threshold
    index.hold(items)
    found = index.nearest(0, TOP + _SLACK, floor).tocoo()
    rows, columns, scores = found.row, found.col, found.data
    # What `_apart` says, for every pair at once: items in one group have one group number.
    ids = np.array([i.id for i in items], dtype=np.int64)
    groups: defaultdict[str, int] = defaultdict()
    groups.default_factory = groups.__len__
    group = np.array([groups[i.group] if i.group else -1 - p for p, i in enumerate(items)])
    apart = (ids[rows] != ids[columns]) & (group[rows] != group[columns])
    newer, older = np.maximum(rows, columns)[apart], np.minimum(rows, columns)[apart]
    scores = scores[apart]
    # Each pair once, at its best score (found from both ends, the two may differ in the last bit).
    order = np.lexsort((-scores, older, newer))
    newer, older, scores = newer[order], older[order], scores[order]
    first = np.ones(newer.size, dtype=bool)
    first[1:] = (newer[1:] != newer[:-1]) | (older[1:] != older[:-1])
    newer, older, scores = ids[newer[first]], ids[older[first]], scores[first]
    pairs = zip(newer.tolist(), older.tolist(), scores.tolist(), strict=True)
    matches = [Match(a, b, round(score, 1)) for a, b, score in pairs]
    return sorted(matches, key=lambda m: (m.id, -m.score, m.other))


def most_similar(
    existing: Sequence[Item],
    item: Item,
    *,
    method: Method | None = None,
    index: Index | None = None,
    top: int = TOP,
    floor: float = 1.0,
) -> list[Match]:
    """The `top` existing items most like `item`, whatever their score (above a floor that
    leaves out texts sharing nothing): what a person is offered to choose from."""
    others = [e for e in existing if e.id != item.id]
    return find_similar(others, [item], method=method, index=index, threshold=floor, limit=top)


def _apart(a: Item, b: Item) -> bool:
    return a.id != b.id and not (a.group and a.group == b.group)


def _threads(rows: int) -> int | None:
    """Threads for a product of `rows` rows: one per core for big ones (rows are independent,
    so the result is the same), none for small ones, where starting threads costs more."""
    cores = os.cpu_count() or 1
    return cores if rows >= _THREADED and cores > 1 else None


def _nearest(
    vectors: Any, start: int, n: int, floor: float, stop: int | None = None
) -> sp.csr_matrix:
    """For each row from `start` to `stop`, its best `n` rows of the whole matrix (itself
    included) as columns holding score x 100 >= floor, best first."""
    total = vectors.shape[0]
    end = total if stop is None else min(stop, total)
    n = max(1, min(n, total))
    if sp.issparse(vectors):
        matrix = sp.csr_matrix(vectors)
        rows = matrix[start:end]
        product = sp_matmul_topn(
            rows,
            matrix.T.tocsr(),
            top_n=n,
            threshold=floor / 100 - 1e-6,
            sort=True,
            n_threads=_threads(rows.shape[0]),
        )
        product.data = product.data.astype(np.float64) * 100
        return product
    dense = np.asarray(vectors, dtype=np.float32)
    chunks = []
    for first in range(start, end, _CHUNK):
        scores = dense[first : min(first + _CHUNK, end)] @ dense.T
        take = np.argpartition(-scores, n - 1, axis=1)[:, :n]
        values = np.take_along_axis(scores, take, axis=1)
        order = np.argsort(-values, axis=1)
        take, values = np.take_along_axis(take, order, axis=1), np.take_along_axis(values, order, 1)
        hundred = (values * 100).astype(np.float64)
        keep = hundred >= floor
        ends = np.concatenate([[0], np.cumsum(keep.sum(axis=1))])
        chunks.append(sp.csr_matrix((hundred[keep], take[keep], ends), shape=(len(take), total)))
    return sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, total))
