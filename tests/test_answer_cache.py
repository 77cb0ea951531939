"""The answers a turn reads come from what this process last wrote, when the interview's revision
says nothing else has changed them; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage import (
    AnswerChange,
    InterviewRecord,
    Outgoing,
    PainRow,
    RootRow,
    Storage,
    Structure,
    Write,
)
from tests.test_storage import _interview, _write


@pytest.fixture
async def replica(db_url: str, storage: Storage) -> AsyncIterator[Storage]:
    """A second storage on the same database: another process or replica, its own cache."""
    other = await Storage.open(db_url)
    yield other
    await other.close()


async def _fresh(db_url: str, iid: int) -> InterviewRecord:
    """The interview as the database holds it, read by a storage that has cached nothing."""
    store = await Storage.open(db_url)
    try:
        return await store.get_interview(iid)
    finally:
        await store.close()


def _roots(*keys: str) -> Structure:
    return Structure(
        obstacles=((1, "Leads lost"),),
        roots=tuple(RootRow(k, 1, f"cause {k}", True) for k in keys),
        pain_points=tuple(PainRow(k, 1, "Leads lost", f"cause {k}", "") for k in keys),
    )


async def test_every_turn_reads_what_the_database_holds_without_reading_it(
    storage: Storage, db_url: str
) -> None:
    iid = await _interview(storage)
    seen: list[InterviewRecord] = []

    def turn(write: Write[None]) -> object:
        def decide(record: InterviewRecord) -> Write[None]:
            seen.append(record)
            return write

        return decide

    goal = AnswerChange("goal.1", "What is your goal?", "Grow 🚀 {{ x }} <!channel>")
    steps = [
        _write((goal,)),
        _write((AnswerChange("obstacle.1", "What is in the way?", "Leads lost"),), _roots("w1")),
        _write((AnswerChange("goal.1", "What is your goal?", "Grow twice as fast"),)),  # history
        _write((AnswerChange("goal.1", "What is your goal?", "Grow twice as fast"),)),  # the same
        _write((AnswerChange("why.1.1", "Why?", "", skipped=True),), _roots("w1", "w2")),
        _write((), _roots("w2")),  # w1's root cause is gone, w2's verdict stays
    ]
    for step in steps:
        await storage.update_interview(iid, turn(step))  # type: ignore[arg-type]
        if step is steps[4]:
            await storage.set_root_cause_verdict(
                interview_id=iid, key="w2", status="validated", evidence="CRM logs"
            )
        assert await storage.get_interview(iid) == await _fresh(db_url, iid)
    final = await _fresh(db_url, iid)
    assert final.answers["goal.1"].history == ("Grow 🚀 {{ x }} <!channel>",)
    assert final.verdicts == {"w2": ("validated", "CRM logs")}
    assert [len(r.answers) for r in seen] == [0, 1, 2, 2, 2, 3]
    # From the database: the first turn, and after the verdict set between turns 5 and 6 (by
    # a plain read, which remembers nothing, then the sixth turn); the rest from the cache.
    assert storage.answer_cache.misses == 3
    assert storage.answer_cache.hits == len(steps) * 2 - 3


async def test_a_write_by_another_replica_is_read_from_the_database(
    storage: Storage, replica: Storage
) -> None:
    iid = await _interview(storage)
    await storage.update_interview(iid, lambda r: _write((AnswerChange("goal.1", "Q", "a"),)))
    await replica.update_interview(iid, lambda r: _write((AnswerChange("goal.2", "Q", "b"),)))
    seen: list[InterviewRecord] = []

    def decide(record: InterviewRecord) -> Write[None]:
        seen.append(record)
        return _write((AnswerChange("goal.3", "Q", "c"),))

    misses = storage.answer_cache.misses
    await storage.update_interview(iid, decide)
    assert set(seen[0].answers) == {"goal.1", "goal.2"}
    assert storage.answer_cache.misses == misses + 1
    assert set((await replica.get_interview(iid)).answers) == {"goal.1", "goal.2", "goal.3"}


async def test_a_verdict_set_elsewhere_reaches_the_next_turn(
    storage: Storage, replica: Storage
) -> None:
    iid = await _interview(storage)
    await storage.update_interview(iid, lambda r: _write((), _roots("w1")))
    await replica.set_root_cause_verdict(
        interview_id=iid, key="w1", status="refuted", evidence="the data says otherwise"
    )
    seen: list[InterviewRecord] = []

    def decide(record: InterviewRecord) -> Write[None]:
        seen.append(record)
        return _write(())

    await storage.update_interview(iid, decide)
    assert seen[0].verdicts == {"w1": ("refuted", "the data says otherwise")}


async def test_a_turn_that_rolls_back_leaves_the_entry_of_the_last_commit(
    storage: Storage, db_url: str
) -> None:
    iid = await _interview(storage)
    await storage.update_interview(iid, lambda r: _write((AnswerChange("goal.1", "Q", "kept"),)))
    # Fails in the same transaction after the answer and the revision were written.
    broken = Outgoing("chat.postMessage", {"text": "x"}, user_id="U2", thread_of=3)
    lost = AnswerChange("goal.1", "Q", "lost")
    with pytest.raises(IndexError):
        await storage.update_interview(
            iid, lambda r: Write({}, "active", None, (lost,), outbox=(broken,))
        )
    seen: list[InterviewRecord] = []

    def decide(record: InterviewRecord) -> Write[None]:
        seen.append(record)
        return _write(())

    await storage.update_interview(iid, decide)
    assert seen[0].answers["goal.1"].text == "kept" and seen[0].answers["goal.1"].history == ()
    assert await storage.get_interview(iid) == await _fresh(db_url, iid)


async def test_records_handed_out_do_not_share_the_cached_mappings(storage: Storage) -> None:
    iid = await _interview(storage)
    await storage.update_interview(iid, lambda r: _write((AnswerChange("goal.1", "Q", "a"),)))
    first = await storage.get_interview(iid)
    first.answers.clear()
    first.verdicts["x"] = ("validated", None)
    again = await storage.get_interview(iid)
    assert set(again.answers) == {"goal.1"} and again.verdicts == {}
