"""Likely duplicates: problems compared by TF-IDF (words and character n-grams) by default, by
embeddings where an optional package is; two causes of one obstacle never paired."""

from __future__ import annotations

import random
import re
import unicodedata
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from bot.roadmap import semantic
from bot.roadmap.similarity import (
    DEFAULT_THRESHOLD,
    Index,
    Item,
    Match,
    Tfidf,
    find_duplicates,
    find_similar,
    most_similar,
    obstacle_group,
    text_of,
)

# The case: near-identical multi-sentence pain points the old prefilter never paired.
LONG = (
    "Closing the books takes ten working days each month. The team reconciles bank statements "
    "by hand, chases accruals by email and only then can start the management report, so the "
    "CEO sees last month's numbers around the fifteenth."
)
LONG_AGAIN = (
    "Closing the books takes us ten working days every month. We reconcile the bank statements "
    "by hand and chase accruals by email before the management report can start, so the CEO "
    "only sees the numbers around the fifteenth."
)
DASHBOARDS = "Two dashboards show different revenue for the same month."
LEADS = "Leads from marketing sit untouched for days before a rep calls them."
LEADS_AGAIN = "We pass webinar leads to sales and most of them never get a follow-up call."
PAYROLL = "Overtime is often missing from payslips and my team complains every month."


def items(*texts: str) -> list[Item]:
    return [Item(n, text_of(t)) for n, t in enumerate(texts, start=1)]


def test_near_identical_long_pain_points_are_suggested_and_others_are_not() -> None:
    found = find_similar(items(LONG, DASHBOARDS, LEADS), [Item(9, text_of(LONG_AGAIN))])
    assert [(m.id, m.other) for m in found] == [(9, 1)]
    assert found[0].score >= DEFAULT_THRESHOLD
    assert find_similar(items(LONG, DASHBOARDS), [Item(9, text_of(PAYROLL))]) == []


def test_two_causes_of_one_obstacle_are_never_paired() -> None:
    same = [Item(1, text_of(LONG), "7:1"), Item(2, text_of(LONG), "7:1")]
    assert find_duplicates(same) == []
    assert find_similar(same[:1], same[1:]) == []
    apart = [Item(1, text_of(LONG), "7:1"), Item(2, text_of(LONG), "8:1")]
    assert [(m.id, m.other) for m in find_duplicates(apart)] == [(2, 1)]
    assert obstacle_group(7, "why.1.2") == obstacle_group(7, "obstacle.1") == "7:1"
    assert obstacle_group(7, "why.2.1") != obstacle_group(7, "why.1.1")


def test_the_top_three_are_offered_whatever_their_score_best_first() -> None:
    existing = items(DASHBOARDS, LEADS, PAYROLL, LONG)
    found = most_similar(existing, Item(9, text_of(LEADS_AGAIN)))
    assert found[0].other == 2 and found[0].score < DEFAULT_THRESHOLD  # offered, not suggested
    assert len(found) <= 3 and [m.score for m in found] == sorted(m.score for m in found)[::-1]
    assert all(m.other != 9 for m in most_similar([*existing, Item(9, LEADS)], Item(9, LEADS)))


@pytest.mark.parametrize(
    "text",
    ["", "   ", "the and of", "<!channel> {{ 7*7 }}", "ünïcödé façade 😀 " * 3, "x" * 200_000],
)
def test_blank_odd_and_huge_texts_never_fail_and_blank_ones_match_nothing(text: str) -> None:
    found = find_similar(items(LONG, DASHBOARDS), [Item(9, text)], threshold=1.0)
    if not text.strip() or text == "the and of":
        assert found == []
    assert find_duplicates([Item(1, text), Item(2, text), Item(3, "")], threshold=1.0) is not None


def test_accents_and_case_do_not_matter() -> None:
    found = find_similar(
        [Item(1, "Les FACTURES sont envoyées en retard")],
        [Item(2, "les factures sont envoyees en retard")],
    )
    assert found and found[0].score > 99


def test_a_kept_index_gives_what_a_fresh_one_gives_as_pain_points_come_and_go() -> None:
    rnd = random.Random(3)
    corpus = _corpus(120, rnd)
    kept = Index(Tfidf())
    for size in (40, 80, 120, 60, 119):  # growing, then shrinking, then another order
        old, new = corpus[: size - 1], corpus[size - 1 : size]
        fresh = find_similar(old, new, threshold=1.0)
        assert find_similar(old, new, index=kept, threshold=1.0) == fresh
        assert kept.items == corpus[:size]
    # One more pain point (less than a tenth): encoded with the weights it has, same ranking.
    grown = find_similar(corpus, [Item(999, corpus[0].text + " again")], index=kept, limit=3)
    fresh = find_similar(corpus, [Item(999, corpus[0].text + " again")], limit=3)
    assert [m.other for m in grown] == [m.other for m in fresh]
    rnd.shuffle(corpus)
    assert find_similar(corpus[:-1], corpus[-1:], index=kept, threshold=1.0) == find_similar(
        corpus[:-1], corpus[-1:], threshold=1.0
    )


def _corpus(n: int, rnd: random.Random) -> list[Item]:
    words = "invoice lead forecast close books dashboard revenue payroll ticket release".split()  # noqa: SIM905
    verbs = "late wrong lost slow missing broken manual duplicated".split()  # noqa: SIM905
    texts = [
        " ".join(rnd.choices(words, k=4) + rnd.choices(verbs, k=2) + [f"case{i}"]) for i in range(n)
    ]
    return [Item(i, t) for i, t in enumerate(texts, start=1)]


@pytest.mark.parametrize("seed", [1, 2])
def test_every_pair_finds_what_brute_force_cosines_find(seed: int) -> None:
    rnd = random.Random(seed)
    corpus = _corpus(150, rnd)
    method = Tfidf(threshold=60.0)
    vectors = method.weigh(method.encode([i.text for i in corpus]))(
        method.encode([i.text for i in corpus])
    ).toarray()
    scores = vectors @ vectors.T * 100
    brute = {
        (corpus[b].id, corpus[a].id)
        for a, b in combinations(range(len(corpus)), 2)
        if scores[a, b] >= 60.0
    }
    # Each row keeps its best few: a corpus where no text has more close ones than that.
    assert brute and max(int(np.sum(row >= 60.0)) - 1 for row in scores) <= 8
    assert {(m.id, m.other) for m in find_duplicates(corpus, method=method)} == brute


def test_encoding_each_distinct_word_once_gives_what_hashing_every_text_gives() -> None:
    rnd = random.Random(5)
    odd = ["", "a", "I a b", "Straße ΑΣ naïve x_y", "e\u0301 cafe\u0301 ﬁle ①", "the and"]
    texts = [i.text + " " + rnd.choice(odd) for i in _corpus(60, rnd)] + odd

    def plain(text: str) -> str:  # what the method says it compares, written the slow way
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        return " ".join(w for w in re.findall(r"[^\W_]+", folded) if w not in ENGLISH_STOP_WORDS)

    def hashing(analyzer: str, ngrams: tuple[int, int], features: int) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer=analyzer, ngram_range=ngrams, lowercase=False, n_features=features,
            alternate_sign=False, norm=None, dtype=np.float32,
        )  # fmt: skip

    folded = [plain(t) for t in texts]
    expected = sp.hstack(
        [hashing("word", (1, 2), 1 << 18).transform(folded),
         hashing("char_wb", (3, 5), 1 << 20).transform(folded)],
        format="csr",
    )  # fmt: skip
    encoded = Tfidf().encode(texts)
    assert encoded.shape == expected.shape and encoded.nnz == expected.nnz > 0
    assert (encoded != expected).nnz == 0


class FakeEmbedder:
    """Implements the embedding interface: a bag of known words as the vector."""

    VOCAB = ("lead", "sales", "crm", "close", "books", "month", "manual", "lost")

    def encode(self, sentences: list[str]) -> list[list[float]]:
        return [[float(word in s.lower()) for word in self.VOCAB] for s in sentences]


def test_an_embedding_method_uses_the_embedder_and_its_own_threshold() -> None:
    method = semantic.Embedding("fake", FakeEmbedder(), 80.0)
    existing = [Item(1, "Leads lost, CRM"), Item(2, "Month close of the books")]
    found = find_similar(
        existing, [Item(3, "lost leads in the crm"), Item(4, "payroll")], method=method
    )
    assert found == [Match(3, 1, 100.0)]
    assert find_similar(existing, [], method=method) == []
    (pair,) = find_duplicates([*existing, Item(3, "lost leads in the crm")], method=method)
    assert (pair.id, pair.other) == (3, 1)


def test_sentence_transformers_needs_the_package_and_a_local_model(tmp_path: Path) -> None:
    if semantic.available():
        with pytest.raises(semantic.SemanticUnavailable, match="folder"):
            semantic.load_embedder(tmp_path / "missing")
    else:
        with pytest.raises(semantic.SemanticUnavailable, match="sentence-transformers"):
            semantic.load_embedder(tmp_path)


def test_wordllama_loads_offline_from_its_wheel_and_ranks_by_meaning() -> None:
    pytest.importorskip("wordllama", reason="the optional `semantic` extra")
    method = semantic.Embedding("wordllama", semantic.load_wordllama(), 70.0)
    existing = items(DASHBOARDS, LEADS, PAYROLL)
    found = most_similar(existing, Item(9, text_of(LEADS_AGAIN)), method=method)
    assert found[0].other == 2
    (pair,) = find_duplicates(items(LONG, LONG_AGAIN, PAYROLL), method=method)
    assert (pair.id, pair.other) == (2, 1)
    blank = [Item(7, ""), Item(8, "   "), Item(9, "<!channel> {{ 7*7 }} 😀")]
    assert find_similar(items(LONG), blank[:2], method=method) == []  # no NaN, no warning
    assert find_similar(items(LONG), blank[2:], method=method, threshold=99.0) == []
