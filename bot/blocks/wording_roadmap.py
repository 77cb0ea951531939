"""The roadmap's Slack wording as typed, read-only data: the [roadmap] section of slack.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoadmapWording:
    """The roadmap: its list, card and modals, the plan, duplicates, sizing, exports, Home."""

    button_details: str
    button_impact: str
    button_sizing: str
    button_override: str
    button_verdict: str
    button_merge: str
    button_not_same: str
    button_undo: str
    button_note: str
    button_change_size: str
    button_edit_text: str
    button_confirm_drafts: str
    card_title: str
    impact_title: str
    sizing_title: str
    override_title: str
    verdict_title: str
    note_title: str
    text_title: str
    title_label: str
    teams_label: str
    missing_title: str
    title_too_long: str
    drafts_note: str
    draft_mark: str
    submit: str
    send: str
    close: str
    close_card: str
    kind_label: str
    impact_label: str
    metric_label: str
    baseline_label: str
    target_label: str
    deadline_label: str
    solution_label: str
    justification_label: str
    engineer_label: str
    priority_label: str
    reason_label: str
    verdict_label: str
    evidence_label: str
    size_label: str
    note_label: str
    metric_placeholder: str
    baseline_placeholder: str
    target_placeholder: str
    reason_placeholder: str
    evidence_placeholder: str
    note_placeholder: str
    engineer_placeholder: str
    status_placeholder: str
    kind_customer_experience: str
    kind_revenue: str
    kind_cost: str
    kind_risk: str
    kind_efficiency: str
    option_clear: str
    option_validated: str
    option_refuted: str
    option_hypothesis: str
    missing_kind: str
    missing_impact: str
    missing_metric: str
    missing_baseline: str
    missing_target: str
    missing_deadline: str
    same_target: str
    past_deadline: str
    too_long: str
    missing_engineer: str
    not_an_engineer: str
    missing_priority: str
    missing_reason: str
    back_to_formula: str
    missing_verdict: str
    missing_evidence: str
    missing_size: str
    expired: str
    list_header: str
    list_empty: str
    list_row: str
    list_hint: str
    people_many: str
    people_one: str
    unscored: str
    no_size: str
    no_year: str
    later: str
    year: str
    year_pinned: str
    formula: str
    formula_missing: str
    missing_both: str
    missing_impact_only: str
    missing_size_only: str
    views: str
    override_line: str
    field_root_cause: str
    field_solution: str
    field_justification: str
    field_impact: str
    field_effort: str
    field_metric: str
    field_priority: str
    field_horizon: str
    field_status: str
    field_stakeholders: str
    field_teams_affected: str
    not_set: str
    metric_line: str
    impact_line: str
    effort_line: str
    evidence_header: str
    evidence_line: str
    evidence_withheld: str
    cause_line: str
    merged_line: str
    verdict_hypothesis: str
    verdict_validated: str
    verdict_refuted: str
    status_proposed: str
    status_accepted: str
    status_in_progress: str
    status_done: str
    status_rejected: str
    status_merged: str
    plan_header: str
    plan_year: str
    plan_over: str
    plan_row: str
    plan_later: str
    plan_unsized: str
    displacement: str
    duplicate_intro: str
    duplicate_side: str
    duplicate_fallback: str
    merged: str
    kept_apart: str
    undone: str
    decided: str
    duplicates_none: str
    duplicates_sent: str
    sizing_ask: str
    sizing_fallback: str
    sized: str
    sized_for_requester: str
    sized_note: str
    already_sized: str
    size_changed_for_requester: str
    sizing_sent: str
    sizing_stale: str
    not_found: str
    not_allowed: str
    editors_only: str
    posted: str
    cannot_post: str
    export_sent: str
    export_failed: str
    export_comment: str
    home_heading: str
    home_empty: str
    home_row: str
    home_more: str
    home_duplicates: str
    home_sizing: str

    def status(self, status: str) -> str:
        """The label of a candidate status."""
        return str(getattr(self, f"status_{status}", status))

    def verdict(self, verdict: str) -> str:
        """The label of a root-cause check."""
        return str(getattr(self, f"verdict_{verdict}", verdict))
