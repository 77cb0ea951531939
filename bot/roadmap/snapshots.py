"""The plan as the adaptive roadmap: what a dated snapshot keeps of the plan, and what moved
since one (entered, left, moved a year, changed size or priority) and why, from stored facts
(a sizing's date, merges, an override, a pain point that no longer holds, a Keep / Swap,
the capacity). Pure: the caller reads the snapshot and the facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.roadmap.board import Board, Ranked
from bot.roadmap.model import PLANNED_STATUSES, Candidate, Merge
from bot.roadmap.trade_offs import Choice, Decision

PLANNED, LATER, UNSIZED, CLOSED = "planned", "later", "unsized", "closed"


@dataclass(frozen=True)
class MergeFact:
    """A merge that still stands, and when it was made."""

    merge: Merge
    at: datetime


@dataclass(frozen=True)
class Moved:
    """One candidate that changed since the snapshot: what changed (before → after) and why."""

    id: int
    title: str
    changes: tuple[str, ...]
    reasons: tuple[str, ...]
    kinds: frozenset[str] = field(default_factory=frozenset)


def snapshot_items(board: Board) -> list[dict[str, Any]]:
    """What a snapshot keeps of each candidate on the board (JSON-ready)."""
    return [_item(r, board) for r in board.ranked]


def _item(ranked: Ranked, board: Board) -> dict[str, Any]:
    c, plan = ranked.candidate, board.plan
    if c.status not in PLANNED_STATUSES:
        where = CLOSED
    elif c.id in plan.unsized:
        where = UNSIZED
    elif c.id in plan.beyond:
        where = LATER
    else:
        where = PLANNED
    return {
        "id": c.id,
        "title": c.title,
        "where": where,
        "year": plan.year_of(c.id),
        "size": c.effort.value if c.effort else None,
        "priority": ranked.score.priority.value if ranked.score.priority else None,
        "override": c.priority_override.value if c.priority_override else None,
        "reach": c.reach,
        "status": c.status.value,
    }


def what_moved(
    before: Sequence[Mapping[str, Any]],
    taken_at: datetime,
    board: Board,
    *,
    capacity_before: float,
    merges: Iterable[MergeFact] = (),
    decisions: Iterable[Decision] = (),
) -> list[Moved]:
    """Each candidate whose place, size or priority differs from the snapshot, with why."""
    old = {int(i["id"]): i for i in before}
    now = {int(i["id"]): i for i in snapshot_items(board)}
    merged = list(merges)
    swaps = [d for d in decisions if d.choice is Choice.SWAP and d.decided_at > taken_at]
    capacity = board.plan.capacity
    found = []
    for cid in sorted(set(old) | set(now), key=lambda i: (_order(now.get(i), old.get(i)), i)):
        was, is_ = old.get(cid), now.get(cid)
        ranked = board.get(cid)
        changes, kinds = _changes(was, is_)
        if not changes:
            continue
        reasons = _reasons(cid, ranked.candidate if ranked else None, was, is_, taken_at, merged)
        if "status" in kinds:  # the change already says it
            reasons = [r for r in reasons if not r.startswith("status ")]
        reasons += [
            f"swapped: {' + '.join(f'#{i}' for i in d.alternatives)} go before #{d.candidate_id}"
            f" ({d.decided_by}, {d.decided_at.date().isoformat()})"
            for d in swaps
            if cid == d.candidate_id or cid in d.alternatives
        ]
        if capacity != capacity_before and kinds & {"entered", "left", "moved"}:
            reasons.append(
                f"capacity went from {capacity_before:g} to {capacity:g} points a quarter"
            )
        if not reasons:
            reasons.append("the plan around it changed (other candidates came, went or moved)")
        title = str((is_ or was or {}).get("title", ""))
        found.append(Moved(cid, title, tuple(changes), tuple(reasons), frozenset(kinds)))
    return found


def _order(now: Mapping[str, Any] | None, old: Mapping[str, Any] | None) -> int:
    year = (now or {}).get("year") or (old or {}).get("year") or 9
    return int(year)


def _where(item: Mapping[str, Any] | None) -> str:
    if item is None:
        return "not on the roadmap"
    if item["where"] == PLANNED:
        return f"year {item['year']}"
    return {LATER: "beyond year 3", UNSIZED: "not sized", CLOSED: str(item["status"])}.get(
        str(item["where"]), str(item["where"])
    )


def _changes(
    was: Mapping[str, Any] | None, is_: Mapping[str, Any] | None
) -> tuple[list[str], set[str]]:
    changes: list[str] = []
    kinds: set[str] = set()
    planned_before = was is not None and was["where"] == PLANNED
    planned_now = is_ is not None and is_["where"] == PLANNED
    year_before = was.get("year") if was is not None else None
    year_now = is_.get("year") if is_ is not None else None
    if planned_now and not planned_before:
        kinds.add("entered")
        changes.append(f"entered the plan in year {year_now} (was {_where(was)})")
    elif planned_before and not planned_now:
        kinds.add("left")
        changes.append(f"left the plan (was year {year_before}, now {_where(is_)})")
    elif planned_before and planned_now and year_before != year_now:
        kinds.add("moved")
        changes.append(f"moved from year {year_before} to year {year_now}")
    if was is not None and is_ is not None and not kinds and was["status"] != is_["status"]:
        # Shipped, dropped or accepted without entering or leaving the plan is a move too.
        kinds.add("status")
        changes.append(f"status {was['status']} → {is_['status']}")
    if was is not None and is_ is not None:
        if was["size"] != is_["size"]:
            kinds.add("size")
            changes.append(f"size {was['size'] or 'none'} → {is_['size'] or 'none'}")
        if was["priority"] != is_["priority"]:
            kinds.add("priority")
            changes.append(f"priority {was['priority'] or 'none'} → {is_['priority'] or 'none'}")
    return changes, kinds


def _reasons(
    cid: int,
    candidate: Candidate | None,
    was: Mapping[str, Any] | None,
    is_: Mapping[str, Any] | None,
    taken_at: datetime,
    merges: Sequence[MergeFact],
) -> list[str]:
    reasons: list[str] = []
    for fact in merges:
        m, day = fact.merge, fact.at.date().isoformat()
        if m.merged_id == cid:
            reasons.append(f"merged into #{m.kept_id} ({m.merged_by}, {day})")
        elif m.kept_id == cid:
            reasons.append(f"#{m.merged_id} was merged into it ({m.merged_by}, {day})")
    if was is None and is_ is not None:
        reasons.append("new on the roadmap since then")
    if candidate is None:
        if not reasons:
            reasons.append("no longer on the roadmap")
        return reasons
    if was is not None and is_ is not None and was["status"] != is_["status"]:
        reasons.append(f"status {was['status']} → {is_['status']}")
    if candidate.sized_at is not None and candidate.sized_at > taken_at and candidate.effort:
        who = f" by {candidate.sized_by}" if candidate.sized_by else ""
        reasons.append(f"sized {candidate.effort.value}{who} on {candidate.sized_at.date()}")
    old_override = was.get("override") if was else None
    new_override = candidate.priority_override.value if candidate.priority_override else None
    if old_override != new_override:
        if new_override is None:
            reasons.append(f"the override to {old_override} was removed")
        else:
            who = f" by {candidate.override_by}" if candidate.override_by else ""
            why = f": {candidate.override_reason}" if candidate.override_reason else ""
            reasons.append(f"priority overridden to {new_override}{who}{why}")
    for e in candidate.evidence:
        if e.still_holds is False and e.checked_at is not None and e.checked_at > taken_at:
            reasons.append(f"{e.stakeholder} said the pain no longer holds ({e.checked_at.date()})")
    if was is not None and is_ is not None and was["reach"] != is_["reach"]:
        reasons.append(f"reach {was['reach']} → {is_['reach']} stakeholders")
    return reasons


def moved_text(since: str, moved: Sequence[Moved]) -> str:
    """`Since the plan of 2026-09-01:` and one line per candidate, with its reasons."""
    if not moved:
        return f"Since the plan of {since}: nothing moved."
    lines = [f"Since the plan of {since}:"]
    for m in moved:
        lines.append(f"  #{m.id} {m.title}: {'; '.join(m.changes)}")
        lines.append(f"      why: {'; '.join(m.reasons)}")
    return "\n".join(lines)
