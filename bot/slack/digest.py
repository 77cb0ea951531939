"""The weekly digest: one per channel per week, posted late once if the bot was down."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.blocks.elements import Block
from bot.blocks.reminders import build_digest, build_digest_chart, build_metrics_chart
from bot.blocks.text import fill
from bot.digest import DigestView, chart_points, digest_chart, digest_view
from bot.digest_chart import progress_png
from bot.jobs.runner import JobResult
from bot.jobs.timing import Schedule
from bot.render import render_digest
from bot.roadmap.board import Board
from bot.slack.roadmap import synced_board
from bot.slack.sender import CHART, UPLOAD
from bot.slack.services import Services
from storage import JobRecord, JobSpec, Outgoing

DIGEST = "digest"


def schedule_of(svc: Services) -> Schedule:
    """DIGEST_SCHEDULE in DIGEST_TIMEZONE (validated at start-up)."""
    return Schedule.parse(svc.settings.digest_schedule, svc.settings.digest_timezone)


def digest_spec(svc: Services, channel: str, occurrence: datetime) -> JobSpec:
    """The digest job for one channel and one scheduled moment; its key names the week."""
    week = schedule_of(svc).period_key(occurrence)
    key = f"{DIGEST}:{channel}:{week}"
    return JobSpec(DIGEST, key, occurrence, {"channel": channel}, rearm=False)


async def ensure_digest(svc: Services, *, slack_team_id: str) -> JobSpec | None:
    """At start-up: make sure the next digest is scheduled (a missed one stays due)."""
    channel = svc.settings.digest_channel
    if channel is None:
        return None
    spec = digest_spec(svc, channel, schedule_of(svc).next_after(svc.clock.now()))
    team = await svc.team_id(slack_team_id)
    await svc.storage.ensure_job(team_id=team, job=spec)
    return spec


async def view_for(
    svc: Services, *, team_id: int, end: datetime, board: Board | None = None
) -> DigestView:
    """The digest of the week ending at `end` (with the roadmap's top candidates)."""
    board = board or await synced_board(svc, team_id)
    return await digest_view(svc.storage, svc.settings, team_id=team_id, end=end, board=board)


@dataclass(frozen=True)
class Picture:
    """A chart in the digest's thread: Slack's chart block, and the PNG sent when Slack
    refuses the block (or DIGEST_CHART=png)."""

    png: bytes
    native: Block | None
    filename: str
    title: str


def pictures(svc: Services, board: Board, view: DigestView) -> list[Picture]:
    """The impact/effort chart of the top candidates and the success metrics' chart, each
    when there is something to draw."""
    out = []
    chart = digest_chart(board, view.week)
    if chart is not None:
        title = fill(svc.wording.digest.chart_title, week=view.week)
        native = native_chart(svc, board, view.week)
        out.append(Picture(chart, native, f"impact-effort-{view.week}.png", title))
    if view.progress is not None:
        w = svc.wording.digest
        title = fill(w.metrics_chart_title, week=view.week)
        png = progress_png(view.progress, title=title, axis=w.metrics_chart_axis)
        native = build_metrics_chart(view.progress, week=view.week, wording=svc.wording)
        out.append(Picture(png, native, f"success-metrics-{view.week}.png", title))
    return out


def digest_messages(
    svc: Services, view: DigestView, channel: str, charts: Sequence[Picture] = ()
) -> list[Outgoing]:
    """The parent message, its thread replies and the charts, for the outbox: Slack's own chart
    block (with the PNG to send if Slack refuses it), or the PNG alone."""
    parent, replies = build_digest(
        week=view.week,
        parent_mrkdwn=render_digest(view, "parent"),
        thread_mrkdwn=render_digest(view, "thread"),
        wording=svc.wording,
    )
    out = [Outgoing("chat.postMessage", parent, channel=channel)]
    out += [Outgoing("chat.postMessage", r, channel=channel, thread_of=0) for r in replies]
    for chart in charts:
        data = base64.b64encode(chart.png).decode("ascii")
        payload = {"filename": chart.filename, "title": chart.title, "data": data}
        if chart.native is not None and svc.settings.digest_chart == "native":
            native = {**chart.native, "fallback": payload}
            out.append(Outgoing(CHART, native, channel=channel, thread_of=0))
        else:
            out.append(Outgoing(UPLOAD, payload, channel=channel, thread_of=0))
    return out


async def run_digest(svc: Services, job: JobRecord, now: datetime) -> JobResult:
    """Post the digest due at job.due_at and schedule the next week's."""
    channel = str(job.payload["channel"])
    board = await synced_board(svc, job.team_id)
    await svc.roadmap.record_plan(job.team_id, board)  # the digest's plan is kept too
    view = await view_for(svc, team_id=job.team_id, end=job.due_at, board=board)
    following = digest_spec(svc, channel, schedule_of(svc).next_after(job.due_at))
    return JobResult(
        outbox=digest_messages(svc, view, channel, pictures(svc, board, view)),
        then=[following],
        note="late" if now - job.due_at > timedelta(hours=1) else "posted",
    )


def native_chart(svc: Services, board: Board, week: str) -> Block | None:
    """Slack's chart of the digest's candidates (the same ones as the PNG), by title."""
    points = [(p.title, p.impact, p.effort_points) for p in chart_points(board)]
    return build_digest_chart(points, week=week, wording=svc.wording)


def preview_text(svc: Services, view: DigestView) -> str:
    """The digest as one mrkdwn text (for `/interview digest preview` and the CLI)."""
    return render_digest(view, "parent") + "\n\n" + render_digest(view, "thread")
