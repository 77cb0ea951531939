"""Message builders: invitation, questions, pause, summary, picking an interview, short replies."""

from __future__ import annotations

from bot.blocks import ids, limits
from bot.blocks.commands import UsageReason
from bot.blocks.elements import (
    Block,
    actions,
    button,
    context,
    divider,
    fallback_of,
    message,
    pack,
    section,
    sections,
)
from bot.blocks.limits import split_text
from bot.blocks.text import Mrkdwn, escape, fill, inline, mention, quote
from bot.blocks.values import button_value, pick_value
from bot.blocks.wording import SlackWording
from bot.flows.script import Purpose
from bot.flows.types import Phase, Progress, Question
from bot.flows.walk import FIRST_KEY

_NOTE_SECTIONS = 5  # the modal allows 2,000 characters; escaped, that is at most 3 sections


def build_invitation(
    *,
    interview_id: int,
    facilitator_id: str,
    purpose_title: str,
    intro: str,
    context_note: str | None,
    wording: SlackWording,
    confidential: bool = False,
) -> Block:
    """Invite a stakeholder: who asks and why, who will see the answers, the note, the
    script's intro, Start / Not now."""
    who = mention(facilitator_id)
    sentence = fill(wording.invitation.text, facilitator=who, purpose=purpose_title)
    blocks = sections(sentence, most=1)
    audience = wording.invitation.confidential if confidential else wording.invitation.shared
    blocks += sections(fill(audience, facilitator=who), most=1)
    if context_note is not None and context_note.strip():
        note = fill(wording.invitation.note, facilitator=who) + "\n" + quote(context_note)
        blocks += sections(note, most=_NOTE_SECTIONS)
    blocks += sections(escape(intro), most=limits.MESSAGE_BLOCKS - len(blocks) - 1)
    value = button_value(interview_id)
    blocks.append(
        actions(
            button(wording.button.start, ids.START, value, style="primary"),
            button(wording.button.not_now, ids.NOT_NOW, value),
        )
    )
    return message(sentence, blocks)


def build_live_opening(
    *,
    interview_id: int,
    facilitator_id: str,
    stakeholder_id: str,
    intro: str,
    wording: SlackWording,
    confidential: bool = False,
) -> Block:
    """Live notes: the opening statement for the facilitator to read aloud (purpose, how long,
    who sees the answers), before the first question."""
    lead = fill(wording.invitation.live_opening, id=interview_id, person=mention(stakeholder_id))
    audience = wording.invitation.confidential if confidential else wording.invitation.shared
    spoken = escape(intro) + "\n\n" + fill(audience, facilitator=mention(facilitator_id))
    blocks = sections(lead, most=1)
    quoted = "\n".join(f">{line}" for line in spoken.splitlines())  # already safe mrkdwn
    blocks += sections(quoted, most=limits.MESSAGE_BLOCKS - 1)
    return message(lead, blocks)


def build_prompt(
    *,
    interview_id: int,
    say_text: str,
    question: Question | None,
    progress: Progress | None,
    wording: SlackWording,
    offer_remark: bool = False,
) -> list[Block]:
    """One reply of the interview (rendered mrkdwn), its progress and Back / Skip / Root cause /
    Pause; with `offer_remark`, first a button that answers with the message kept as a remark."""
    body = [section(chunk) for chunk in split_text(say_text)] or [section(wording.prompt.fallback)]
    trailing: list[Block] = []
    if progress is not None:
        phase = Mrkdwn(wording.phase.label(progress.phase))
        if progress.why:
            why, whys = progress.why, progress.whys
            line = fill(wording.prompt.why_progress, phase=phase, why=why, whys=whys)
        else:
            line = fill(wording.prompt.progress, phase=phase, answered=progress.answered)
        trailing.append(context(line))
    if question is not None:
        value = button_value(interview_id, question.key)
        buttons = []
        if offer_remark:
            use = button(wording.button.use_remark, ids.USE_REMARK, value, style="primary")
            buttons.append(use)
        if question.key != FIRST_KEY and question.phase is not Phase.DONE:
            buttons.append(button(wording.button.back, ids.BACK, value))
        buttons.append(button(wording.button.skip, ids.SKIP, value))
        if question.phase is Phase.WHYS:
            buttons.append(button(wording.button.root_cause, ids.ROOT_CAUSE, value))
        buttons.append(button(wording.button.pause, ids.PAUSE, value))
        trailing.append(actions(*buttons))
    groups = pack(body, trailing)
    return [message(fallback_of(group, wording.prompt.fallback), group) for group in groups]


def build_correction_request(*, interview_id: int, text: str, wording: SlackWording) -> Block:
    """After words typed at the playback: what to change, with Correct something / Looks right."""
    blocks = sections(text, most=limits.MESSAGE_BLOCKS - 1)
    value = button_value(interview_id)
    blocks.append(
        actions(
            button(wording.button.correct, ids.CORRECT, value, style="primary"),
            button(wording.button.looks_right, ids.LOOKS_RIGHT, value),
        )
    )
    return message(fallback_of(blocks, wording.button.correct), blocks)


def build_paused(*, interview_id: int, text: str, wording: SlackWording) -> Block:
    """The paused reply (rendered mrkdwn) with a Resume button."""
    blocks = sections(text, most=limits.MESSAGE_BLOCKS - 1)
    resume = button(wording.button.resume, ids.RESUME, button_value(interview_id), style="primary")
    blocks.append(actions(resume))
    return message(fallback_of(blocks, wording.button.resume), blocks)


def build_summary_messages(
    *,
    interview_id: int,
    summary_mrkdwn: str,
    ask_confirmation: bool,
    wording: SlackWording,
    confirm_mrkdwn: str | None = None,
    details_mrkdwn: str = "",
    edit_titles: bool = False,
) -> list[Block]:
    """The escaped summary over as many messages as needed: its first lines, a divider, then
    its details; the last may ask to confirm it (with the script's own playback question when
    given, already rendered)."""
    body = [section(chunk) for chunk in split_text(summary_mrkdwn)]
    if details_mrkdwn.strip():
        body += [divider(), *(section(chunk) for chunk in split_text(details_mrkdwn))]
    trailing: list[Block] = []
    if ask_confirmation:
        value = button_value(interview_id)
        confirm = split_text(confirm_mrkdwn)[0] if confirm_mrkdwn else wording.summary.confirm
        trailing = [
            section(confirm),
            actions(
                button(wording.button.looks_right, ids.LOOKS_RIGHT, value, style="primary"),
                *(
                    [button(wording.button.edit_titles, ids.EDIT_TITLES, value)]
                    if edit_titles
                    else []
                ),
                button(wording.button.correct, ids.CORRECT, value),
            ),
        ]
    groups = pack(body, trailing)
    if len(groups) == 1:
        return [message(fill(wording.summary.fallback, id=interview_id), groups[0])]
    return [
        message(
            fill(wording.summary.fallback_part, id=interview_id, part=part, parts=len(groups)),
            group,
        )
        for part, group in enumerate(groups, start=1)
    ]


def build_pick_interview(
    *, inbox_id: int, choices: list[tuple[int, str]], wording: SlackWording
) -> Block:
    """Ask which interview an answer is for: one button per (interview id, title), newest first."""
    # One button per actions block: Slack wants action_ids unique within a block, and the listener
    # matches one PICK_INTERVIEW id. A message holds 49 of them after the question.
    blocks = [section(wording.pick.question)]
    for interview_id, title in choices[: limits.MESSAGE_BLOCKS - 1]:
        value = pick_value(inbox_id, interview_id)
        blocks.append(actions(button(inline(title), ids.PICK_INTERVIEW, value)))
    return message(wording.pick.question, blocks)


def build_notice(text_mrkdwn: str) -> Block:
    """A short reply (mrkdwn, already safe), e.g. for chat.postEphemeral."""
    return message(text_mrkdwn, sections(text_mrkdwn, most=limits.MESSAGE_BLOCKS))


def build_usage(*, reason: UsageReason | None, wording: SlackWording) -> Block:
    """The `/interview` help; after a command that was not understood, its reason and a short
    reminder of the main commands instead of the whole help."""
    purposes = Mrkdwn(", ".join(f"`{p.value}`" for p in Purpose))
    if reason is None:
        return build_notice(fill(wording.usage.help, purposes=purposes))
    if reason is UsageReason.UNKNOWN_PURPOSE:
        said = fill(wording.usage.unknown_purpose, purposes=purposes)
    else:
        said = wording.usage.reason(reason)
    return build_notice(said + "\n" + fill(wording.usage.short, purposes=purposes))


def build_postponed(*, original: list[Block], fallback: str, note: str) -> Block:
    """An invitation after *Not now*: the note replaces Not now, and Start stays."""
    kept: list[Block] = []
    for block in original[: limits.MESSAGE_BLOCKS - 1]:
        if block.get("type") == "actions":
            starts = [e for e in block.get("elements", ()) if e.get("action_id") == ids.START]
            if starts:
                kept.append({**block, "elements": starts})
            kept.append(context(escape(note)))
        else:
            kept.append(block)
    return message(fallback or note, kept)


def build_answered(*, original: list[Block], fallback: str, note: str) -> Block:
    """A clicked question message without its buttons, with what was done (`note`, plain text)
    in their place, so old buttons cannot be pressed again."""
    kept = [b for b in original if b.get("type") != "actions"][: limits.MESSAGE_BLOCKS - 1]
    kept.append(context(f"✓ {escape(note)}"))
    return message(fallback or note, kept)
