"""Turn what the flow says into Web API calls for the outbox (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.blocks.messages import (
    build_correction_request,
    build_invitation,
    build_notice,
    build_paused,
    build_prompt,
    build_summary_messages,
)
from bot.blocks.text import fill, mention
from bot.blocks.wording import SlackWording
from bot.flows.script import Script
from bot.flows.summary import InterviewSummary
from bot.flows.types import Say, SayKind
from bot.render import render_say, render_summary_parts
from bot.scripts import Messages
from bot.slack.access import respondent
from storage import InterviewRecord, Outgoing


def post(user_id: str, message: dict[str, Any]) -> Outgoing:
    """A chat.postMessage to a user's DM with the bot."""
    return Outgoing("chat.postMessage", message, user_id=user_id)


def update(channel: str, ts: str, message: dict[str, Any]) -> Outgoing:
    """A chat.update of a message the bot sent (its buttons giving way to what was done)."""
    return Outgoing("chat.update", {**message, "ts": ts}, channel=channel)


def invitation(record: InterviewRecord, script: Script, wording: SlackWording) -> Outgoing:
    """The first DM to the stakeholder: who asks, why, and Start / Not now."""
    assert record.facilitator.slack_user_id is not None
    message = build_invitation(
        interview_id=record.id,
        facilitator_id=record.facilitator.slack_user_id,
        purpose_title=script.title,
        intro=script.intro,
        context_note=record.context_note,
        wording=wording,
        confidential=record.confidential,
    )
    return post(respondent(record), message)


def says_to_outgoing(
    *,
    record: InterviewRecord,
    says: Sequence[Say],
    script: Script,
    messages: Messages,
    wording: SlackWording,
    summary: InterviewSummary | None,
) -> list[Outgoing]:
    """The messages for what one step said, to the respondent (and the facilitator at the end)."""
    to = respondent(record)
    out: list[Outgoing] = []
    for say in says:
        # The progress goes into the prompt's context block, not into the text as well.
        text = render_say(
            replace(say, progress=None), script=script, messages=messages, fmt="mrkdwn"
        )
        if say.kind in (SayKind.QUESTION, SayKind.HELD_AS_REMARK):
            for message in build_prompt(
                interview_id=record.id,
                say_text=text,
                question=say.question,
                progress=say.progress,
                wording=wording,
                offer_remark=say.kind is SayKind.HELD_AS_REMARK,
            ):
                out.append(post(to, message))
        elif say.kind is SayKind.CORRECTION_REQUESTED:
            request = build_correction_request(interview_id=record.id, text=text, wording=wording)
            out.append(post(to, request))
        elif say.kind is SayKind.PLAYBACK:
            assert summary is not None, "a playback needs the summary"
            # The summary first, then the script's playback question with Looks right / Correct.
            confirm = _summary(record, summary, wording, confirm=True, confirm_text=text)
            out.extend(post(to, m) for m in confirm)
        elif say.kind is SayKind.PAUSED:
            out.append(post(to, build_paused(interview_id=record.id, text=text, wording=wording)))
        elif say.kind is SayKind.INTRO:
            out.append(invitation(record, script, wording))
        elif say.kind is SayKind.CLOSING and record.mode == "live":
            # The facilitator took the notes: thank them for nothing, remind them to thank.
            stakeholder = mention(record.stakeholder.slack_user_id or "")
            closing = fill(wording.invitation.live_closing, id=record.id, person=stakeholder)
            out.append(post(to, build_notice(closing)))
        else:
            out.append(post(to, build_notice(text)))
        if say.kind is SayKind.CLOSING and summary is not None:
            out.extend(closing_for_facilitator(record, summary, wording))
    return out


def closing_for_facilitator(
    record: InterviewRecord, summary: InterviewSummary, wording: SlackWording
) -> list[Outgoing]:
    """The finished summary for the facilitator (in live mode they already answered it all)."""
    facilitator = record.facilitator.slack_user_id
    if facilitator is None or facilitator == respondent(record):
        return []
    return [post(facilitator, m) for m in _summary(record, summary, wording, confirm=False)]


def summary_messages(
    record: InterviewRecord, summary: InterviewSummary, wording: SlackWording, *, to: str
) -> list[Outgoing]:
    """The summary as DMs to `to`, without confirmation buttons."""
    return [post(to, m) for m in _summary(record, summary, wording, confirm=False)]


def _summary(
    record: InterviewRecord,
    summary: InterviewSummary,
    wording: SlackWording,
    *,
    confirm: bool,
    confirm_text: str | None = None,
) -> list[dict[str, Any]]:
    if summary.recorded_nothing:
        nothing = fill(wording.summary.nothing_recorded, id=record.id)
        return build_summary_messages(
            interview_id=record.id,
            summary_mrkdwn=nothing,
            ask_confirmation=confirm,
            wording=wording,
            confirm_mrkdwn=wording.summary.nothing_recorded_confirm if confirm else None,
        )
    short, details = render_summary_parts(summary, "mrkdwn")
    return build_summary_messages(
        interview_id=record.id,
        summary_mrkdwn=short,
        details_mrkdwn=details,
        edit_titles=confirm and bool(summary.problems),
        ask_confirmation=confirm,
        wording=wording,
        confirm_mrkdwn=confirm_text,
    )
