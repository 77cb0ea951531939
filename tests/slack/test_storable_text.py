"""Every class of hostile text, sent as a real DM answer on SQLite and PostgreSQL, is acked,
stored and read back: lone surrogates and NUL as U+FFFD, everything else exactly as typed."""

from __future__ import annotations

import pytest

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.corpus import CORPUS, as_stored
from tests.slack.conftest import bot_settings
from tests.slack.helpers import (
    Conversation,
    settle,
    start_dm_interview,
    wait_for_question,
)

PIECE = 2_000
"""Long entries are length classes too; a slice keeps their characters and the answer short."""


@pytest.fixture
def database_url(db_url: str) -> str:
    """The bot runs on each backend (tests/conftest.py `db_url`)."""
    return db_url


def slack_escaped(text: str) -> str:
    """The text as Slack sends what a person typed: &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def test_every_hostile_character_class_in_a_dm_answer_is_stored_and_read_back(
    convo: Conversation, bot: BotRuntime
) -> None:
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    typed = "\n".join(text[:PIECE] for text in CORPUS if text.strip())
    delivery = await convo.slack.message(convo.id("bob"), slack_escaped(typed))
    assert delivery.status == 200
    second = await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    only_unstorable = "\ud83d\x00\udfff"
    delivery = await convo.slack.message(convo.id("bob"), only_unstorable)
    assert delivery.status == 200
    await wait_for_question(convo, "bob", interview_id, after=second["ts"])
    await settle(bot.storage)

    assert bot.storage is not None
    record = await bot.storage.get_interview(interview_id)
    assert record.answers["goal.1"].text == as_stored(typed)
    assert record.answers["goal.1.measure"].text == "\ufffd\ufffd\ufffd"
    assert "\ud83d" in typed and "\x00" in typed, "the corpus holds what the edge must replace"


async def test_a_lone_surrogate_over_socket_mode_is_stored_as_a_replacement_character(
    fake: FakeSlack, database_url: str
) -> None:
    runtime = BotRuntime(bot_settings(fake, database_url))
    await runtime.start(http=False)
    try:
        await fake.socket.wait_connected(timeout=5)
        async with SlackDriver(fake, transport="socket") as driver:
            convo = Conversation(fake, driver)
            interview_id, first = await start_dm_interview(convo, "alice", "bob")
            await driver.message(convo.id("bob"), "half an emoji \ud83d and a NUL \x00")
            await wait_for_question(convo, "bob", interview_id, after=first["ts"])
        assert runtime.storage is not None
        record = await runtime.storage.get_interview(interview_id)
        assert record.answers["goal.1"].text == "half an emoji \ufffd and a NUL \ufffd"
    finally:
        await runtime.stop()
