"""Roadmap settings: effort points per size, capacity, duplicate detection; all problems at once."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.roadmap import semantic
from bot.roadmap.formula import DEFAULT_POINTS
from bot.roadmap.model import Size
from bot.settings import load_settings


def test_defaults_are_the_documented_points_and_capacity() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.roadmap_points == DEFAULT_POINTS and settings.roadmap_capacity == 12
    assert settings.similarity == "tfidf" and settings.duplicate_threshold is None
    assert load_settings({"ROADMAP_SIMILARITY": "lexical"}, env_file=None).similarity == "tfidf"


def test_points_capacity_and_threshold_are_read() -> None:
    settings = load_settings(
        {
            "ROADMAP_EFFORT_POINTS": "xs=1, s=2, m=4, l=8, xl=16",
            "ROADMAP_CAPACITY_PER_QUARTER": "20",
            "ROADMAP_DUPLICATE_THRESHOLD": "75",
        },
        env_file=None,
    )
    assert settings.roadmap_points[Size.XL] == 16 and settings.roadmap_capacity == 20
    assert settings.duplicate_threshold == 75


def test_every_bad_roadmap_setting_is_listed_at_once() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(
            {
                "ROADMAP_EFFORT_POINTS": "XS=1,S=3,M=2,L=12,XL=24",
                "ROADMAP_CAPACITY_PER_QUARTER": "none",
                "ROADMAP_DUPLICATE_THRESHOLD": "150",
                "ROADMAP_SIMILARITY": "vibes",
            },
            env_file=None,
        )
    text = str(raised.value)
    assert "ROADMAP_EFFORT_POINTS: points must grow from XS to XL" in text
    assert "ROADMAP_CAPACITY_PER_QUARTER must be a number" in text
    assert "ROADMAP_DUPLICATE_THRESHOLD must be between 1 and 100" in text
    assert "ROADMAP_SIMILARITY must be one of tfidf, wordllama, semantic, got 'vibes'" in text
    with pytest.raises(ConfigError, match="is not like M=6"):
        load_settings({"ROADMAP_EFFORT_POINTS": "XXL=40"}, env_file=None)


def test_semantic_similarity_needs_the_package_and_a_local_model(tmp_path: object) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"ROADMAP_SIMILARITY": "semantic"}, env_file=None)
    assert "ROADMAP_EMBEDDING_MODEL" in str(raised.value)
    if not semantic.available():
        assert "sentence-transformers" in str(raised.value)


def test_wordllama_similarity_is_chosen_when_its_package_is_installed() -> None:
    if semantic.available(semantic.WORDLLAMA):
        settings = load_settings({"ROADMAP_SIMILARITY": "WordLlama"}, env_file=None)
        assert settings.similarity == "wordllama"
    else:
        with pytest.raises(ConfigError, match=r"interview-bot\[semantic\]"):
            load_settings({"ROADMAP_SIMILARITY": "wordllama"}, env_file=None)


def test_roadmap_editors_are_read_and_a_bad_id_is_listed_with_the_other_problems() -> None:
    settings = load_settings({"ROADMAP_EDITOR_IDS": "U123, W456"}, env_file=None)
    assert settings.roadmap_editor_ids == frozenset({"U123", "W456"})
    assert load_settings({}, env_file=None).roadmap_editor_ids == frozenset()
    with pytest.raises(ConfigError) as raised:
        load_settings(
            {
                "ROADMAP_EDITOR_IDS": "U1,bob",
                "ADMIN_USER_IDS": "@ann",
                "ROADMAP_CAPACITY_PER_QUARTER": "x",
            },
            env_file=None,
        )
    text = str(raised.value)
    assert "ROADMAP_EDITOR_IDS must be Slack user ids (U...): bob" in text
    assert "ADMIN_USER_IDS must be Slack user ids (U...): @ann" in text
    assert "ROADMAP_CAPACITY_PER_QUARTER must be a number" in text


def test_the_digest_chart_is_native_unless_png_is_asked_for() -> None:
    assert load_settings({}, env_file=None).digest_chart == "native"
    assert load_settings({"DIGEST_CHART": " PNG "}, env_file=None).digest_chart == "png"
    with pytest.raises(ConfigError, match="DIGEST_CHART must be native or png, got 'svg'"):
        load_settings({"DIGEST_CHART": "svg"}, env_file=None)
