"""A roadmap candidate's card in Block Kit: a modal with every field, the formula with its
inputs, the evidence, and the buttons that change it."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.blocks import limits
from bot.blocks.elements import Block, actions, button, context, divider, option, plain, section
from bot.blocks.limits import check_view, truncate
from bot.blocks.roadmap import (
    FIELD,
    formula_text,
    horizon_text,
    priority_text,
    problem_text,
)
from bot.blocks.roadmap_ids import (
    ASK_SIZING,
    CARD_VIEW,
    CONFIRM_DRAFTS,
    EDIT_TEXT,
    IMPACT,
    OVERRIDE,
    STATUS,
    UNDO_MERGE,
    VERDICT,
)
from bot.blocks.text import Mrkdwn, fill, inline, mention
from bot.blocks.wording import SlackWording
from bot.roadmap.board import Board, Ranked
from bot.roadmap.model import EDITABLE_STATUSES, Candidate, Merge

_EVIDENCE_MOST = 30  # two blocks each; the card stays well under a view's 100 blocks


def build_card(
    ranked: Ranked,
    board: Board,
    *,
    wording: SlackWording,
    merges: Sequence[Merge] = (),
    withheld: int = 0,
    editable: bool = True,
    undoable: Collection[int] | None = None,
    similar: Sequence[Block] = (),
    notes: Sequence[str] = (),
) -> Block:
    """Everything about one candidate, with the formula's inputs and what can be done (and
    `notes`, such as what its stakeholders said once it shipped);
    `withheld` stakeholders' evidence is left out (the reader may not read their interviews)
    and the card says so; without `editable` it has no buttons (a stakeholder reading it);
    `undoable` names the merges the reader may undo (all of them when not given); `similar` is
    the closest candidates (roadmap_similar.build_similar_blocks)."""
    w = wording.roadmap
    c, s = ranked.candidate, ranked.score
    value = str(c.id)
    blocks: list[Block] = [section(f"*#{c.id}* {problem_text(c, 2800)}")]
    if c.problem.strip() and " ".join(c.problem.split()) != c.title:
        blocks.append(section(truncate(inline(c.problem), limits.SECTION_TEXT)))
    texts = [
        (w.field_root_cause, inline(c.root_cause) or w.not_set),
        (_drafted(w.field_solution, "solution", c, wording), inline(c.solution) or w.not_set),
        (
            _drafted(w.field_justification, "justification", c, wording),
            inline(c.justification) or w.not_set,
        ),
        (
            _drafted(w.field_teams_affected, "teams_affected", c, wording),
            inline(c.teams_affected) or w.not_set,
        ),
    ]
    fields = [
        (w.field_impact, _impact(c, wording)),
        (w.field_effort, _effort(c, wording)),
        (_drafted(w.field_metric, "metric", c, wording), _metric(c, wording)),
        (w.field_priority, _priority(ranked, wording)),
        (w.field_horizon, horizon_text(ranked, board, wording)),
        (w.field_status, w.status(c.status.value)),
        (w.field_stakeholders, ", ".join(inline(e.stakeholder) for e in c.stakeholders) or "-"),
    ]
    for group in (texts, fields):  # a section holds at most ten fields
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": truncate(f"{label}\n{text}", FIELD)}
                    for label, text in group
                ],
            }
        )
    if c.drafts and editable:
        blocks.append(context(w.drafts_note))
    blocks.append(context(formula_text(s, wording)))
    blocks += [context(note) for note in notes]
    if s.rice is not None:
        blocks.append(context(fill(w.views, rice=f"{s.rice:.2f}", ice=s.ice or 0)))
    if editable:
        blocks.append(
            actions(
                button(w.button_impact, IMPACT, value, style="primary"),
                button(w.button_edit_text, EDIT_TEXT, value),
                button(w.button_sizing, ASK_SIZING, value),
                button(w.button_override, OVERRIDE, value),
                _status_select(c, wording),
            )
        )
        if c.drafts:
            blocks.append(actions(button(w.button_confirm_drafts, CONFIRM_DRAFTS, value)))
    for merge in merges[:5]:
        line = section(fill(w.merged_line, id=merge.merged_id, person=mention(merge.merged_by)))
        if editable and (undoable is None or merge.id in undoable):
            line["accessory"] = button(w.button_undo, UNDO_MERGE, str(merge.id))
        blocks.append(line)
    blocks += similar
    blocks += [divider(), section(w.evidence_header)]
    for item in c.evidence[:_EVIDENCE_MOST]:
        quote = truncate(inline(item.quote), 1500)
        line = section(fill(w.evidence_line, person=inline(item.stakeholder), quote=Mrkdwn(quote)))
        if item.verdict is not None and editable:
            line["accessory"] = button(
                w.button_verdict, VERDICT, f"{c.id}:{item.interview_id}:{item.key}"
            )
        blocks.append(line)
        if item.root_cause:
            cause = fill(
                w.cause_line,
                verdict=w.verdict(item.verdict or "hypothesis"),
                cause=Mrkdwn(truncate(inline(item.root_cause), 1000)),
            )
            if item.verdict_evidence:
                cause += f" ({truncate(inline(item.verdict_evidence), 500)})"
            blocks.append(context(cause))
    if len(c.evidence) > _EVIDENCE_MOST:
        blocks.append(context(f"+{len(c.evidence) - _EVIDENCE_MOST}"))
    if withheld:
        blocks.append(context(fill(w.evidence_withheld, count=withheld)))
    view: Block = {
        "type": "modal",
        "callback_id": CARD_VIEW,
        "title": plain(truncate(fill(w.card_title, id=c.id), limits.VIEW_TITLE)),
        "close": plain(w.close_card),
        "private_metadata": value,
        "blocks": blocks,
    }
    check_view(view)
    return view


def _drafted(label: str, field: str, c: Candidate, wording: SlackWording) -> str:
    """A field's label, marked while its text is a draft from the interview."""
    return f"{label} {wording.roadmap.draft_mark}" if field in c.drafts else label


def _status_select(c: Candidate, wording: SlackWording) -> Block:
    """Move the candidate along: proposed, accepted, in progress, done, rejected."""
    w = wording.roadmap
    options = [option(w.status(s.value), s.value) for s in EDITABLE_STATUSES]
    current = [o for o in options if o["value"] == c.status.value]
    element: Block = {
        "type": "static_select",
        "action_id": STATUS,
        "placeholder": plain(w.status_placeholder),
        "options": options,
    }
    if current:
        element["initial_option"] = current[0]
    return element


def _impact(c: Candidate, wording: SlackWording) -> str:
    w = wording.roadmap
    if c.impact is None:
        return w.not_set
    kind = getattr(w, f"kind_{c.impact_kind.value}") if c.impact_kind else "-"
    return fill(w.impact_line, kind=kind, impact=c.impact)


def _effort(c: Candidate, wording: SlackWording) -> str:
    w = wording.roadmap
    if c.effort is None:
        return w.not_set
    text = c.effort.value
    if c.sized_by:
        text = fill(w.effort_line, size=text, person=mention(c.sized_by))
    if c.effort_note:
        text += "\n_" + truncate(inline(c.effort_note), 800) + "_"
    return text


def _metric(c: Candidate, wording: SlackWording) -> str:
    w = wording.roadmap
    if not (c.metric and c.baseline and c.target and c.deadline):
        # A metric named (drafted from the interview) before its baseline, target and deadline.
        return inline(c.metric) if c.metric else w.not_set
    return fill(
        w.metric_line,
        metric=c.metric,
        baseline=c.baseline,
        target=c.target,
        deadline=c.deadline.isoformat(),
    )


def _priority(ranked: Ranked, wording: SlackWording) -> str:
    w = wording.roadmap
    c, s = ranked.candidate, ranked.score
    if c.priority_override is None:
        return priority_text(ranked, wording)
    formula = s.formula_priority.value if s.formula_priority else w.unscored
    return fill(
        w.override_line,
        priority=c.priority_override.value,
        reason=c.override_reason or "",
        formula=formula,
    )
