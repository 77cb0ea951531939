"""Confidential interviews and the roadmap: their words never reach it, but after the playback
the stakeholder is shown the candidates others raised that look like each of their pain points
(titles only) and may say *Mine is #N*. The link counts with #N as a number, never a name or
words, and brings the "did it fix it?" question when #N ships."""

from __future__ import annotations

from typing import Any

from bot.blocks.roadmap_similar import Close, build_confidential_offer, build_mine_decided
from bot.blocks.text import fill
from bot.roadmap import similarity
from bot.roadmap.model import PLANNED_STATUSES
from bot.slack.access import can_link_confidential
from bot.slack.present import post, update
from bot.slack.services import Services
from storage import InterviewRecord, NotFound, Outgoing

OFFERED = 3


async def confidential_offers(svc: Services, team: int, record: InterviewRecord) -> list[Outgoing]:
    """One DM per obstacle of a finished confidential interview that looks like open candidates:
    the closest three, each with *Mine is #N* (the obstacle's first pain point is linked)."""
    person = record.stakeholder.slack_user_id
    if not person:
        return []
    points = await svc.storage.pain_points(team_id=team, interview_id=record.id)
    board = await svc.roadmap.board(team, displacements=False)
    open_ = [r.candidate for r in board.ranked if r.candidate.status in PLANNED_STATUSES]
    existing = [similarity.Item(c.id, similarity.text_of(c.problem, c.title)) for c in open_]
    titles = {c.id: c.title for c in open_}
    seen: set[str] = set()
    out = []
    for point in points:
        group = similarity.obstacle_group(point.interview_id, point.key)
        if group in seen or not existing:
            continue
        seen.add(group)
        mine = similarity.Item(0, similarity.text_of(point.problem, point.title))
        found = similarity.most_similar(existing, mine, method=svc.roadmap.method(), top=OFFERED)
        closest = [Close(m.other, titles[m.other], m.score) for m in found]
        if closest:
            title = point.title or point.problem
            offer = build_confidential_offer(point.id, title, closest, wording=svc.wording)
            out.append(post(person, offer))
    return out


def parse_link(value: str) -> tuple[int, int]:
    """The pain point and candidate of a *Mine is #N* value; ValueError for anything else."""
    left, sep, right = value.partition(":")
    if not (sep and left.isdigit() and right.isdigit()):
        raise ValueError(f"not a link value: {value[:40]!r}")
    return int(left), int(right)


async def mine_is_confidential(
    svc: Services,
    *,
    team: int,
    user: str,
    value: str,
    message: tuple[str, str, list[dict[str, Any]]] | None,
) -> str | None:
    """*Mine is #N* from a confidential interview's stakeholder: their pain point counts with
    #N. A sentence when nothing could be done."""
    w = svc.wording.roadmap
    try:
        point_id, candidate_id = parse_link(value)
        points = await svc.storage.pain_points(team_id=team)
        point = next(p for p in points if p.id == point_id)
    except (ValueError, StopIteration):
        return w.decided
    if not can_link_confidential(point.stakeholder, user):
        return w.mine_not_yours
    try:
        await svc.storage.link_confidential(
            team_id=team, pain_point_id=point_id, candidate_id=candidate_id, stakeholder=user
        )
    except NotFound:
        return w.decided
    note = fill(w.confidential_joined, id=candidate_id)
    if message is None:
        return note
    channel, ts, blocks = message
    await svc.storage.enqueue(
        team_id=team, messages=[update(channel, ts, build_mine_decided(blocks, note=note))]
    )
    svc.sender.wake()
    return None
