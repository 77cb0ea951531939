"""Real rows for roadmap tests: finished interviews whose pain points feed the roadmap.

(Named test_roadmap_* to sit with the roadmap tests; it holds no tests itself.)
"""

from __future__ import annotations

from collections.abc import Sequence

from storage import AnswerChange, PainRow, RootRow, Storage, Structure, Write

Pain = tuple[str, str, str]  # problem, root cause ("" when the chain found none), own words


async def finished_interview(
    store: Storage,
    *,
    team: int,
    stakeholder: str,
    pains: Sequence[Pain],
    facilitator: str = "UFAC",
    stakeholder_slack: str | None = None,
    department: str | None = None,
    confidential: bool = False,
    status: str = "finished",
) -> int:
    """An interview of `stakeholder` with one obstacle per pain point; returns its id."""
    fac = await store.ensure_person(team_id=team, slack_user_id=facilitator, name="Fay")
    stake = await store.ensure_person(
        team_id=team,
        slack_user_id=stakeholder_slack,
        name=stakeholder,
        department=department,
    )
    record = await store.create_interview(
        team_id=team,
        purpose="pain_points",
        script_id="pain_points",
        script_version=1,
        facilitator_id=fac.id,
        stakeholder_id=stake.id,
        mode="dm",
        status="active",
        cursor={"started": True},
        confidential=confidential,
    )
    obstacles = tuple((i, p) for i, (p, _, _) in enumerate(pains, start=1))
    roots = tuple(RootRow(f"why.{i}.1", i, r, True) for i, (_, r, _) in enumerate(pains, 1) if r)
    points = tuple(
        PainRow(f"why.{i}.1" if r else f"obstacle.{i}", i, p, r, q)
        for i, (p, r, q) in enumerate(pains, start=1)
    )
    structure = Structure(obstacles=obstacles, roots=roots, pain_points=points)
    # The answers the structure was derived from (an interview with none recorded nothing).
    answers = tuple(
        AnswerChange(f"obstacle.{i}", "What gets in the way?", p) for i, p in obstacles
    ) + tuple(AnswerChange(r.key, "And why is that?", r.text) for r in roots)
    await store.update_interview(
        record.id, lambda r: Write({"started": True}, status, None, answers, structure)
    )
    return record.id


async def team_of(store: Storage, slack_team_id: str = "T1") -> int:
    """A team."""
    return await store.ensure_team(slack_team_id=slack_team_id, name="Acme")
