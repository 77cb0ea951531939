"""Use cases for buttons in the interview DMs. Slack never retries a click, but people
double-click: each button names the question it belongs to, so a second click finds the
interview already moved on and has no effect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.blocks import ids
from bot.blocks.messages import build_answered, build_notice, build_postponed
from bot.blocks.text import fill, mention
from bot.flows.inputs import Back, Confirm, Input, Pause, Resume, RootCause, Skip, Start, UseRemark
from bot.flows.state import FlowState
from bot.flows.walk import PLAYBACK_KEY
from bot.slack.access import can_answer, interview_for
from bot.slack.present import post, update
from bot.slack.services import Services
from bot.slack.turns import apply_turn
from storage import InterviewRecord, NotFound, Outgoing


@dataclass(frozen=True)
class Click:
    """A button press on an interview: who, which button, which interview and question."""

    team: int
    user: str
    action_id: str
    interview_id: int
    question_key: str | None
    channel: str | None = None
    message_ts: str | None = None
    message_blocks: tuple[dict[str, Any], ...] = ()
    message_text: str = ""
    label: str = ""


INPUTS: dict[str, Input] = {
    ids.START: Start(),
    ids.SKIP: Skip(),
    ids.ROOT_CAUSE: RootCause(),
    ids.PAUSE: Pause(),
    ids.RESUME: Resume(),
    ids.BACK: Back(),
    ids.USE_REMARK: UseRemark(),
}


async def handle_click(svc: Services, click: Click) -> str | None:
    """Apply a click; returns an ephemeral sentence for the clicker, or None for silence."""
    if click.action_id == ids.NOT_NOW:
        return await _not_now(svc, click)
    event: Input
    if click.action_id == ids.LOOKS_RIGHT:
        event = Confirm(svc.wording.button.looks_right)
    elif click.action_id == ids.CONTINUE:
        event = Start()  # resumes a paused interview too: any input after a pause resumes
    elif click.action_id in INPUTS:
        event = INPUTS[click.action_id]
    else:
        return None

    def guard(record: InterviewRecord, state: FlowState) -> bool:
        if not can_answer(record, click.user):
            raise NotAllowed
        return _current(click, state)

    try:
        turn = await apply_turn(
            svc, click.interview_id, event, team=click.team, guard=guard, also=_retire(click)
        )
    except NotFound:
        return fill(svc.wording.notice.no_such_interview, id=click.interview_id)
    except NotAllowed:
        return svc.wording.notice.not_allowed
    return None if turn.applied else svc.wording.notice.stale_button


def _retire(click: Click) -> list[Outgoing]:
    """Replace the clicked message's buttons with what the click did (once it applied)."""
    if not (click.channel and click.message_ts and click.message_blocks):
        return []
    message = build_answered(
        original=list(click.message_blocks), fallback=click.message_text, note=click.label
    )
    return [update(click.channel, click.message_ts, message)]


class NotAllowed(Exception):
    """Raised inside a guard when the clicker is not the interview's respondent."""


def _current(click: Click, state: FlowState) -> bool:
    """Whether the click still applies to where the interview stands (else it is a stale copy)."""
    if click.action_id == ids.START:
        return not state.started
    if click.action_id == ids.CONTINUE:
        return not state.finished  # a nudge's Continue shows where the interview stands
    if click.action_id == ids.RESUME:
        return state.paused
    if click.action_id == ids.LOOKS_RIGHT:
        return state.current == PLAYBACK_KEY and not state.finished
    if click.action_id == ids.ROOT_CAUSE and not (state.current or "").startswith("why."):
        return False
    if click.action_id == ids.USE_REMARK and state.held is None:
        return False  # the offer lapsed: the stakeholder answered or did something else
    return state.current is not None and state.current == click.question_key and not state.paused


async def _not_now(svc: Services, click: Click) -> str | None:
    """The stakeholder declines for now: nothing changes, the facilitator is told."""
    record = await interview_for(
        svc, team=click.team, user=click.user, interview_id=click.interview_id, may="answer"
    )
    if isinstance(record, str):
        return record
    if record.status != "invited":
        return None
    facilitator = record.facilitator.slack_user_id
    outbox = []
    if facilitator and facilitator != click.user:
        text = fill(svc.wording.notice.said_not_now, person=mention(click.user), id=record.id)
        outbox.append(post(facilitator, build_notice(text)))
    if click.channel and click.message_ts and click.message_blocks:
        postponed = build_postponed(
            original=list(click.message_blocks),
            fallback=click.message_text,
            note=svc.wording.notice.postponed,
        )
        outbox.append(update(click.channel, click.message_ts, postponed))
    # Once per interview: a double click or an old copy of the invitation tells no one twice.
    first = await svc.storage.send_once(
        team_id=click.team, key=f"said_not_now:{record.id}", interview_id=record.id, messages=outbox
    )
    svc.sender.wake()
    return svc.wording.notice.not_now if first else svc.wording.notice.already_not_now
