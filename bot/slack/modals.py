"""Use cases behind the modals: the new-interview form, 'Correct something' and the playback's
'Edit titles'."""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.blocks.limits import truncate
from bot.blocks.messages import build_notice
from bot.blocks.modals import NewInterviewForm, build_correct_modal, build_new_interview_modal
from bot.blocks.text import Mrkdwn, fill, inline
from bot.blocks.titles import build_titles_modal
from bot.flows.inputs import Answer, Edit, Retitle
from bot.flows.path import questions
from bot.flows.walk import PLAYBACK_KEY
from bot.interviews import state_of
from bot.slack.access import can_answer, can_interview, interview_for
from bot.slack.present import post
from bot.slack.services import Services
from bot.slack.starting import start_interview
from bot.slack.turns import apply_turn


def new_interview_modal(svc: Services, *, stakeholder: str | None = None) -> dict[str, Any]:
    """The new-interview modal with every purpose that has a script."""
    purposes = [(p.value, s.title) for p, s in svc.interviews.scripts.items()]
    return build_new_interview_modal(
        purposes=purposes, wording=svc.wording, initial_stakeholder=stakeholder
    )


def new_interview_errors(svc: Services, *, user: str, form: NewInterviewForm) -> dict[str, str]:
    """What the new-interview modal must show before it may close ({block_id: error})."""
    if not can_interview(user, form.stakeholder_id):
        return {ids.STAKEHOLDER: svc.wording.notice.cannot_interview_yourself}
    return {}


async def submit_new_interview(
    svc: Services, *, slack_team_id: str, user: str, form: NewInterviewForm
) -> None:
    """Start the interview the modal describes and tell the facilitator in their DM."""
    reply = await start_interview(
        svc,
        slack_team_id=slack_team_id,
        facilitator=user,
        stakeholder=form.stakeholder_id,
        purpose=form.purpose,
        mode=form.mode,
        confidential=form.confidential,
        context_note=form.context_note,
    )
    team = await svc.team_id(slack_team_id)
    await svc.storage.enqueue(team_id=team, messages=[post(user, build_notice(reply))])
    svc.sender.wake()


ANSWER_PREVIEW = 300
"""Characters of the new answer repeated in the reply after a correction."""


async def correct_modal(
    svc: Services, *, slack_team_id: str, user: str, interview_id: int, chosen: str | None = None
) -> dict[str, Any] | str:
    """The 'Correct something' modal for the respondent (with the `chosen` answer filled in),
    or why it cannot open."""
    team = await svc.team_id(slack_team_id)
    record = await interview_for(svc, team=team, user=user, interview_id=interview_id, may="answer")
    if isinstance(record, str):
        return record
    state = state_of(record)
    script = svc.interviews.script(record.purpose)
    answered = [
        (q.key, record.answers[q.key].question or q.text)
        for q in questions(script, state)
        if q.key in record.answers and q.key != PLAYBACK_KEY and not record.answers[q.key].skipped
    ]
    if not answered:
        return svc.wording.correct.nothing_to_correct
    texts = {key: record.answers[key].text for key, _ in answered}
    return build_correct_modal(
        interview_id=record.id,
        questions=answered,
        wording=svc.wording,
        answers=texts,
        chosen=chosen,
    )


async def submit_correction(
    svc: Services, *, slack_team_id: str, user: str, interview_id: int, key: str, text: str
) -> None:
    """Replace one answer; the interview then continues (or plays the summary back again, after
    saying what changed)."""
    team = await svc.team_id(slack_team_id)
    edited = await apply_turn(
        svc, interview_id, Edit(key), team=team, guard=lambda r, s: can_answer(r, user), quiet=True
    )
    asked = edited.record.answers.get(key) if edited.record is not None else None
    question = asked.question if asked is not None else key
    changed = fill(
        svc.wording.notice.answer_changed,
        question=Mrkdwn(truncate(inline(question), ANSWER_PREVIEW)),
        answer=Mrkdwn(truncate(inline(text), ANSWER_PREVIEW)),
    )
    await apply_turn(
        svc,
        interview_id,
        Answer(text),
        team=team,
        guard=lambda r, s: can_answer(r, user) and s.current == key,
        also=[post(user, build_notice(changed))],
    )


async def titles_modal(
    svc: Services, *, slack_team_id: str, user: str, interview_id: int
) -> dict[str, Any] | str:
    """The playback's 'Edit titles' modal for the respondent, or why it cannot open."""
    team = await svc.team_id(slack_team_id)
    record = await interview_for(svc, team=team, user=user, interview_id=interview_id, may="answer")
    if isinstance(record, str):
        return record
    summary = await svc.interviews.summary(record.id, team_id=team)
    return build_titles_modal(
        interview_id=record.id, problems=summary.problems, wording=svc.wording
    )


async def submit_titles(
    svc: Services, *, slack_team_id: str, user: str, interview_id: int, titles: dict[int, str]
) -> None:
    """Keep the titles as given: each changed one is stored, and the summary is played back
    once more with them (titles left as proposed change nothing)."""
    team = await svc.team_id(slack_team_id)
    summary = await svc.interviews.summary(interview_id, team_id=team)
    now = {p.number: p.title for p in summary.problems}
    changed = [(n, t) for n, t in sorted(titles.items()) if n in now and now[n] != t]
    for position, (number, title) in enumerate(changed, start=1):
        await apply_turn(
            svc,
            interview_id,
            Retitle(number, title),
            team=team,
            guard=lambda r, s: can_answer(r, user),
            quiet=position < len(changed),  # one new playback, after the last title
        )
