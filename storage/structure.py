"""Keep the derived rows (goals, obstacles, whys, root causes, pain points) in step with answers.

Rows are matched on their natural key within the interview, so ids stay stable across edits
and a root cause keeps the verdict a data person gave it while its wording is corrected. This
runs inside an answer's transaction, so it uses prepared statements, built once per table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from storage.models import Goal, Obstacle, PainPoint, RootCause, WhyStep
from storage.prepared import Db, Prepared, connection_of
from storage.records import Structure

TABLES = ("goals", "obstacles", "whys", "roots", "pain_points")
HYPOTHESIS = str(RootCause.model_fields["status"].default)  # a new root cause's verdict


def verdicts_after(
    verdicts: Mapping[str, tuple[str, str | None]], roots: Iterable[str]
) -> dict[str, tuple[str, str | None]]:
    """The verdicts as `apply_structure` leaves them for root causes `roots`: a kept cause keeps
    its verdict, a new one is a hypothesis, and the causes that are gone go with theirs."""
    return {key: verdicts.get(key, (HYPOTHESIS, None)) for key in roots}


def apply_structure(
    session: Db,
    iid: int,
    team_id: int,
    structure: Structure,
    before: Structure | None = None,
    *,
    now: datetime,
) -> None:
    """Make the derived rows of interview `iid` exactly those of `structure` (when `before` is
    given, tables whose part did not change are left alone: most answers touch one or two)."""
    changed = {n for n in TABLES if before is None or getattr(before, n) != getattr(structure, n)}
    if "goals" in changed:
        goals = {p: {"text": t} for p, t in structure.goals}
        _sync(session, Goal, "position", iid, goals, now=now)
    if not changed - {"goals"}:
        return
    if "obstacles" in changed:
        # Rows that point at an obstacle go first, so an obstacle can be deleted after them.
        for name, model in (("pain_points", PainPoint), ("roots", RootCause), ("whys", WhyStep)):
            _delete_stale(session, model, iid, {item.key for item in getattr(structure, name)})
        obstacles = {p: {"text": t} for p, t in structure.obstacles}
        _sync(session, Obstacle, "position", iid, obstacles, now=now)
    ids = {r.position: r.id for r in _rows(Obstacle, ("position",)).all(session, {"p_iid": iid})}
    if "whys" in changed:
        whys = {
            w.key: {"obstacle_id": ids[w.obstacle], "depth": w.depth, "cause": w.cause}
            for w in structure.whys
        }
        _sync(session, WhyStep, "key", iid, whys, now=now)
    if "roots" in changed:
        roots = {
            r.key: {
                "obstacle_id": ids[r.obstacle],
                "text": r.text,
                "marked_by_stakeholder": r.marked_by_stakeholder,
            }
            for r in structure.roots
        }
        _sync(session, RootCause, "key", iid, roots, now=now, stamped=True)
    if "pain_points" in changed:
        pains = {
            p.key: {
                "obstacle_id": ids[p.obstacle],
                "team_id": team_id,
                "problem": p.problem,
                "root_cause": p.root_cause,
                "evidence": p.evidence,
                "title": p.title,
                "drafts": dict(p.drafts),
            }
            for p in structure.pain_points
        }
        _sync(session, PainPoint, "key", iid, pains, now=now, created=True)


def _sync(
    session: Db,
    model: Any,
    key: str,
    iid: int,
    wanted: Mapping[Any, dict[str, Any]],
    *,
    now: datetime,
    stamped: bool = False,
    created: bool = False,
) -> None:
    """Update rows whose key is wanted (only what changed), insert the missing ones, delete the
    rest; columns not named in `wanted` (a root cause's verdict) are never touched."""
    columns = tuple(next(iter(wanted.values()), {}).keys())
    existing = {
        getattr(r, key): r for r in _rows(model, (key, *columns)).all(session, {"p_iid": iid})
    }
    stale = [row.id for k, row in existing.items() if k not in wanted]
    if stale:
        # Deletes first: a unique key may be reused by an insert below.
        connection_of(session).execute(_delete(model), {"p_ids": stale})
    for k, values in wanted.items():
        row = existing.get(k)
        extra: dict[str, Any] = {}
        if stamped:
            extra["updated_at"] = now
        if row is None:
            if created:
                extra["created_at"] = now
            _insert(model, (key, *columns, *extra)).run(
                session, {"p_iid": iid, f"p_{key}": k, **_params(values), **_params(extra)}
            )
        elif any(getattr(row, c) != v for c, v in values.items()):
            _update(model, (*columns, *extra)).run(
                session, {"p_id": row.id, **_params(values), **_params(extra)}
            )


def _delete_stale(session: Db, model: Any, iid: int, keep: set[str]) -> None:
    """Delete the rows (matched on `key`) that the new structure no longer has."""
    rows = _rows(model, ("key",)).all(session, {"p_iid": iid})
    stale = [r.id for r in rows if r.key not in keep]
    if stale:
        connection_of(session).execute(_delete(model), {"p_ids": stale})


def _params(values: Mapping[str, Any]) -> dict[str, Any]:
    return {f"p_{name}": value for name, value in values.items()}


@functools.cache
def _rows(model: Any, columns: tuple[str, ...]) -> Prepared:
    table = model.__table__
    return Prepared(
        sa.select(table.c.id, *(table.c[c] for c in columns)).where(
            table.c.interview_id == sa.bindparam("p_iid")
        )
    )


@functools.cache
def _delete(model: Any) -> sa.Delete:
    table = model.__table__
    return sa.delete(table).where(table.c.id.in_(sa.bindparam("p_ids", expanding=True)))


@functools.cache
def _insert(model: Any, columns: tuple[str, ...]) -> Prepared:
    table = model.__table__
    values = {c: sa.bindparam(f"p_{c}", type_=table.c[c].type) for c in columns}
    return Prepared(sa.insert(table).values(interview_id=sa.bindparam("p_iid"), **values))


@functools.cache
def _update(model: Any, columns: tuple[str, ...]) -> Prepared:
    table = model.__table__
    values = {c: sa.bindparam(f"p_{c}", type_=table.c[c].type) for c in columns}
    return Prepared(sa.update(table).where(table.c.id == sa.bindparam("p_id")).values(**values))
