"""Long text is cut for Slack between words, never inside one, and still within the limits."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.limits import slack_len, split_text, truncate
from bot.render import escape_mrkdwn


def test_a_long_answer_is_split_between_words() -> None:
    words = [f"word{i:05d}" for i in range(6000)]
    chunks = split_text(" ".join(words), limit=3000)
    assert len(chunks) >= 20
    assert all(slack_len(c) <= 3000 for c in chunks)
    pieces = [w for chunk in chunks for w in chunk.split()]
    assert pieces == words  # no word broken in two, none lost, order kept


def test_truncation_ends_on_a_whole_word() -> None:
    text = "Marketing-qualified leads never reach a sales representative in time"
    cut = truncate(text, 40)
    assert cut.endswith("…") and slack_len(cut) <= 40
    assert cut.removesuffix("…") in {text[: m.start()] for m in re.finditer(" ", text)}


def test_a_word_longer_than_the_window_is_still_cut_to_fit() -> None:
    chunks = split_text("x" * 7000, limit=3000)
    assert [len(c) for c in chunks] == [3000, 3000, 1000]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdé😀&<>", min_size=1, max_size=40), min_size=1, max_size=400))
def test_words_survive_any_cut(typed: list[str]) -> None:
    words = [escape_mrkdwn(w) for w in typed]  # split_text cuts escaped mrkdwn
    text = " ".join(words)
    chunks = split_text(text, limit=200)
    assert all(slack_len(c) <= 200 for c in chunks)
    assert "".join(chunks).replace(" ", "") == text.replace(" ", "")
    if all(slack_len(w) <= 150 for w in words):
        assert [w for c in chunks for w in c.split(" ") if w] == [w for w in words if w]


def test_two_causes_of_one_obstacle_get_titles_that_read_apart() -> None:
    from bot.flows.titles import TITLE_MAX, cause_title

    assert (
        cause_title("Forecasts are always wrong", "Deals are updated once a month.")
        == "Forecasts are always wrong: deals are updated once a month"
    )
    assert cause_title("Leads get lost", "CRM stages differ") == "Leads get lost: CRM stages differ"
    assert cause_title("Leads get lost", "  ") == "Leads get lost"
    long = cause_title("word " * 30, "cause " * 30)
    assert len(long) <= TITLE_MAX and long.count("…") == 2
    assert long.startswith("word word") and ": cause cause" in long
