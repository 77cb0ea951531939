"""Keep the derived rows (goals, obstacles, whys, root causes, pain points) in step with answers.

Rows are matched on their natural key within the interview, so ids stay stable across edits
and a root cause keeps the verdict a data person gave it while its wording is corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from storage.models import Goal, Interview, Obstacle, PainPoint, RootCause, WhyStep
from storage.records import Structure

M = TypeVar("M", bound=SQLModel)


def apply_structure(session: Session, interview: Interview, structure: Structure) -> None:
    """Make the derived rows of `interview` exactly those of `structure`."""
    assert interview.id is not None
    iid = interview.id
    _sync(
        session,
        Goal,
        iid,
        lambda g: g.position,
        {p: {"position": p, "text": t} for p, t in structure.goals},
    )
    obstacles = _sync(
        session,
        Obstacle,
        iid,
        lambda o: o.position,
        {p: {"position": p, "text": t} for p, t in structure.obstacles},
    )
    session.flush()
    ids = {position: row.id for position, row in obstacles.items()}
    _sync(
        session,
        WhyStep,
        iid,
        lambda w: w.key,
        {
            w.key: {
                "key": w.key,
                "obstacle_id": ids[w.obstacle],
                "depth": w.depth,
                "cause": w.cause,
            }
            for w in structure.whys
        },
    )
    _sync(
        session,
        RootCause,
        iid,
        lambda r: r.key,
        {
            r.key: {
                "key": r.key,
                "obstacle_id": ids[r.obstacle],
                "text": r.text,
                "marked_by_stakeholder": r.marked_by_stakeholder,
            }
            for r in structure.roots
        },
    )
    _sync(
        session,
        PainPoint,
        iid,
        lambda p: p.key,
        {
            p.key: {
                "key": p.key,
                "obstacle_id": ids[p.obstacle],
                "team_id": interview.team_id,
                "problem": p.problem,
                "root_cause": p.root_cause,
                "evidence": p.evidence,
            }
            for p in structure.pain_points
        },
    )


def _sync(
    session: Session,
    model: type[M],
    interview_id: int,
    key_of: Callable[[Any], Hashable],
    wanted: Mapping[Hashable, dict[str, Any]],
) -> dict[Hashable, M]:
    """Update rows whose key is wanted, insert the missing ones, delete the rest."""
    existing = {
        key_of(row): row
        for row in session.exec(select(model).where(model.interview_id == interview_id))  # type: ignore[attr-defined]
    }
    kept: dict[Hashable, M] = {}
    for key, stale in existing.items():
        if key not in wanted:
            session.delete(stale)
    session.flush()  # deletes first: a unique key may be reused by an insert below
    for key, values in wanted.items():
        found = existing.get(key)
        if found is None:
            found = model(interview_id=interview_id, **values)
        else:
            for name, value in values.items():
                if getattr(found, name) != value:
                    setattr(found, name, value)
        session.add(found)
        kept[key] = found
    return kept
