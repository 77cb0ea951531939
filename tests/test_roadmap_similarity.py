"""Likely duplicates: lexical by default, semantic only where a local embedding package is."""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

import pytest

from bot.roadmap import semantic
from bot.roadmap.similarity import (
    DEFAULT_THRESHOLD,
    Match,
    find_duplicates,
    find_similar,
    similarity,
    words,
)

LEADS = "Leads get lost between marketing and sales\nThe CRM is updated by hand"
SAME_LEADS = "Sales loses leads handed over from marketing\nCRM updated manually"
CLOSE = "Month-end close takes two weeks\nSpreadsheets reconciled by hand"
SAME_CLOSE = "Closing the books takes too long\nManual spreadsheet reconciliation"
DASHBOARDS = "Dashboards show wrong numbers\nDefinitions differ between teams"


def test_words_are_folded_stemmed_and_stripped_of_common_ones() -> None:
    assert words("The Invoices are sent LATE, égal!") == ["invoic", "sent", "lat", "egal"]
    assert words("") == [] and words("the and of") == []


def test_paraphrases_score_above_the_threshold_and_unrelated_texts_below() -> None:
    assert similarity(LEADS, SAME_LEADS) >= DEFAULT_THRESHOLD
    assert similarity(CLOSE, SAME_CLOSE) >= DEFAULT_THRESHOLD
    assert similarity(LEADS, CLOSE) < DEFAULT_THRESHOLD
    assert similarity(DASHBOARDS, LEADS) < DEFAULT_THRESHOLD
    assert similarity("", LEADS) == 0


def test_new_pain_points_are_matched_to_existing_ones_best_first() -> None:
    existing = [(1, LEADS), (2, CLOSE), (3, DASHBOARDS)]
    found = find_similar(existing, [(10, SAME_LEADS), (11, SAME_CLOSE), (12, "Weather is nice")])
    assert [(m.id, m.other) for m in found] == [(10, 1), (11, 2)]
    assert all(0 < m.score <= 100 for m in found)


def test_new_pain_points_are_also_matched_to_each_other_each_pair_once() -> None:
    found = find_duplicates([(1, LEADS), (2, CLOSE), (3, SAME_LEADS), (4, SAME_CLOSE)])
    assert {(m.id, m.other) for m in found} == {(3, 1), (4, 2)}


def test_limit_keeps_the_best_matches_per_new_text() -> None:
    existing = [(i, f"{LEADS} {'x' * i}") for i in range(1, 6)]
    found = find_similar(existing, [(9, LEADS)], limit=2)
    assert len(found) == 2 and found[0].score >= found[1].score


def test_one_word_texts_match_texts_containing_the_word() -> None:
    found = find_similar([(1, "CRM is slow"), (2, "Payroll")], [(3, "crm")], threshold=50)
    assert [m.other for m in found] == [1]


def test_text_with_no_content_words_matches_nothing() -> None:
    assert find_similar([(1, "the and of")], [(2, "the and of"), (3, "")]) == []


def _corpus(n: int, seed: int) -> list[tuple[int, str]]:
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(400)]
    docs: list[str] = []
    for _ in range(n):
        if docs and rnd.random() < 0.3:
            base = rnd.choice(docs).split()
            rnd.shuffle(base)
            docs.append(" ".join([*base[:-1], rnd.choice(vocab)]))
        else:
            docs.append(" ".join(rnd.choices(vocab, k=rnd.randint(3, 9))))
    return list(enumerate(docs, start=1))


def _brute(items: Sequence[tuple[int, str]]) -> set[tuple[int, int]]:
    """Every pair that scores enough and shares two words and a fifth of its words."""
    found = set()
    for (i, a), (j, b) in combinations(items, 2):
        x, y = set(words(a)), set(words(b))
        shared = len(x & y) >= 2 and len(x & y) >= 0.2 * len(x | y)
        if shared and similarity(a, b) >= DEFAULT_THRESHOLD:
            found.add((j, i))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_finds_every_pair_brute_force_finds(seed: int) -> None:
    items = _corpus(300, seed)
    found = {(m.id, m.other) for m in find_duplicates(items)}
    assert found == _brute(items)


@pytest.mark.parametrize("seed", [4, 5])
def test_a_few_new_texts_against_many_find_what_brute_force_finds(seed: int) -> None:
    items = _corpus(300, seed)
    old, new = items[:290], items[290:]  # few enough new texts to index words, not pairs
    found = {(m.id, m.other) for m in find_similar(old, new)}
    assert found == {pair for pair in _brute(items) if pair[0] > 290}


class FakeEmbedder:
    """Implements the embedding interface: a bag of known words as the vector."""

    VOCAB = ("lead", "sales", "crm", "close", "books", "month", "manual", "lost")

    def encode(self, sentences: list[str]) -> list[list[float]]:
        return [[float(word in s.lower()) for word in self.VOCAB] for s in sentences]


def test_semantic_matching_uses_the_embedder_and_its_own_threshold() -> None:
    existing = [(1, "Leads lost, CRM"), (2, "Month close of the books")]
    found = semantic.find_similar_semantic(
        existing, [(3, "lost leads in the crm"), (4, "payroll")], FakeEmbedder()
    )
    assert found == [Match(3, 1, 100.0)]
    assert semantic.find_similar_semantic(existing, [], FakeEmbedder()) == []


def test_semantic_needs_the_package_and_a_local_model(tmp_path: object) -> None:
    from pathlib import Path

    if semantic.available():
        with pytest.raises(semantic.SemanticUnavailable, match="folder"):
            semantic.load_embedder(Path(str(tmp_path)) / "missing")
    else:
        with pytest.raises(semantic.SemanticUnavailable, match="sentence-transformers"):
            semantic.load_embedder(Path(str(tmp_path)))


def test_semantic_model_from_a_local_folder_when_installed() -> None:
    pytest.importorskip("sentence_transformers", reason="the optional embedding package")
    pytest.skip("no local model ships with the tests (models are never downloaded)")
