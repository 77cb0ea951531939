"""Modal submissions: validation errors are shown in the modal; valid forms close it at once."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.blocks.modals import parse_correct, parse_new_interview
from bot.blocks.titles import parse_titles
from bot.listeners.context import services, slack_team_of, user_of
from bot.slack.modals import (
    new_interview_errors,
    submit_correction,
    submit_new_interview,
    submit_titles,
)


async def handle_new_interview(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Start the interview the form describes."""
    svc = services(context)
    form = parse_new_interview(view.get("state", {}).get("values", {}), wording=svc.wording)
    if isinstance(form, dict):
        await ack(response_action="errors", errors=form)
        return
    if refused := new_interview_errors(svc, user=user_of(context), form=form):
        await ack(response_action="errors", errors=refused)
        return
    await ack()
    await submit_new_interview(
        svc, slack_team_id=slack_team_of(context), user=user_of(context), form=form
    )


async def handle_correct_submission(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Replace the chosen answer with the corrected text."""
    svc = services(context)
    parsed = parse_correct(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    interview_id, key, text = parsed
    await submit_correction(
        svc,
        slack_team_id=slack_team_of(context),
        user=user_of(context),
        interview_id=interview_id,
        key=key,
        text=text,
    )


async def handle_titles_submission(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Keep the pain points' titles as the stakeholder left them."""
    svc = services(context)
    parsed = parse_titles(view, wording=svc.wording)
    if isinstance(parsed, dict):
        await ack(response_action="errors", errors=parsed)
        return
    await ack()
    interview_id, titles = parsed
    await submit_titles(
        svc,
        slack_team_id=slack_team_of(context),
        user=user_of(context),
        interview_id=interview_id,
        titles=titles,
    )
