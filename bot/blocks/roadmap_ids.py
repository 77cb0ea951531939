"""Every Slack id the roadmap sets: action_id, callback_id, input ids and option values, named
once (the interviews' are in ids.py)."""

from __future__ import annotations

from bot.roadmap.model import Size

# Buttons (action_id); the value names the candidate, suggestion, merge or sizing request.
DETAILS = "roadmap_details"
IMPACT = "roadmap_impact"
ASK_SIZING = "roadmap_ask_sizing"
OVERRIDE = "roadmap_override"
VERDICT = "roadmap_verdict"
MERGE = "roadmap_merge"
NOT_SAME = "roadmap_not_same"
UNDO_MERGE = "roadmap_undo_merge"
SAME_AS = "roadmap_same_as"
"""*Same as #N* beside one of the closest candidates; the value is `candidate:other`."""
MINE_IS = "roadmap_mine_is"
"""*Mine is #N*, offered to the stakeholder after the playback; the value is `candidate:other`."""
MINE_IS_CONFIDENTIAL = "roadmap_mine_is_confidential"
"""*Mine is #N* after a confidential interview's playback; the value is `pain_point:candidate`."""
SIZE_NOTE = "roadmap_size_note"
STATUS = "roadmap_status"
EDIT_TEXT = "roadmap_edit_text"
CONFIRM_DRAFTS = "roadmap_confirm_drafts"
NOT_MINE = "roadmap_not_mine"
KEEP = "roadmap_trade_off_keep"
SWAP = "roadmap_trade_off_swap"
SIZE = {size: f"roadmap_size_{size.value.lower()}" for size in Size}
"""One action_id per size: Slack wants them unique within an actions block."""

# Modals (callback_id).
CARD_VIEW = "roadmap_card"
IMPACT_VIEW = "roadmap_impact_form"
SIZING_VIEW = "roadmap_sizing_form"
OVERRIDE_VIEW = "roadmap_override_form"
VERDICT_VIEW = "roadmap_verdict_form"
NOTE_VIEW = "roadmap_note_form"
TEXT_VIEW = "roadmap_text_form"

# Inputs: each uses the same string as its block_id and its element's action_id.
KIND = "roadmap_kind"
IMPACT_SCORE = "roadmap_impact_score"
METRIC = "roadmap_metric"
BASELINE = "roadmap_baseline"
TARGET = "roadmap_target"
DEADLINE = "roadmap_deadline"
SOLUTION = "roadmap_solution"
JUSTIFICATION = "roadmap_justification"
ENGINEER = "roadmap_engineer"
PRIORITY = "roadmap_priority"
REASON = "roadmap_reason"
VERDICT_CHOICE = "roadmap_verdict_choice"
EVIDENCE = "roadmap_evidence"
SIZE_CHOICE = "roadmap_size_choice"
NOTE = "roadmap_note"
TITLE = "roadmap_title"
TEAMS = "roadmap_teams"
CONFIDENCE = "roadmap_confidence"
REQUEST_NOTE = "roadmap_request_note"
CLEAR = "clear"
"""The override option that goes back to the formula."""
