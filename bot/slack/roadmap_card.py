"""Use cases behind a candidate's card: open the forms, store impact and metric, an override,
a root-cause check, and undo a merge. Each checks who may change the roadmap."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.roadmap_forms import (
    VerdictForm,
    build_impact_modal,
    build_override_modal,
    build_sizing_modal,
    build_verdict_modal,
    parse_verdict_value,
)
from bot.blocks.text import fill
from bot.roadmap.model import EDITABLE_STATUSES, ImpactForm, Priority, Status
from bot.slack.roadmap import can_edit, roadmap_of
from bot.slack.services import Services
from storage import NotFound, RoadmapConflict

FORMS = ("impact", "sizing", "override")


async def form(
    svc: Services, *, team: int, user: str, which: str, candidate_id: int
) -> dict[str, Any] | str:
    """The impact, sizing or override form of a candidate, or why it cannot open."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed
    try:
        candidate = await roadmap_of(svc).candidate(team, candidate_id)
    except NotFound:
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    if which == "impact":
        return build_impact_modal(candidate, wording=svc.wording)
    if which == "sizing":
        return build_sizing_modal(candidate.id, wording=svc.wording)
    return build_override_modal(candidate, wording=svc.wording)


async def verdict_form(svc: Services, *, team: int, user: str, value: str) -> dict[str, Any] | str:
    """The root-cause check form for one pain point of a candidate."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed
    try:
        candidate_id, interview_id, key = parse_verdict_value(value)
        candidate = await roadmap_of(svc).candidate(team, candidate_id)
    except (ValueError, NotFound):
        return svc.wording.roadmap.expired
    for item in candidate.evidence:
        if (item.interview_id, item.key) == (interview_id, key):
            return build_verdict_modal(
                value, cause=item.root_cause, current=item.verdict, wording=svc.wording
            )
    return svc.wording.roadmap.expired


async def save_impact(
    svc: Services, *, team: int, user: str, candidate_id: int, impact: ImpactForm, today: date
) -> str | None:
    """Store impact and metric; None when saved, else why not."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed
    try:
        saved = await roadmap_of(svc).set_impact(team, candidate_id, impact, today=today)
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    return svc.wording.roadmap.expired if isinstance(saved, dict) else None


async def save_override(
    svc: Services,
    *,
    team: int,
    user: str,
    candidate_id: int,
    priority: Priority | None,
    reason: str,
) -> str | None:
    """Set or clear a manual priority (a reason is required to set one); None when saved."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed
    try:
        await roadmap_of(svc).override(
            team, candidate_id, priority=priority, reason=reason, by=user
        )
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    return None


async def save_verdict(svc: Services, *, team: int, user: str, verdict: VerdictForm) -> str | None:
    """Mark a root cause validated, refuted or a hypothesis again (it feeds confidence); None
    when saved."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed
    try:
        candidate = await roadmap_of(svc).candidate(team, verdict.candidate_id)
    except NotFound:
        return fill(svc.wording.roadmap.not_found, id=verdict.candidate_id)
    if not any(
        (e.interview_id, e.key) == (verdict.interview_id, verdict.key) for e in candidate.evidence
    ):
        return svc.wording.roadmap.expired  # the pain point moved or went since the form opened
    await svc.storage.set_root_cause_verdict(
        interview_id=verdict.interview_id,
        key=verdict.key,
        status=verdict.status.value,
        evidence=verdict.evidence,
    )
    return None


async def undo_merge(
    svc: Services, *, team: int, user: str, merge_id: int
) -> tuple[str, int | None]:
    """Undo a merge; the sentence to show and the candidate kept (to refresh its card)."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed, None
    try:
        merge = await svc.storage.undo_merge(team_id=team, merge_id=merge_id, by=user)
    except (NotFound, RoadmapConflict):
        return svc.wording.roadmap.decided, None
    return fill(svc.wording.roadmap.undone, merged=merge.merged_id), merge.kept_id


async def set_status(
    svc: Services, *, team: int, user: str, candidate_id: int, status: str
) -> str | None:
    """Move a candidate to another status; None when done, else why not."""
    if not await can_edit(svc, team, user):
        return svc.wording.roadmap.not_allowed
    if status not in {s.value for s in EDITABLE_STATUSES}:
        return svc.wording.roadmap.expired
    try:
        await roadmap_of(svc).set_status(team, candidate_id, Status(status))
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    return None
