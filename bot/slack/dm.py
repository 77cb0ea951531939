"""Use cases for what arrives in a DM: answers, edits and deletions of answers, and picking
which interview an answer is for when a person has several open."""

from __future__ import annotations

import logging
from typing import Any

from bot.blocks.messages import build_notice, build_pick_interview
from bot.blocks.text import fill
from bot.flows.inputs import Answer, Back, Input, Pause, Retract, Revise, Skip
from bot.flows.state import FlowState
from bot.interviews import Turn
from bot.slack.access import can_answer, can_pick
from bot.slack.present import post
from bot.slack.services import Services
from bot.slack.turns import apply_turn
from storage import (
    OPEN_STATUSES,
    AlreadyHandled,
    Detour,
    InboxRecord,
    InterviewRow,
    NewEvent,
    Route,
)

logger = logging.getLogger(__name__)

# Interviews whose respondent's next DM is an answer: open ones, and finished ones waiting for
# the answer to a follow-up question.
ROUTED = (*OPEN_STATUSES, "following_up")

# Subtypes that carry a person's words like a plain message does.
TEXT_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})

# A DM has no Back button of its own: these words typed alone are the interview's commands.
COMMAND_WORDS: dict[str, Input] = {"back": Back(), "skip": Skip(), "pause": Pause()}


def from_slack(text: str) -> str:
    """The text as the person typed it: Slack sends &, < and > escaped."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def handle_message_event(svc: Services, event: InboxRecord) -> str:
    """Handle one stored message event; returns what became of it (for logs and tests)."""
    payload = event.payload
    subtype = payload.get("subtype")
    team = await svc.team_id(event.slack_team_id)
    if payload.get("bot_id") or payload.get("user") == svc.bot_user_id or subtype == "bot_message":
        await svc.storage.complete_event(event.id, status="ignored")
        return "ignored"
    if subtype == "message_changed":
        message = payload.get("message") or {}
        user, ts = message.get("user"), message.get("ts")
        return await _revise(
            svc, event, team, user, ts, Revise, from_slack(message.get("text", ""))
        )
    if subtype == "message_deleted":
        previous = payload.get("previous_message") or {}
        return await _revise(
            svc, event, team, previous.get("user"), payload.get("deleted_ts"), Retract
        )
    person = plain_answer(payload)
    if person is None:
        await svc.storage.complete_event(event.id, status="ignored")
        return "ignored"
    return await answer(svc, team, event)


async def handle_stored_event(svc: Services, event: InboxRecord) -> str:
    """Handle the event the inbox stored before the ack; a copy handled meanwhile is a no-op."""
    try:
        return await handle_message_event(svc, event)
    except AlreadyHandled:
        return "already_handled"


def plain_answer(payload: dict[str, Any]) -> str | None:
    """The author of a person's plain DM (an answer), or None for anything else."""
    user = payload.get("user")
    if payload.get("bot_id") or payload.get("subtype") not in TEXT_SUBTYPES:
        return None
    if not isinstance(user, str) or payload.get("thread_ts"):
        return None
    return user


async def answer_before_ack(svc: Services, body: dict[str, Any]) -> str | None:
    """Store and handle a plain answer in one transaction, before Slack gets its 2xx; None when
    the event is not a plain answer (it then takes the stored-first path)."""
    payload = dict(body["event"])
    if plain_answer(payload) is None or payload.get("user") == svc.bot_user_id:
        return None
    slack_team = str(body.get("team_id", ""))
    team = await svc.team_id(slack_team)
    new = NewEvent(slack_team, str(body["event_id"]), "message", payload)
    return await answer(svc, team, new)


async def answer(svc: Services, team: int, source: InboxRecord | NewEvent) -> str:
    """Route a plain answer to the one interview its author is answering, or ask which."""
    payload = source.payload
    user = str(payload["user"])

    def detour(rows: list[InterviewRow], inbox_id: int | None) -> Detour[Turn]:
        if not rows:
            notice = build_notice(svc.wording.notice.no_open_interview)
            return Detour(_detoured("no_interview"), (post(user, notice),))
        # Never guess: ask which interview, and keep the answer until they pick.
        assert inbox_id is not None
        pick = build_pick_interview(
            inbox_id=inbox_id, choices=_choices(svc, rows), wording=svc.wording
        )
        return Detour(_detoured("asked_which"), (post(user, pick),), "awaiting_choice")

    text = from_slack(str(payload.get("text", "")))
    turn = await apply_typed(svc, Route(user, ROUTED, detour), user, text, source, team)
    return turn.detour or "answered"


def typed_input(text: str) -> tuple[Input, str | None]:
    """What a typed DM means: a command word typed alone (and which), or an answer."""
    word = text.strip().rstrip(".!").strip().lower()
    command = COMMAND_WORDS.get(word)
    return (command, word) if command is not None else (Answer(text), None)


def _detoured(outcome: str) -> Turn:
    return Turn(0, FlowState(), (), outcome, applied=False, detour=outcome)


async def handle_pick(
    svc: Services, *, team: int, user: str, inbox_id: int, interview_id: int
) -> str:
    """The person said which interview their waiting answer is for."""
    event = await svc.storage.get_event(inbox_id)
    if event.status != "awaiting_choice" or not can_pick(event, user):
        return "stale"
    text = from_slack(str(event.payload.get("text", "")))
    turn = await apply_typed(svc, interview_id, user, text, event, team)
    return "answered" if turn.applied else "refused"


async def apply_typed(
    svc: Services,
    interview_id: int | Route[Turn],
    user: str,
    text: str,
    source: InboxRecord | NewEvent,
    team: int,
) -> Turn:
    """Apply what `user` typed: a command word (the reply first says it was taken as one) or an
    answer."""
    event, command = typed_input(text)
    notice = None if command is None else fill(svc.wording.notice.typed_command, command=command)
    return await apply_answer(svc, interview_id, user, event, source, team, notice=notice)


async def apply_answer(
    svc: Services,
    interview_id: int | Route[Turn],
    user: str,
    event: Input,
    source: InboxRecord | NewEvent,
    team: int,
    *,
    notice: str | None = None,
) -> Turn:
    """Apply an input from `user` (who must be the respondent) and queue the replies (after
    `notice`, mrkdwn); `source` is the stored event, or a new one stored in the same
    transaction."""
    return await apply_turn(
        svc,
        interview_id,
        event,
        team=team,
        source=source,
        guard=lambda record, state: can_answer(record, user),
        also=[post(user, build_notice(notice))] if notice is not None else (),
    )


async def _revise(
    svc: Services,
    event: InboxRecord,
    team: int,
    user: Any,
    ts: Any,
    kind: type[Revise] | type[Retract],
    text: str = "",
) -> str:
    if not isinstance(user, str) or not isinstance(ts, str):
        await svc.storage.complete_event(event.id, status="ignored")
        return "ignored"
    rows = await svc.storage.interview_rows(team_id=team, slack_user_id=user, role="respondent")
    found = await svc.storage.answer_by_ts(interview_ids=[r.id for r in rows], ts=ts)
    if found is None:
        await svc.storage.complete_event(event.id, status="ignored")
        return "not_an_answer"
    interview_id, key = found
    change: Input = Revise(key, text) if kind is Revise else Retract(key)
    await apply_answer(svc, interview_id, user, change, event, team)
    return "revised" if kind is Revise else "retracted"


def _choices(svc: Services, rows: list[InterviewRow]) -> list[tuple[int, str]]:
    return [(r.id, f"#{r.id} {svc.interviews.script(r.purpose).title}") for r in rows]
