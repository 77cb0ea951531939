"""Use case: start an interview from the slash command or the modal."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks.messages import build_live_opening
from bot.blocks.text import fill, mention
from bot.flows.inputs import Start
from bot.flows.script import Purpose
from bot.slack.access import can_interview
from bot.slack.present import invitation, post
from bot.slack.services import Services
from bot.slack.turns import apply_turn, first_jobs
from storage import InterviewRecord, Outgoing, PersonRecord

logger = logging.getLogger(__name__)
PROFILE_TTL = timedelta(minutes=10)


async def start_interview(
    svc: Services,
    *,
    slack_team_id: str,
    facilitator: str,
    stakeholder: str,
    purpose: Purpose,
    mode: str = "dm",
    confidential: bool = False,
    context_note: str | None = None,
) -> str:
    """Create the interview and queue its first messages; returns the facilitator's reply."""
    if not can_interview(facilitator, stakeholder):
        return svc.wording.notice.cannot_interview_yourself
    team = await svc.team_id(slack_team_id)
    profile = await _profile(svc, stakeholder)
    if profile.get("is_bot") or profile.get("deleted") or stakeholder == svc.bot_user_id:
        return svc.wording.notice.cannot_interview
    stake = await _person(svc, team, stakeholder, profile)
    fac = await _person(svc, team, facilitator, await _profile(svc, facilitator))
    script = svc.interviews.script(purpose)

    def invite(record: InterviewRecord) -> list[Outgoing]:
        return [invitation(record, script, svc.wording)] if mode == "dm" else []

    turn = await svc.interviews.start(
        team_id=team,
        purpose=purpose,
        facilitator=fac,
        stakeholder=stake,
        mode=mode,
        confidential=confidential,
        context_note=context_note,
        present=invite,
        schedule=lambda record: first_jobs(svc, record),
    )
    if mode == "live":
        # Live notes: the opening to read aloud, then the questions, in the facilitator's DM.
        opening = build_live_opening(
            interview_id=turn.interview_id,
            facilitator_id=facilitator,
            stakeholder_id=stakeholder,
            intro=script.intro,
            wording=svc.wording,
            confidential=confidential,
        )
        await svc.storage.enqueue(
            team_id=team, interview_id=turn.interview_id, messages=[post(facilitator, opening)]
        )
        await apply_turn(svc, turn.interview_id, Start(), team=team)
    svc.sender.wake()
    logger.info("interview %s started (%s, %s)", turn.interview_id, purpose.value, mode)
    template = svc.wording.notice.invited if mode == "dm" else svc.wording.notice.live_started
    return fill(template, id=turn.interview_id, person=mention(stakeholder))


async def _profile(svc: Services, user: str) -> dict[str, Any]:
    """users.info for a person (remembered for a while: names and time zones rarely change, and
    a facilitator starting ten interviews should not cost twenty calls); empty when Slack will
    not say, and the interview still starts."""
    now = svc.clock.now()
    cached = svc.profiles.get(user)
    if cached is not None and cached[0] > now:
        return cached[1]
    try:
        response = await svc.client.users_info(user=user)
    except SlackApiError as exc:
        logger.warning("users.info %s failed: %s", user, exc.response.get("error"))
        return {}
    found = response.get("user")
    profile = found if isinstance(found, dict) else {}
    svc.profiles[user] = (now + PROFILE_TTL, profile)
    return profile


async def _person(svc: Services, team: int, user: str, profile: dict[str, Any]) -> PersonRecord:
    details = profile.get("profile") or {}
    name = profile.get("real_name") or details.get("real_name") or profile.get("name") or user
    return await svc.storage.ensure_person(
        team_id=team,
        slack_user_id=user,
        name=str(name)[:200],
        title=(str(details["title"])[:200] or None) if details.get("title") else None,
        department=await _department(svc, user),
        tz=str(profile["tz"])[:64] if profile.get("tz") else None,
    )


async def _department(svc: Services, user: str) -> str | None:
    """The person's department, from the workspace's custom profile field labelled
    "Department" (Slack has no standard one); None where the workspace has no such field."""
    try:
        if svc.department_field is None:
            team_profile: dict[str, Any] = (await svc.client.team_profile_get()).get(
                "profile"
            ) or {}
            fields: list[dict[str, Any]] = team_profile.get("fields") or []
            labels = {str(f.get("label", "")).strip().casefold(): f.get("id") for f in fields}
            svc.department_field = str(labels.get("department") or "")
        if not svc.department_field:
            return None
        found: dict[str, Any] = (await svc.client.users_profile_get(user=user)).get("profile") or {}
        value = (found.get("fields") or {}).get(svc.department_field, {}).get("value")
    except SlackApiError as exc:
        logger.info("no department for %s: %s", user, exc.response.get("error"))
        return None
    return (str(value).strip()[:200] or None) if value else None
