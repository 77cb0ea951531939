"""The duplicate benchmark: its labelled set, its measures, and the targets the default meets."""

from __future__ import annotations

from pathlib import Path

from bench.duplicate_methods import Product
from bench.duplicates import END, START, TARGETS, load, quality, report, true_pairs, write
from bot.roadmap.similarity import Tfidf


def test_the_labelled_set_has_clusters_look_alikes_and_two_causes_of_one_obstacle() -> None:
    points = load()
    themes = {p.theme for p in points}
    clusters = [t for t in themes if sum(p.theme == t for p in points) > 1]
    assert len(points) >= 60 and len(clusters) >= 15 and len(themes) - len(clusters) >= 15
    obstacles = [p.obstacle for p in points]
    assert len(obstacles) - len(set(obstacles)) >= 1  # a second cause of one obstacle
    assert len(true_pairs(points)) > len(clusters)


def test_tfidf_meets_the_targets_on_the_labelled_set_and_never_pairs_one_obstacle() -> None:
    q = quality(Product("tfidf", Tfidf()), load())
    assert q.same_obstacle == 0 and q.suggested > 0
    assert q.precision >= TARGETS["precision"] and q.top3 >= TARGETS["top3"]


def test_the_report_goes_between_its_markers_and_keeps_the_rest(tmp_path: Path) -> None:
    method = Product("tfidf", Tfidf())
    section = report([(method, quality(method, load()), None)], 74)
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nIntro.\n\n{START}\nstale figures\n{END}\n\nAfter.\n")
    write(section, doc)
    text = doc.read_text()
    assert "stale figures" not in text and "Intro." in text and "After." in text and section in text
    assert "| tfidf |" in section and "before: rapidfuzz" in section
