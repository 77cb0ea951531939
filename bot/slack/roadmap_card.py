"""Use cases behind a candidate's card: open the forms, store impact and metric, an override,
a root-cause check, and undo a merge. Each checks who may change the roadmap; a form's use case
then shows the card under it again and says by DM what could not be done."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks.roadmap_forms import (
    build_impact_modal,
    build_override_modal,
    build_verdict_modal,
    parse_verdict_value,
)
from bot.blocks.roadmap_text import build_text_modal
from bot.blocks.sizing import build_sizing_modal
from bot.blocks.text import fill
from bot.roadmap.metrics import metric_of
from bot.roadmap.model import EDITABLE_STATUSES, ImpactForm, Priority, Status, VerdictForm
from bot.slack.access import can_see_evidence, can_undo_merge
from bot.slack.roadmap import editable_candidate, notify, refresh_card
from bot.slack.roadmap_duplicates import undo_in_message
from bot.slack.services import Services
from bot.slack.shipped import after_shipped
from storage import NotFound, RoadmapConflict

FORMS = ("impact", "sizing", "override", "text")


async def form(
    svc: Services, *, team: int, user: str, which: str, candidate_id: int
) -> dict[str, Any] | str:
    """The impact, sizing or override form of a candidate, or why it cannot open."""
    candidate = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(candidate, str):
        return candidate
    if which == "impact":
        first = await svc.storage.list_metrics(team_id=team, candidate_ids=[candidate.id])
        metric = metric_of(first[0]) if first else None
        return build_impact_modal(candidate, wording=svc.wording, metric=metric, owner=user)
    if which == "sizing":
        return build_sizing_modal(candidate.id, wording=svc.wording)
    if which == "text":
        return build_text_modal(candidate, wording=svc.wording)
    return build_override_modal(candidate, wording=svc.wording)


async def verdict_form(svc: Services, *, team: int, user: str, value: str) -> dict[str, Any] | str:
    """The root-cause check form for one pain point of a candidate (whose evidence the person
    may see)."""
    try:
        candidate_id, interview_id, key = parse_verdict_value(value)
    except ValueError:
        return svc.wording.roadmap.expired
    candidate = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(candidate, str):
        return candidate
    for item in candidate.evidence:
        if (item.interview_id, item.key) == (interview_id, key):
            if not can_see_evidence(item, user, svc.settings):
                return svc.wording.roadmap.not_allowed
            return build_verdict_modal(
                value, cause=item.root_cause, current=item.verdict, wording=svc.wording
            )
    return svc.wording.roadmap.expired


async def save_impact(
    svc: Services,
    *,
    team: int,
    user: str,
    candidate_id: int,
    impact: ImpactForm,
    today: date,
    card: str | None,
) -> None:
    """Store impact and metric from the form over `card`."""
    reply = await _save_impact(svc, team, user, candidate_id, impact, today)
    await _after_form(svc, team, user, card, candidate_id, reply)


async def _save_impact(
    svc: Services, team: int, user: str, candidate_id: int, impact: ImpactForm, today: date
) -> str | None:
    allowed = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(allowed, str):
        return allowed
    try:
        saved = await svc.roadmap.set_impact(team, candidate_id, impact, today=today)
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
    card: str | None,
) -> None:
    """Set or clear a manual priority (a reason is required to set one) from the form."""
    reply = await _save_override(svc, team, user, candidate_id, priority, reason)
    await _after_form(svc, team, user, card, candidate_id, reply)


async def _save_override(
    svc: Services, team: int, user: str, candidate_id: int, priority: Priority | None, reason: str
) -> str | None:
    allowed = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(allowed, str):
        return allowed
    try:
        await svc.roadmap.override(team, candidate_id, priority=priority, reason=reason, by=user)
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    if priority is None:  # the reason for going back is said, not dropped
        return fill(svc.wording.roadmap.back_to_formula, id=candidate_id, reason=reason)
    return None


async def save_verdict(
    svc: Services, *, team: int, user: str, verdict: VerdictForm, card: str | None
) -> None:
    """Mark a root cause validated, refuted or a hypothesis again (it feeds confidence)."""
    reply = await _save_verdict(svc, team, user, verdict)
    await _after_form(svc, team, user, card, verdict.candidate_id, reply)


async def _save_verdict(svc: Services, team: int, user: str, verdict: VerdictForm) -> str | None:
    candidate = await editable_candidate(
        svc, team=team, user=user, candidate_id=verdict.candidate_id
    )
    if isinstance(candidate, str):
        return candidate
    if not any(
        (e.interview_id, e.key) == (verdict.interview_id, verdict.key)
        and can_see_evidence(e, user, svc.settings)
        for e in candidate.evidence
    ):
        return svc.wording.roadmap.expired  # the pain point moved or went since the form opened
    await svc.storage.set_root_cause_verdict(
        interview_id=verdict.interview_id,
        key=verdict.key,
        status=verdict.status.value,
        evidence=verdict.evidence,
    )
    return None


async def _after_form(
    svc: Services, team: int, user: str, card: str | None, candidate_id: int, reply: str | None
) -> None:
    """A form closed: the card under it shows the change, and a refusal comes by DM."""
    await refresh_card(svc, team=team, user=user, view_id=card, candidate_id=candidate_id)
    if reply:
        await notify(svc, team=team, user=user, text=reply)


async def undo(
    svc: Services,
    *,
    team: int,
    user: str,
    merge_id: int,
    card: str | None,
    message: tuple[str, str, list[dict[str, Any]]] | None,
) -> str | None:
    """Undo a merge from the kept candidate's card (shown again) or from a DM (whose Undo
    button gives way to the outcome); the sentence to show when nothing was undone."""
    note, kept = await undo_merge(svc, team=team, user=user, merge_id=merge_id)
    if kept is None:
        return note
    if card:
        await refresh_card(svc, team=team, user=user, view_id=card, candidate_id=kept)
    else:
        await undo_in_message(svc, team=team, note=note, message=message)
    return None


async def undo_merge(
    svc: Services, *, team: int, user: str, merge_id: int
) -> tuple[str, int | None]:
    """Undo a merge (who may merge may undo); the sentence to show and the candidate kept
    (to refresh its card)."""
    try:
        found = await svc.storage.get_merge(team_id=team, merge_id=merge_id)
        kept = await svc.roadmap.candidate(team, found.kept_id)
    except NotFound:
        return svc.wording.roadmap.decided, None
    if not can_undo_merge(kept, found.pain_point_ids, user, svc.settings):
        return svc.wording.roadmap.not_allowed, None
    try:
        merge = await svc.storage.undo_merge(team_id=team, merge_id=merge_id, by=user)
    except (NotFound, RoadmapConflict):
        return svc.wording.roadmap.decided, None
    return fill(svc.wording.roadmap.undone, merged=merge.merged_id), merge.kept_id


async def set_status(
    svc: Services, *, team: int, user: str, candidate_id: int, status: str, card: str | None
) -> str | None:
    """Move a candidate to another status and show its card again; None when done, else why
    not."""
    reply = await _set_status(svc, team, user, candidate_id, status)
    await refresh_card(svc, team=team, user=user, view_id=card, candidate_id=candidate_id)
    return reply


async def _set_status(
    svc: Services, team: int, user: str, candidate_id: int, status: str
) -> str | None:
    allowed = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(allowed, str):
        return allowed
    if status not in {s.value for s in EDITABLE_STATUSES}:
        return svc.wording.roadmap.expired
    try:
        await svc.roadmap.set_status(team, candidate_id, Status(status))
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    if Status(status) is Status.SHIPPED:
        await after_shipped(svc, team=team, candidate_id=candidate_id)
    return None


async def save_text(
    svc: Services,
    *,
    team: int,
    user: str,
    candidate_id: int,
    title: str,
    teams_affected: str,
    card: str | None,
) -> None:
    """Store the title and teams from the form over `card`."""
    reply = await _edit(svc, team, user, candidate_id, title=title, teams_affected=teams_affected)
    await _after_form(svc, team, user, card, candidate_id, reply)


async def confirm_drafts(
    svc: Services, *, team: int, user: str, candidate_id: int, card: str | None
) -> str | None:
    """The facilitator confirms the fields drafted from the interview; the card shows it."""
    reply = await _edit(svc, team, user, candidate_id)
    await refresh_card(svc, team=team, user=user, view_id=card, candidate_id=candidate_id)
    return reply


async def _edit(
    svc: Services,
    team: int,
    user: str,
    candidate_id: int,
    *,
    title: str | None = None,
    teams_affected: str = "",
) -> str | None:
    """Set the text (with a title) or confirm the drafts (without); None, or why not."""
    allowed = await editable_candidate(svc, team=team, user=user, candidate_id=candidate_id)
    if isinstance(allowed, str):
        return allowed
    try:
        if title is None:
            await svc.roadmap.confirm_drafts(team, candidate_id)
        else:
            await svc.roadmap.set_text(
                team, candidate_id, title=title, teams_affected=teams_affected
            )
    except (NotFound, RoadmapConflict):
        return fill(svc.wording.roadmap.not_found, id=candidate_id)
    return None
