"""State lives in the database: a bot stopped mid-interview picks up exactly where it was."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sandbox import FakeSlack
from tests.slack.conftest import RunningBot
from tests.slack.helpers import (
    has_action,
    message_event,
    question_key_of,
    settle,
    start_dm_interview,
    wait_for_question,
)

StartBot = Callable[..., Awaitable[RunningBot]]


async def test_event_stored_but_not_handled_before_a_kill_is_applied_once_after_restart(
    fake: FakeSlack, start_bot: StartBot
) -> None:
    first = await start_bot()
    interview_id, question = await start_dm_interview(first.convo, "alice", "bob")
    bob = first.convo.id("bob")
    # What the inbox middleware stores before the ack; the process dies before the listener runs.
    event = message_event(fake, bob, "Grow revenue 20%")
    assert first.runtime.storage is not None
    inbox_id = await first.runtime.storage.record_event(
        slack_team_id=fake.team_id, event_id="Ev0KILLED001", kind="message", payload=event
    )
    assert inbox_id is not None
    await first.stop()

    second = await start_bot()
    following = await wait_for_question(second.convo, "bob", interview_id, after=question["ts"])
    retry = await second.slack.event(event, event_id="Ev0KILLED001", retry_num=1)
    await settle(second.runtime.storage)

    assert retry.status == 200
    assert second.runtime.storage is not None
    record = await second.runtime.storage.get_interview(interview_id)
    assert record.answers["goal.1"].text == "Grow revenue 20%"
    assert record.answers["goal.1"].history == ()
    assert (await second.runtime.storage.get_event(inbox_id)).status == "done"
    later = [m for m in second.convo.from_bot("bob") if float(m["ts"]) > float(question["ts"])]
    assert later == [following] and question_key_of(following) == "goal.1.measure"


async def test_stop_and_start_between_two_answers_resumes_at_the_same_question(
    fake: FakeSlack, start_bot: StartBot
) -> None:
    first = await start_bot()
    interview_id, question = await start_dm_interview(first.convo, "alice", "bob")
    await first.convo.answer("bob", "Grow revenue 20%")
    measure = await wait_for_question(first.convo, "bob", interview_id, after=question["ts"])
    await first.stop()
    posts = len(fake.calls("chat.postMessage"))

    second = await start_bot()
    assert len(fake.calls("chat.postMessage")) == posts, "a restart sends nothing again"
    await second.convo.answer("bob", "ARR")
    following = await wait_for_question(second.convo, "bob", interview_id, after=measure["ts"])
    await settle(second.runtime.storage)

    assert second.runtime.storage is not None
    record = await second.runtime.storage.get_interview(interview_id)
    assert {k: a.text for k, a in record.answers.items()} == {
        "goal.1": "Grow revenue 20%",
        "goal.1.measure": "ARR",
    }
    messages = second.convo.from_bot("bob")
    keys = [question_key_of(m) for m in messages if has_action(m, "question_skip")]
    assert keys == ["goal.1", "goal.1.measure", "goal.2"]
    assert following == second.convo.from_bot("bob")[-1]
