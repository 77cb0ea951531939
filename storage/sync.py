"""Keep the derived rows (goals, obstacles, whys, root causes, pain points) in step with answers.

Rows are matched on their natural key within the interview, so ids stay stable across edits
and a root cause keeps the verdict a data person gave it while its wording is corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from storage.models import Goal, Obstacle, PainPoint, RootCause, WhyStep
from storage.records import Structure

M = TypeVar("M", bound=SQLModel)


def apply_structure(
    session: Session,
    iid: int,
    team_id: int,
    structure: Structure,
    before: Structure | None = None,
) -> None:
    """Make the derived rows of interview `iid` exactly those of `structure` (when `before` is
    given, tables whose part did not change are left alone: most answers touch one or two)."""
    changed = {
        name
        for name in ("goals", "obstacles", "whys", "roots", "pain_points")
        if before is None or getattr(before, name) != getattr(structure, name)
    }
    if "goals" in changed:
        goals = {p: {"position": p, "text": t} for p, t in structure.goals}
        _sync(session, Goal, iid, lambda g: g.position, goals)
    if not changed - {"goals"}:
        return
    obstacles = {p: {"position": p, "text": t} for p, t in structure.obstacles}
    if "obstacles" in changed:
        rows = _sync(session, Obstacle, iid, lambda o: o.position, obstacles)
        session.flush()
        ids = {position: row.id for position, row in rows.items()}
    else:
        ids = {
            o.position: o.id
            for o in session.exec(select(Obstacle).where(Obstacle.interview_id == iid))
        }
    if "whys" in changed:
        whys = {
            w.key: {
                "key": w.key,
                "obstacle_id": ids[w.obstacle],
                "depth": w.depth,
                "cause": w.cause,
            }
            for w in structure.whys
        }
        _sync(session, WhyStep, iid, lambda w: w.key, whys)
    if "roots" in changed:
        roots = {
            r.key: {
                "key": r.key,
                "obstacle_id": ids[r.obstacle],
                "text": r.text,
                "marked_by_stakeholder": r.marked_by_stakeholder,
            }
            for r in structure.roots
        }
        _sync(session, RootCause, iid, lambda r: r.key, roots)
    if "pain_points" in changed:
        pains = {
            p.key: {
                "key": p.key,
                "obstacle_id": ids[p.obstacle],
                "team_id": team_id,
                "problem": p.problem,
                "root_cause": p.root_cause,
                "evidence": p.evidence,
            }
            for p in structure.pain_points
        }
        _sync(session, PainPoint, iid, lambda p: p.key, pains)


def _sync(
    session: Session,
    model: type[M],
    interview_id: int,
    key_of: Callable[[Any], Hashable],
    wanted: Mapping[Any, dict[str, Any]],
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
