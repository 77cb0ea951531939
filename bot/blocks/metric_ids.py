"""Every Slack id success metrics set: action_id, callback_id and input ids, named once."""

from __future__ import annotations

# Inputs of the SMART form's metric part (block_id and action_id alike).
UNIT = "metric_unit"
DIRECTION = "metric_direction"
OWNER = "metric_owner"
CADENCE = "metric_cadence"
COMMIT = "metric_commit"
COMMITTED = "committed"
"""The value of the commit checkbox's one option."""

# The check-in DM's buttons (action_id); each value is the metric id and the due date.
RECORD = "metric_record"
NO_CHANGE = "metric_no_change"
SKIP = "metric_skip"
RETIRE = "metric_retire"

# Modals (callback_id) and their inputs.
RECORD_VIEW = "metric_record_form"
RETIRE_VIEW = "metric_retire_form"
VALUE = "metric_value"
CONFIDENCE = "metric_confidence"
NOTE = "metric_note"
REASON = "metric_reason"

# Shipped means asked: the stakeholder's answer buttons (value: the question's id).
SHIP_ANSWERS = {
    "fixed": "shipped_fixed",
    "partly": "shipped_partly",
    "no": "shipped_no",
    "too_early": "shipped_too_early",
}
"""One action_id per answer, by the answer stored."""
