"""The SMART form's first tracked metric, stored with the candidate's SMART text fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.metrics.check import MetricDraft
from storage import MetricRow, MetricSpec, Storage


async def save_first_metric(
    storage: Storage,
    team_id: int,
    candidate_id: int,
    draft: MetricDraft,
    fields: dict[str, Any],
    *,
    today: date,
) -> MetricRow:
    """Store the SMART form's metric as the candidate's first (baseline taken today), with the
    candidate's SMART text fields, in one transaction."""
    spec = MetricSpec(
        name=draft.name,
        unit=draft.unit,
        direction=draft.direction.value,
        baseline=draft.baseline,
        baseline_date=today,
        target=draft.target,
        deadline=draft.deadline,
        owner=draft.owner,
        cadence=draft.cadence.value,
        state=draft.state.value,
    )
    return await storage.save_first_metric(
        team_id=team_id, candidate_id=candidate_id, spec=spec, candidate_fields=fields
    )
