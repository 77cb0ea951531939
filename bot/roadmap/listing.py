"""The roadmap for scripts (JSON-ready dicts) and the closest candidates as text: what
`roadmap show|duplicates|similar --format json` print."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.roadmap.board import Board, Ranked
from bot.roadmap.model import Candidate, Suggestion


def _ref(candidate: Candidate) -> dict[str, Any]:
    return {"id": candidate.id, "title": candidate.title}


def ranked_json(ranked: Ranked, board: Board) -> dict[str, Any]:
    """One ranked candidate: its place, title, fields and score."""
    c, s = ranked.candidate, ranked.score
    return {
        "rank": ranked.rank,
        "id": c.id,
        "title": c.title,
        "problem": c.problem,
        "root_cause": c.root_cause,
        "status": c.status.value,
        "priority": s.priority.value if s.priority else None,
        "priority_overridden": s.overridden,
        "score": s.value,
        "missing": list(s.missing),
        "rice": s.rice,
        "ice": s.ice,
        "impact_kind": c.impact_kind.value if c.impact_kind else None,
        "impact": c.impact,
        "effort": c.effort.value if c.effort else None,
        "stakeholders": c.reach,
        "year": board.plan.year_of(c.id),
    }


def show_json(board: Board, *, everything: bool = False) -> list[dict[str, Any]]:
    """Every open candidate (or every one), best first."""
    shown = board.ranked if everything else tuple(board.open)
    return [ranked_json(r, board) for r in shown]


def duplicates_json(found: Sequence[Suggestion]) -> list[dict[str, Any]]:
    """Each pending suggestion: the newer candidate, the older one, both titles and the score."""
    return [
        {
            "suggestion": s.id,
            "candidate": _ref(s.candidate),
            "other": _ref(s.other),
            "score": s.score,
        }
        for s in found
    ]


def similar_json(target: Candidate, found: Sequence[tuple[Candidate, float]]) -> dict[str, Any]:
    """A candidate and the ones most like it, best first, with their scores."""
    return {
        "candidate": _ref(target),
        "similar": [{**_ref(c), "score": score} for c, score in found],
    }


def similar_text(target: Candidate, found: Sequence[tuple[Candidate, float]]) -> str:
    """The same for a terminal."""
    if not found:
        return f"#{target.id} {target.title}: no other candidate to compare with."
    lines = [f"#{target.id} {target.title} is most like:"]
    for candidate, score in found:
        lines.append(f"  #{candidate.id:<5} {score:5.1f}  {candidate.title}")
    first = found[0][0].id
    lines.append(f"  same as one? interview-bot roadmap merge {first} {target.id}")
    return "\n".join(lines)
