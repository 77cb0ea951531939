"""Roadmap storage on SQLite and PostgreSQL: sync, suggestions, merge and undo, sizing, edits."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import (
    AlreadyHandled,
    CandidateRow,
    NotFound,
    Outgoing,
    PainRow,
    RoadmapConflict,
    RootRow,
    SizingRow,
    Storage,
    Structure,
    SuggestionRow,
    Write,
)
from tests.test_roadmap_factories import finished_interview, team_of

LEADS = ("Leads get lost between marketing and sales", "The CRM is updated by hand", "we lose 10")
SAME_LEADS = ("Sales loses leads handed over from marketing", "CRM updated manually", "leads!")
CLOSE = ("Month-end close takes two weeks", "Spreadsheets reconciled by hand", "two weeks")


def roadmap(store: Storage) -> Roadmap:
    return Roadmap(store, Settings(database_url="sqlite://"))


async def test_finished_interviews_become_one_candidate_per_pain_point_once(
    storage: Storage,
) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS, CLOSE])
    await finished_interview(storage, team=team, stakeholder="Cy", pains=[CLOSE], status="active")
    await finished_interview(storage, team=team, stakeholder="Di", pains=[CLOSE], confidential=True)
    first = await roadmap(storage).sync(team)
    assert len(first.created) == 2
    assert (await roadmap(storage).sync(team)).created == ()  # nothing new: a no-op
    rows = await storage.list_candidates(team_id=team)
    assert [(r.problem, r.root_cause, r.status) for r in rows] == [
        (LEADS[0], LEADS[1], "proposed"),
        (CLOSE[0], CLOSE[1], "proposed"),
    ]
    (evidence,) = rows[0].evidence
    assert (evidence.stakeholder, evidence.quote, evidence.verdict) == (
        "Ann",
        "we lose 10",
        "hypothesis",
    )
    other = await team_of(storage, "T2")
    assert await storage.list_candidates(team_id=other) == []


async def test_likely_duplicates_are_suggested_once_with_both_sides(storage: Storage) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS, CLOSE])
    await roadmap(storage).sync(team)
    await finished_interview(storage, team=team, stakeholder="Bob", pains=[SAME_LEADS])
    sent: list[Sequence[SuggestionRow]] = []

    def outbox(found: Sequence[SuggestionRow]) -> list[Outgoing]:
        sent.append(found)
        return [Outgoing("chat.postMessage", {"text": f"#{s.id}"}, user_id="UFAC") for s in found]

    result = await roadmap(storage).sync(team, outbox=outbox)
    (suggestion,) = result.suggestions
    assert suggestion.other.problem == LEADS[0] and suggestion.candidate.problem == SAME_LEADS[0]
    assert suggestion.candidate.evidence[0].stakeholder == "Bob" and suggestion.score >= 60
    assert [tuple(s) for s in sent] == [result.suggestions]
    assert (await storage.outbox_status()).get("pending") == 1
    assert [s.id for s in await storage.pending_suggestions(team_id=team)] == [suggestion.id]
    assert await storage.pending_suggestions(team_id=team, facilitator="USOMEONE") == []
    assert await storage.dismiss_suggestion(team_id=team, suggestion_id=suggestion.id, by="UFAC")
    assert not await storage.dismiss_suggestion(team_id=team, suggestion_id=suggestion.id, by="U")
    assert await storage.pending_suggestions(team_id=team) == []


async def test_merge_keeps_all_evidence_counts_each_stakeholder_once_and_undoes(
    storage: Storage,
) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS])
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[SAME_LEADS])
    await finished_interview(storage, team=team, stakeholder="Bob", pains=[SAME_LEADS])
    service = roadmap(storage)
    first, second, third = (await service.sync(team)).created
    merge_one = await storage.merge_candidates(
        team_id=team, keep_id=first, merge_id=second, by="U1"
    )
    await storage.merge_candidates(team_id=team, keep_id=first, merge_id=third, by="U1")
    kept = await service.candidate(team, first)
    assert len(kept.evidence) == 3 and kept.reach == 2  # Ann twice, Bob once
    assert [c.id for c in (await service.board(team)).ranked] == [first]
    assert await storage.merged_into(team_id=team) == {second: first, third: first}
    with pytest.raises(RoadmapConflict, match="already merged"):
        await storage.merge_candidates(team_id=team, keep_id=first, merge_id=second, by="U1")
    undone = await storage.undo_merge(team_id=team, merge_id=merge_one.id, by="U1")
    assert undone.undone_by == "U1"
    assert len((await service.candidate(team, first)).evidence) == 2
    restored = await service.candidate(team, second)
    assert restored.status.value == "proposed" and restored.merged_into is None
    assert [e.stakeholder for e in restored.evidence] == ["Ann"]
    with pytest.raises(RoadmapConflict, match="undone already"):
        await storage.undo_merge(team_id=team, merge_id=merge_one.id, by="U1")


async def test_undo_waits_for_a_later_merge_of_the_kept_candidate(storage: Storage) -> None:
    team = await team_of(storage)
    for who in ("Ann", "Bob", "Cy"):
        await finished_interview(storage, team=team, stakeholder=who, pains=[LEADS])
    a, b, c = (await roadmap(storage).sync(team)).created
    first = await storage.merge_candidates(team_id=team, keep_id=b, merge_id=c, by="U1")
    later = await storage.merge_candidates(team_id=team, keep_id=a, merge_id=b, by="U1")
    with pytest.raises(RoadmapConflict, match="undo that first"):
        await storage.undo_merge(team_id=team, merge_id=first.id, by="U1")
    await storage.undo_merge(team_id=team, merge_id=later.id, by="U1")
    await storage.undo_merge(team_id=team, merge_id=first.id, by="U1")
    rows = await storage.list_candidates(team_id=team)
    assert [len(r.evidence) for r in rows] == [1, 1, 1]
    with pytest.raises(RoadmapConflict, match="itself"):
        await storage.merge_candidates(team_id=team, keep_id=a, merge_id=a, by="U1")
    with pytest.raises(NotFound):
        await storage.merge_candidates(team_id=team, keep_id=a, merge_id=999, by="U1")


async def test_edits_are_all_or_nothing_and_refuse_stale_reads(storage: Storage) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS, CLOSE])
    a, b = (await roadmap(storage).sync(team)).created
    with pytest.raises(NotFound, match="#999"):
        await storage.update_candidates(
            team_id=team, updates={a: {"solution": "sync"}, 999: {"solution": "x"}}
        )
    assert (await storage.get_candidate(a, team_id=team)).solution == ""
    (row,) = await storage.update_candidates(team_id=team, updates={a: {"effort": "M"}})
    with pytest.raises(RoadmapConflict, match="changed since"):
        await storage.update_candidates(
            team_id=team,
            updates={a: {"effort": "L"}, b: {"effort": "S"}},
            expect={a: row.created_at, b: row.created_at},
        )
    assert (await storage.get_candidate(b, team_id=team)).effort is None
    with pytest.raises(NotFound):
        await storage.get_candidate(a, team_id=await team_of(storage, "T2"))


async def test_sizing_requests_are_asked_once_and_answered_by_that_engineer(
    storage: Storage,
) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS])
    (cid,) = (await roadmap(storage).sync(team)).created
    asked: list[tuple[SizingRow, CandidateRow]] = []

    def outbox(request: SizingRow, candidate: CandidateRow) -> list[Outgoing]:
        asked.append((request, candidate))
        return []

    first = await storage.request_sizing(
        team_id=team, candidate_id=cid, engineer="UENG", requested_by="UFAC", outbox=outbox
    )
    again = await storage.request_sizing(
        team_id=team, candidate_id=cid, engineer="UENG", requested_by="UFAC", outbox=outbox
    )
    assert first.id == again.id and len(asked) == 1
    assert [r.id for r in await storage.pending_sizing(team_id=team, engineer="UENG")] == [first.id]
    replaced: list[str | None] = []

    def answered(request: SizingRow, candidate: CandidateRow, before: str | None) -> list[Outgoing]:
        replaced.append(before)
        return []

    assert (
        await storage.answer_sizing(
            team_id=team,
            request_id=first.id,
            engineer="UOTHER",
            size="S",
            note=None,
            outbox=answered,
        )
        is None
    )
    done = await storage.answer_sizing(
        team_id=team,
        request_id=first.id,
        engineer="UENG",
        size="L",
        note="needs an API",
        outbox=answered,
    )
    assert done is not None and (done.size, done.status) == ("L", "answered")
    candidate = await storage.get_candidate(cid, team_id=team)
    assert (candidate.effort, candidate.effort_note, candidate.sized_by) == (
        "L",
        "needs an API",
        "UENG",
    )
    assert await storage.pending_sizing(team_id=team, engineer="UENG") == []

    # A later click on the same request changes nothing; only an explicit change does.
    with pytest.raises(AlreadyHandled):
        await storage.answer_sizing(
            team_id=team, request_id=first.id, engineer="UENG", size="S", note=None, outbox=answered
        )
    assert (await storage.get_candidate(cid, team_id=team)).effort == "L"
    changed = await storage.answer_sizing(
        team_id=team,
        request_id=first.id,
        engineer="UENG",
        size="S",
        note=None,
        outbox=answered,
        change=True,
    )
    assert changed is not None and changed.size == "S" and replaced == [None, "L"]
    assert (await storage.get_candidate(cid, team_id=team)).effort == "S"


async def test_verdicts_feed_confidence_and_a_removed_pain_point_leaves_its_candidate(
    storage: Storage,
) -> None:
    team = await team_of(storage)
    iid = await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS, CLOSE])
    service = roadmap(storage)
    a, b = (await service.sync(team)).created
    await storage.set_root_cause_verdict(
        interview_id=iid, key="why.1.1", status="validated", evidence="CRM audit log"
    )
    candidate = await service.candidate(team, a)
    assert candidate.confidence.value == "validated"
    assert candidate.evidence[0].verdict_evidence == "CRM audit log"
    # The interview is corrected: the second pain point is gone, and so is its evidence.
    kept = Structure(
        obstacles=((1, LEADS[0]), (2, CLOSE[0])),
        roots=(RootRow("why.1.1", 1, LEADS[1], True),),
        pain_points=(PainRow("why.1.1", 1, *LEADS),),
    )
    await storage.update_interview(
        iid, lambda r: Write({"started": True}, "finished", None, (), kept)
    )
    assert (await service.candidate(team, b)).evidence == ()
    assert (await service.candidate(team, b)).reach == 0


async def test_facilitators_are_known_by_the_interviews_they_ran(storage: Storage) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS], facilitator="UF")
    assert await storage.facilitates(team_id=team, slack_user_id="UF")
    assert not await storage.facilitates(team_id=team, slack_user_id="UX")


async def test_ten_thousand_rows_import_in_one_transaction_or_not_at_all(storage: Storage) -> None:
    import time
    from datetime import date

    from bot.roadmap import files
    from bot.roadmap.sheet import HEADERS
    from storage import RoadmapCandidate

    team = await team_of(storage)

    def insert(session: object) -> None:
        rows = [RoadmapCandidate(team_id=team, problem=f"Problem {i}") for i in range(10_000)]
        session.add_all(rows)  # type: ignore[attr-defined]

    await storage._run(insert)  # real rows, the quick way
    service = roadmap(storage)
    header, rows = files.read_csv(await service.export(team, "csv"))
    assert len(rows) == 10_000
    column = HEADERS.index("Potential solution")
    for row in rows:
        row[column] = f"Fix {row[0]}"
    rows[-1][HEADERS.index("Effort")] = "XXXL"
    today = date(2026, 11, 26)
    refused = await service.import_rows(team, header, rows, today=today)
    assert not refused.ok and len(refused.problems) == 1
    assert (await storage.list_candidates(team_id=team))[0].solution == ""
    rows[-1][HEADERS.index("Effort")] = "XL"
    started = time.perf_counter()
    applied = await service.import_rows(team, header, rows, today=today)
    assert applied.ok and len(applied.updates) == 10_000
    assert time.perf_counter() - started < 30
    stored = await storage.list_candidates(team_id=team)
    assert {r.solution for r in stored[:3]} == {f"Fix {r.id}" for r in stored[:3]}
    assert stored[-1].effort == "XL"


async def test_a_drafted_field_written_by_a_person_is_no_longer_a_draft(storage: Storage) -> None:
    team = await team_of(storage)
    await finished_interview(storage, team=team, stakeholder="Ann", pains=[LEADS])
    await roadmap(storage).sync(team)
    (row,) = await storage.list_candidates(team_id=team)
    drafts = {"drafts": ["metric", "solution"], "solution": "Sync", "metric": "Leads lost"}
    await storage.update_candidates(team_id=team, updates={row.id: drafts})
    (edited,) = await storage.update_candidates(
        team_id=team, updates={row.id: {"solution": "Two-way CRM sync"}}
    )
    assert edited.drafts == ["metric"] and edited.solution == "Two-way CRM sync"
    confirmed = await roadmap(storage).confirm_drafts(team, row.id)
    assert confirmed.drafts == frozenset() and confirmed.metric == "Leads lost"
    titled = await roadmap(storage).set_text(team, row.id, title="Leads go cold", teams_affected="")
    assert titled.title == "Leads go cold" and titled.problem == LEADS[0]
