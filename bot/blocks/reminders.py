"""Builders for time-based messages: nudges, stall notices, the pain-point re-check, the digest."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks import ids, limits
from bot.blocks.chart import series_chart
from bot.blocks.elements import Block, actions, button, divider, message, pack, section, sections
from bot.blocks.limits import split_text
from bot.blocks.text import fill, mention
from bot.blocks.values import button_value
from bot.blocks.wording import SlackWording
from bot.metrics.progress import ProgressChart

_CHECK_ITEMS = 15  # pain points in one re-check message (3 blocks each, under 50)


def build_nudge(
    *, interview_id: int, facilitator_id: str, purpose_title: str, wording: SlackWording
) -> Block:
    """A reminder to the stakeholder: Continue, Snooze a day, Snooze a week, I'd rather not."""
    text = fill(
        wording.reminder.nudge,
        facilitator=mention(facilitator_id),
        purpose=purpose_title,
        id=interview_id,
    )
    value = button_value(interview_id)
    b = wording.button
    blocks = [
        *sections(text, most=1),
        actions(
            button(b.continue_interview, ids.CONTINUE, value, style="primary"),
            button(b.snooze_day, ids.SNOOZE_DAY, value),
            button(b.snooze_week, ids.SNOOZE_WEEK, value),
            button(b.decline, ids.DECLINE, value),
        ),
    ]
    return message(text, blocks)


def build_still_holds(
    *,
    interview_id: int,
    purpose_title: str,
    items: list[tuple[int, str, str]],
    wording: SlackWording,
) -> list[Block]:
    """'Do these still hold?' with Still true / Not any more per pain point (id, problem, cause)."""
    intro = fill(wording.reminder.check_intro, id=interview_id, purpose=purpose_title)
    out = []
    for start in range(0, len(items), _CHECK_ITEMS):
        blocks = [*sections(intro, most=1)] if start == 0 else []
        for pain_id, problem, cause in items[start : start + _CHECK_ITEMS]:
            item = fill(wording.reminder.check_item, problem=problem, cause=cause or "—")
            blocks += [divider(), *sections(item, most=1)]
            blocks.append(
                actions(
                    button(wording.button.still_holds, ids.STILL_HOLDS, f"{pain_id}:yes"),
                    button(wording.button.no_longer_holds, ids.NO_LONGER_HOLDS, f"{pain_id}:no"),
                )
            )
        out.append(message(intro, blocks))
    return out


def parse_check_value(value: str) -> tuple[int, bool]:
    """(pain point id, still holds) from a re-check button; ValueError on anything else."""
    raw_id, _, answer = value.partition(":")
    if not raw_id.isdigit() or answer not in ("yes", "no") or not 0 < int(raw_id) < 2**31:
        raise ValueError(f"not a re-check value: {value!r}")
    return int(raw_id), answer == "yes"


def build_digest_chart(
    points: Sequence[tuple[str, int, float]], *, week: str, wording: SlackWording
) -> Block | None:
    """The digest's native chart: impact and effort side by side for each candidate, by title
    (at most 20 of them); None when no candidate has both yet."""
    if not points:
        return None
    w = wording.digest
    shown = points[: limits.CHART_POINTS]
    chart = series_chart(
        "bar",
        fill(w.chart_title, week=week),
        [title for title, _, _ in shown],
        {
            w.chart_impact: [impact for _, impact, _ in shown],
            w.chart_effort: [effort for _, _, effort in shown],
        },
    )
    return message(fill(w.chart_fallback, week=week), [chart])


def build_metrics_chart(chart: ProgressChart, *, week: str, wording: SlackWording) -> Block:
    """The digest's success-metrics chart: each metric's progress from baseline (0%) to target
    (100%) on the dates it was checked in, by metric name (at most six)."""
    w = wording.digest
    block = series_chart(
        "line",
        fill(w.metrics_chart_title, week=week),
        [day.isoformat() for day in chart.dates],
        {s.metric.name: s.values for s in chart.series},
        y_label=w.metrics_chart_axis,
    )
    return message(fill(w.metrics_chart_fallback, week=week), [block])


def build_digest(
    *, week: str, parent_mrkdwn: str, thread_mrkdwn: str, wording: SlackWording
) -> tuple[Block, list[Block]]:
    """The digest's parent message and its thread replies (split to fit Slack's limits);
    both texts are rendered by the digest templates and already escaped."""
    parent = message(
        fill(wording.digest.fallback, week=week),
        sections(parent_mrkdwn, most=limits.MESSAGE_BLOCKS),
    )
    body = [section(chunk) for chunk in split_text(thread_mrkdwn)]
    groups = pack(body, []) if body else []
    replies = [
        message(
            fill(wording.digest.thread_fallback, week=week, part=part, parts=len(groups)), group
        )
        for part, group in enumerate(groups, start=1)
    ]
    return parent, replies
