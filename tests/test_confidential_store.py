"""Confidential links in storage, on SQLite and PostgreSQL: only the stakeholder of a finished
confidential interview may link its pain point; a merged candidate's link counts for the one it
joined; a repeat adds nothing; the link brings the question when the candidate ships."""

from __future__ import annotations

import pytest

from storage import NotFound, Storage
from tests.test_roadmap_factories import finished_interview

OPEN = ("Tickets wait days to be triaged", "Nobody owns triage", "days")
SAME = ("Triage of tickets takes days", "No triage owner", "slow")
HIDDEN = ("Our biggest accounts wait days for triage", "The queue is hidden", "leaving")


async def _seed(storage: Storage) -> tuple[int, int, int]:
    team = await storage.ensure_team(slack_team_id="T1")
    await finished_interview(
        storage, team=team, stakeholder="Ann", pains=[OPEN], stakeholder_slack="UANN"
    )
    await finished_interview(
        storage, team=team, stakeholder="Sam", pains=[SAME], stakeholder_slack="USAM"
    )
    await storage.sync_roadmap(team_id=team, match=lambda old, new: [])
    hidden = await finished_interview(
        storage, team=team, stakeholder="Bea", pains=[HIDDEN], stakeholder_slack="UBEA",
        confidential=True,
    )  # fmt: skip
    (point,) = await storage.pain_points(team_id=team, interview_id=hidden)
    return team, hidden, point.id


async def test_only_the_confidential_stakeholder_links_and_a_repeat_adds_nothing(
    storage: Storage,
) -> None:
    team, _, point = await _seed(storage)
    assert [c.id for c in await storage.list_candidates(team_id=team)] == [1, 2]
    with pytest.raises(NotFound):
        await storage.link_confidential(
            team_id=team, pain_point_id=point, candidate_id=1, stakeholder="UANN"
        )
    with pytest.raises(NotFound):  # an open interview's pain point is on the roadmap already
        (ann,) = await storage.pain_points(team_id=team, interview_id=1)
        await storage.link_confidential(
            team_id=team, pain_point_id=ann.id, candidate_id=2, stakeholder="UANN"
        )
    with pytest.raises(NotFound):
        await storage.link_confidential(
            team_id=team, pain_point_id=point, candidate_id=99, stakeholder="UBEA"
        )
    other = await storage.ensure_team(slack_team_id="T2")
    with pytest.raises(NotFound):
        await storage.link_confidential(
            team_id=other, pain_point_id=point, candidate_id=1, stakeholder="UBEA"
        )
    assert await storage.confidential_counts(team_id=team) == {}
    for _ in range(2):
        counted = await storage.link_confidential(
            team_id=team, pain_point_id=point, candidate_id=1, stakeholder="UBEA"
        )
        assert counted == 1
    assert await storage.confidential_counts(team_id=team) == {1: 1}
    (row,) = [c for c in await storage.list_candidates(team_id=team) if c.id == 1]
    assert row.confidential == 1 and len(row.evidence) == 1  # counted, never as evidence
    await storage.check_pain_point(pain_point_id=point, stakeholder="UBEA", holds=False)
    assert await storage.confidential_counts(team_id=team) == {}  # it stopped hurting
    assert (await storage.get_candidate(1, team_id=team)).confidential == 0


async def test_a_link_follows_a_merge_and_brings_the_question_when_it_ships(
    storage: Storage,
) -> None:
    team, _, point = await _seed(storage)
    await storage.link_confidential(
        team_id=team, pain_point_id=point, candidate_id=2, stakeholder="UBEA"
    )
    await storage.merge_candidates(team_id=team, keep_id=1, merge_id=2, by="UEDITOR")
    assert await storage.confidential_counts(team_id=team) == {1: 1}
    asks = await storage.ask_shipped(team_id=team, candidate_id=1, jobs=lambda rows: [])
    assert sorted(a.stakeholder for a in asks) == ["UANN", "UBEA", "USAM"]
    bea = next(a for a in asks if a.stakeholder == "UBEA")
    assert bea.problem == HIDDEN[0]  # their own words, to them
    await storage.answer_ship_ask(bea.id, team_id=team, answer="fixed")
    assert sorted(a or "" for a in (await storage.ship_answers(team_id=team))[1]) == [
        "", "", "fixed",
    ]  # fmt: skip
    again = await storage.ask_shipped(team_id=team, candidate_id=1, jobs=lambda rows: [])
    assert again == []
    # A link made to a merged candidate goes to the one it joined.
    counted = await storage.link_confidential(
        team_id=team, pain_point_id=point, candidate_id=2, stakeholder="UBEA"
    )
    assert counted == 1
