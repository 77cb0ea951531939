"""Slack answering 429 or 5xx mid-interview delays the next question; it still arrives once."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from slack_sdk.http_retry import builtin_async_handlers, jitter

from bot.runtime import BotRuntime
from sandbox import FakeSlack, SlackDriver
from tests.slack.helpers import (
    Conversation,
    question_key_of,
    settle,
    start_dm_interview,
    wait_for_question,
)


@pytest.fixture(autouse=True)
def no_retry_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sdk waits Retry-After (or its back-off) plus up to 1 s of jitter; drop the jitter."""
    no_jitter = SimpleNamespace(random=lambda: 0.0)
    monkeypatch.setattr(builtin_async_handlers, "random", no_jitter)
    monkeypatch.setattr(jitter, "random", no_jitter)


@pytest.mark.parametrize(
    ("status", "burst"),
    [pytest.param(429, 3, id="429 storm"), pytest.param(500, 2, id="500 burst")],
)
async def test_next_question_arrives_exactly_once_through_a_burst_of_failures(
    fake: FakeSlack,
    slack: SlackDriver,
    convo: Conversation,
    bot: BotRuntime,
    status: int,
    burst: int,
) -> None:
    interview_id, first = await start_dm_interview(convo, "alice", "bob")
    await convo.answer("bob", "Grow revenue 20%")
    measure = await wait_for_question(convo, "bob", interview_id, after=first["ts"])
    posts_before = len(fake.calls("chat.postMessage"))

    fake.fail_next("chat.postMessage", status=status, retry_after=1, count=burst)
    await convo.answer("bob", "ARR")
    following = await wait_for_question(convo, "bob", interview_id, after=measure["ts"])
    await settle(bot.storage)

    attempts = fake.calls("chat.postMessage")[posts_before:]
    assert [c.status for c in attempts] == [status] * burst + [200]
    if status == 429:
        gaps = [b.at - a.at for a, b in itertools.pairwise(attempts)]
        assert min(gaps) >= 0.9, "Retry-After was honoured"
    later = [m for m in convo.from_bot("bob") if float(m["ts"]) > float(measure["ts"])]
    assert later == [following] and question_key_of(following) == "goal.2"
    assert bot.storage is not None
    assert set(await bot.storage.outbox_status()) == {"sent"}, "nothing failed or left behind"
