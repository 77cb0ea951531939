"""Success metrics as plain text, for the terminal and the digest: one line per metric with its
sparkline, latest value, computed status and the owner's confidence."""

from __future__ import annotations

from collections.abc import Sequence

from bot.metrics.model import number_text
from bot.metrics.sparkline import sparkline
from bot.roadmap.metrics import Tracked


def metric_line(t: Tracked) -> str:
    """`#3 Pipelines fixed in 48 h (#2 Pipelines fail…) ▁▃▆ 85% → 98% by 2027-06-01: at risk;
    owner: on track — numbers behind plan, owner says on track: see note`."""
    m, r = t.metric, t.reading
    values = [m.baseline, *(c.value for c in m.checkins)]
    owner = f"; owner: {r.confidence.label}" if r.confidence else ""
    flag = f" — {r.disagreement}" if r.disagreement else ""
    target = f"{m.direction.label} {number_text(m.target, m.unit)} by {m.deadline.isoformat()}"
    return (
        f"#{m.id} {' '.join(m.name.split())} (#{m.candidate_id} {t.candidate}) "
        f"{sparkline(values)} {number_text(r.latest, m.unit)}, {target}: "
        f"{r.status.label}{owner}{flag}"
    )


def show_text(tracked: Sequence[Tracked]) -> str:
    """Every metric with its state and check-ins, for `metric show`."""
    if not tracked:
        return "No success metrics yet: add one from a candidate's card (Impact and metric)."
    lines: list[str] = []
    for t in tracked:
        m = t.metric
        lines.append(metric_line(t))
        state = m.state.value + (f" ({m.closed_reason})" if m.closed_reason else "")
        lines.append(
            f"  {state}; baseline {number_text(m.baseline, m.unit)} on "
            f"{m.baseline_date.isoformat()}; owner <@{m.owner}>, {m.cadence.label}; "
            f"next check-in {m.next_due.isoformat()}"
        )
        for c, source in zip(m.checkins, t.sources, strict=True):
            said = f" {c.confidence.label}" if c.confidence else ""
            note = f" — {' '.join(c.note.split())}" if c.note else ""
            lines.append(
                f"  {c.on.isoformat()}  {number_text(c.value, m.unit)}{said} [{source}]{note}"
            )
    return "\n".join(lines)
