"""Likely duplicate pain points, by lexical similarity (rapidfuzz) over normalised words.

Texts are lower-cased, stripped of accents and common words, and lightly stemmed; two texts
score the mean of rapidfuzz's token-sort and token-set ratios (0-100), so word order and extra
words matter less than shared words. Comparing every pair would grow with the square of the
number of pain points, so candidates are found first through an index of each text's rarest
words (texts that share fewer than two of their rarest words are never close) and only those
pairs are scored.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

DEFAULT_THRESHOLD = 60.0
"""Scores from here up are suggested; people confirm every merge, so this leans to recall."""

# Texts sharing less than this share of their words (Jaccard) are not scored: the fuzzy score
# of such a pair is low anyway. Long texts are indexed by their rarest words only.
_OVERLAP_FLOOR = 0.2
_RAREST = 12
_FEW = 20  # new texts 20 times fewer than old ones: index words, not pairs
_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "s", "ly")
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each few for from
    further get gets getting got had has have having he her here hers him his how i if in into is
    it its itself just me more most much my no nobody nor not now of off on once only or other
    our out over own same she should so some such than that the their them then there these they
    this those through to too under until up us very was we were what when where which while who
    whom why will with would you your""".split()  # noqa: SIM905 - a word list reads as prose
)


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def words(text: str) -> list[str]:
    """The content words of a text, normalised and stemmed, in order."""
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    plain = folded
    return [_stem(w) for w in _WORD.findall(plain) if w not in STOPWORDS]


def similarity(a: str, b: str) -> float:
    """0-100: how alike two texts are once normalised."""
    return _score(" ".join(words(a)), " ".join(words(b)))


def _score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return (fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2


@dataclass(frozen=True)
class Match:
    """`id` is likely a duplicate of `other`, with a score of 0-100."""

    id: int
    other: int
    score: float


@dataclass
class _Doc:
    id: int
    text: str
    tokens: frozenset[str]
    keys: tuple[tuple[str, str], ...] = ()


def find_similar(
    existing: Iterable[tuple[int, str]],
    new: Iterable[tuple[int, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int | None = None,
) -> list[Match]:
    """Each new text against the existing ones and the new ones before it, best match first
    (at most `limit` per new text). A text with no content words matches nothing."""
    old_docs = [_doc(i, t) for i, t in existing]
    new_docs = [_doc(i, t) for i, t in new]
    index: _Index | _WordIndex
    if len(new_docs) * _FEW <= len(old_docs):
        index = _WordIndex()  # a few new texts: no need to index pairs of every old one
    else:
        df: Counter[str] = Counter()
        for doc in (*old_docs, *new_docs):
            df.update(doc.tokens)
        for doc in (*old_docs, *new_docs):
            rarest = sorted(doc.tokens, key=lambda t: (df[t], t))[:_RAREST]
            doc.keys = tuple(combinations(sorted(rarest), 2))
        index = _Index()
    for doc in old_docs:
        index.add(doc)
    found: list[Match] = []
    for doc in new_docs:
        if doc.tokens:
            scored = [
                Match(doc.id, other.id, round(value, 1))
                for other in index.candidates(doc)
                if _may_match(doc.tokens, other.tokens)
                and (value := _score(doc.text, other.text)) >= threshold
            ]
            scored.sort(key=lambda m: (-m.score, m.other))
            found += scored[:limit]
        index.add(doc)
    return found


def find_duplicates(
    items: Sequence[tuple[int, str]], *, threshold: float = DEFAULT_THRESHOLD
) -> list[Match]:
    """Every likely duplicate pair among `items`, each once (`other` came first)."""
    return find_similar((), items, threshold=threshold)


def _doc(doc_id: int, text: str) -> _Doc:
    tokens = words(text)
    return _Doc(doc_id, " ".join(tokens), frozenset(tokens))


class _Index:
    """Texts by each pair of their rarest words: two texts are compared only when they share
    two of them (or, for a one-word text, that word), which keeps the work near linear. How
    many pairs two texts share tells how many words they share, so most candidates are
    dismissed by counting alone."""

    def __init__(self) -> None:
        self._docs: list[_Doc] = []
        self._pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._words: dict[str, list[int]] = defaultdict(list)
        self._single: dict[str, list[int]] = defaultdict(list)

    def add(self, doc: _Doc) -> None:
        """Make a text findable."""
        position = len(self._docs)
        self._docs.append(doc)
        for key in doc.keys:
            self._pairs[key].append(position)
        for token in doc.tokens:
            self._words[token].append(position)
        if len(doc.tokens) == 1:
            self._single[next(iter(doc.tokens))].append(position)

    def candidates(self, doc: _Doc) -> list[_Doc]:
        """The texts worth scoring against `doc`, each once."""
        mine = len(doc.tokens)
        if mine == 1:
            return [self._docs[p] for p in self._words.get(next(iter(doc.tokens)), ())]
        hits: Counter[int] = Counter()
        for key in doc.keys:
            postings = self._pairs.get(key)
            if postings:
                hits.update(postings)
        found = [self._docs[p] for token in doc.tokens for p in self._single.get(token, ())]
        mine = min(mine, _RAREST)
        # The fewest shared pairs any text could pass with (a two-word one): a cheap first cut.
        least = math.ceil(_OVERLAP_FLOOR * (mine + 2) / (1 + _OVERLAP_FLOOR))
        need = max(1, least * (least - 1) // 2)
        for position in [p for p, c in hits.items() if c >= need]:
            count = hits[position]
            # Sharing s of their rarest words means sharing s(s-1)/2 pairs of them; texts whose
            # rarest words overlap by less than the floor are not scored (exact for short texts).
            shared = (1 + math.isqrt(1 + 8 * count)) // 2
            theirs = min(len(self._docs[position].tokens), _RAREST)
            if shared >= _OVERLAP_FLOOR * (mine + theirs - shared):
                found.append(self._docs[position])
        return found


class _WordIndex:
    """Texts by word, for checking a few new texts against many: a new text is compared with
    the texts sharing enough of its rarest words, counted word by word."""

    def __init__(self) -> None:
        self._docs: list[_Doc] = []
        self._words: dict[str, list[int]] = defaultdict(list)

    def add(self, doc: _Doc) -> None:
        """Make a text findable."""
        position = len(self._docs)
        self._docs.append(doc)
        for token in doc.tokens:
            self._words[token].append(position)

    def candidates(self, doc: _Doc) -> list[_Doc]:
        """The texts worth scoring against `doc`, each once."""
        rarest = sorted(doc.tokens, key=lambda t: (len(self._words.get(t, ())), t))[:_RAREST]
        hits: Counter[int] = Counter()
        for token in rarest:
            postings = self._words.get(token)
            if postings:
                hits.update(postings)
        mine = len(rarest)
        found = []
        for position, shared in hits.items():
            other = self._docs[position]
            theirs = min(len(other.tokens), _RAREST)
            if shared >= min(2, mine, theirs) and shared >= _OVERLAP_FLOOR * (
                mine + theirs - shared
            ):
                found.append(other)
        return found


def _may_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """Cheap check before scoring: enough shared words (one when a text has one)."""
    shared = len(a & b)
    return shared >= min(2, len(a), len(b)) and shared >= _OVERLAP_FLOOR * len(a | b)
