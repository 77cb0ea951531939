"""The quarterly review's text: metrics missed or off track, candidates whose pain points no
longer hold, shipped items someone says did not fix, new themes since the last review, and what
the plan moved since the plan the last review kept. bot/slack/review.py sends it each quarter;
`interview-bot review --dry-run` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.blocks.text import inline, plural
from bot.clock import StoppedClock
from bot.digest import PENDING_READ, roadmap_themes
from bot.jobs.timing import Schedule, zone
from bot.metrics.model import MetricState
from bot.metrics.quarters import previous_review_day, quarter_key
from bot.metrics.status import Status
from bot.roadmap.board import Board
from bot.roadmap.metrics import Metrics, worst_first
from bot.roadmap.model import Status as CandidateStatus
from bot.roadmap.service import Roadmap
from bot.settings import Settings
from storage import Storage

_BAD = (Status.MISSED, Status.OFF_TRACK, Status.UNHEALTHY)


def review_schedule(settings: Settings) -> Schedule | None:
    """REVIEW_SCHEDULE in DIGEST_TIMEZONE (validated at start-up), or None when unset."""
    text = settings.review_schedule
    return Schedule.parse(text, settings.digest_timezone) if text else None


def quarter_of(settings: Settings, moment: datetime) -> str:
    """`2027-Q1`: the quarter `moment` falls in, in DIGEST_TIMEZONE."""
    return quarter_key(moment.astimezone(zone(settings.digest_timezone)).date())


@dataclass(frozen=True)
class QuarterlyReview:
    """The review of one team's roadmap, from storage and the roadmap."""

    storage: Storage
    settings: Settings
    roadmap: Roadmap

    async def preview(self, team: int, now: datetime) -> str:
        """The review as it would be sent at `now`; keeps nothing."""
        schedule = review_schedule(self.settings)
        return await self.text(team, quarter_of(self.settings, now), now, schedule, keep=False)

    async def text(
        self, team: int, quarter: str, at: datetime, schedule: Schedule | None, *, keep: bool = True
    ) -> str:
        """What the review says (mrkdwn, user text escaped); with `keep`, the plan it saw is
        kept as a snapshot for the next review (a preview keeps nothing)."""
        metrics = await Metrics(self.storage, StoppedClock(at)).tracked(
            team, states=[MetricState.COMMITTED]
        )
        bad = [t for t in worst_first(metrics) if t.reading.measured in _BAD]
        board = await self.roadmap.board(team, displacements=False)
        gone = [
            r
            for r in board.ranked
            if r.candidate.evidence and all(e.still_holds is False for e in r.candidate.evidence)
        ]
        answers = await self.storage.ship_answers(team_id=team)
        unfixed = [
            (r, answers[r.id])
            for r in board.ranked
            if r.candidate.status is CandidateStatus.SHIPPED and "no" in answers.get(r.id, [])
        ]
        lines = [f"*Quarterly review · {quarter}*", "", "*Metrics missed or off track*"]
        lines += [
            f"• {inline(t.metric.name)} (#{t.metric.candidate_id} {inline(t.candidate)}): "
            f"{t.reading.measured.label}"
            for t in bad
        ] or ["• None."]
        lines += ["", "*Candidates whose pain points no longer hold*"]
        lines += [f"• #{r.id} {inline(r.candidate.title)}" for r in gone] or ["• None."]
        lines += ["", "*Shipped, and not fixed for everyone*"]
        lines += [
            f"• #{r.id} {inline(r.candidate.title)}: {said.count('no')} of "
            f"{sum(1 for a in said if a)} say it did not fix their pain point"
            for r, said in unfixed
        ] or ["• None."]
        day = at.astimezone(zone(self.settings.digest_timezone)).date()
        last = previous_review_day(schedule, at) if schedule else day - timedelta(days=91)
        lines += ["", f"*New themes since {last.isoformat()}*"]
        lines += await self._new_themes(team, last, at, board)
        lines += ["", "*What the plan moved since the last review*"]
        lines += await self._moved(team, day, last, board, keep=keep)
        return "\n".join(lines)

    async def _new_themes(self, team: int, last: date, at: datetime, board: Board) -> list[str]:
        """Themes with pain points raised since the last review, counted the way the digest and the
        roadmap count them (a theme is a candidate; confidential pain points never make one)."""
        tz = zone(self.settings.digest_timezone)
        start = datetime.combine(last, time(), tzinfo=tz)
        data = await self.storage.digest_data(team_id=team, start=start, end=at)
        pending = await self.storage.pending_suggestions(team_id=team, limit=PENDING_READ)
        themes = roadmap_themes(
            [r.candidate for r in board.ranked],
            [(s.candidate.id, s.other.id) for s in pending],
            data,
        )
        fresh = sorted(
            (t for t in themes if t.new_this_week),
            key=lambda t: (t.new_this_week < t.pain_points, -t.stakeholders, t.candidate_id),
        )
        return [
            f"• #{t.candidate_id} {inline(t.label)}: {plural(t.stakeholders, 'stakeholder')}, "
            + (
                f"{plural(t.pain_points, 'pain point')}, all new"
                if t.new_this_week == t.pain_points
                else f"{plural(t.new_this_week, 'new pain point')} of {t.pain_points}"
            )
            + (
                f" (maybe the same as {', '.join(f'#{i}' for i in t.maybe_same)})"
                if t.maybe_same
                else ""
            )
            for t in fresh
        ] or ["• None."]

    async def _moved(
        self, team: int, day: date, last: date, board: Board, *, keep: bool
    ) -> list[str]:
        """Compared with the plan kept at the last review (or, before the first, the latest plan
        kept before this one); then this review's plan is kept for the next."""
        since = await self.roadmap.moved_since(team, last, board)
        if since is None:
            since = await self.roadmap.moved_since(team, day - timedelta(days=1), board)
        if keep:
            await self.roadmap.record_plan(team, board)
        if since is None:
            then = "; this review keeps one for the next." if keep else "."
            return [f"• No earlier plan was kept{then}"]
        snapshot, moved = since
        kept: date = snapshot.taken_on
        if not moved:
            return [f"• Nothing moved since the plan of {kept.isoformat()}."]
        lines = [f"Since the plan of {kept.isoformat()}:"]
        lines += [
            f"• #{m.id} {inline(m.title)}: {inline('; '.join(m.changes))}"
            + (f" (why: {inline('; '.join(m.reasons))})" if m.reasons else "")
            for m in moved
        ]
        return lines
