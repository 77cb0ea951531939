"""Tables, target verdicts and the results section of docs/benchmarks.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.dms import DmResult
from bench.load import LoadResult
from bench.scenarios import HELP, AckRow, Plan

# Issue 12's targets, as ratios to the bare app measured in the same run.
ACK_TARGET = 1.2  # every /interview ack p99 (each request, each concurrency) at most this x bare
DM_TARGETS = {"SQLite": 0.2, "PostgreSQL": 0.14}  # DM answers/s at least this x bare events/s
DM_P99_TARGET = 150.0  # ms, event sent -> next question recorded, 50 stakeholders
BEGIN = "<!-- results:begin (written by python -m bench.run) -->"
END = "<!-- results:end -->"
ROW_NAMES = {HELP: "`/interview help`", "start": "`/interview <@U…> pain_points`"}


@dataclass
class Results:
    """Everything one run measured."""

    plan: Plan
    machine: str
    ceiling: LoadResult | None = None
    acks: list[AckRow] = field(default_factory=list)
    dms: list[DmResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def ack_table(rows: list[AckRow]) -> list[str]:
    """The ack latency and throughput table, bot next to bare, with ratios."""
    lines = [
        "| request | conc. | bare p50 ms | bare p99 ms | bare req/s "
        "| bot p50 ms | bot p99 ms | bot req/s | p99 bot/bare | req/s bot/bare |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            f"| {ROW_NAMES.get(row.request, row.request)} | {row.concurrency} "
            f"| {_ms(row.bare_value('p50'))} | {_ms(row.bare_value('p99'))} "
            f"| {_rate(row.bare_value('rps'))} "
            f"| {_ms(row.bot_value('p50'))} | {_ms(row.bot_value('p99'))} "
            f"| {_rate(row.bot_value('rps'))} "
            f"| {row.ratio('p99'):.2f} | {row.ratio('rps'):.2f} |"
        )
    return lines


def work_table(rows: list[AckRow]) -> list[str]:
    """How fast the bot did the work behind the `start` acks."""
    lines = [
        "| conc. | commands | acked req/s | interviews started/s (reply + invitation delivered) |",
        "|--:|--:|--:|--:|",
    ]
    for row in rows:
        if row.work_rate is None:
            continue
        done = sum(r.done for r in row.bot)
        lines.append(
            f"| {row.concurrency} | {done} | {_rate(row.bot_value('rps'))} "
            f"| {_rate(row.work_rate)} |"
        )
    return lines


def dm_table(dms: list[DmResult]) -> list[str]:
    """DM answers fully processed, next to the bare app's event ack rate."""
    lines = [
        "| database | stakeholders | answers | answers/s | p50 ms | p99 ms "
        "| bot event ack p99 ms | stored / expected | bare events/s (c50) | answers/s ÷ bare "
        "| bot CPU ms / answer | database CPU ms / answer | bare CPU ms / event "
        "| load generator busy, bare / DM |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for dm in dms:
        ratio = dm.rate / dm.bare.rate if dm.bare.rate > 0 else float("inf")
        db = _ms(dm.per_answer_ms(dm.db_cpu)) if dm.db_cpu else "in the bot"
        lines.append(
            f"| {dm.database} | {dm.stakeholders} | {len(dm.latencies)} | {_rate(dm.rate)} "
            f"| {_ms(dm.p(50))} | {_ms(dm.p(99))} | {_ms(dm.ack_p(99))} "
            f"| {dm.stored} / {dm.expected_stored} | {_rate(dm.bare.rate)} | {ratio:.3f} "
            f"| {dm.per_answer_ms(dm.bot_cpu):.2f} | {db} | {dm.bare_ms:.2f} "
            f"| {dm.harness_bare:.0%} / {dm.harness_dm:.0%} |"
        )
    return lines


def verdicts(results: Results) -> list[str]:
    """PASS / FAIL for each of the issue's targets, with the numbers."""
    lines = []
    for row in results.acks:
        ratio = row.ratio("p99")
        verdict = "PASS" if ratio <= ACK_TARGET else "FAIL"
        lines.append(
            f"{verdict}: ack p99 at {row.concurrency} concurrent, "
            f"{ROW_NAMES.get(row.request, row.request)}: bot {_ms(row.bot_value('p99'))} ms vs "
            f"bare {_ms(row.bare_value('p99'))} ms = {ratio:.2f}x (target <= {ACK_TARGET}x)"
        )
    for dm in results.dms:
        target = DM_TARGETS.get(dm.database.split()[0])
        if target is None:
            continue
        ratio = dm.rate / dm.bare.rate if dm.bare.rate > 0 else 0.0
        verdict = "PASS" if ratio >= target and not dm.failures else "FAIL"
        lines.append(
            f"{verdict}: DM answers fully processed on {dm.database}: {dm.rate:.0f}/s vs bare "
            f"{dm.bare.rate:,.0f} events/s = {ratio:.3f}x (target >= {target}x; "
            f"failures {dm.failures})"
        )
        verdict = "PASS" if dm.p(99) < DM_P99_TARGET else "FAIL"
        lines.append(
            f"{verdict}: DM p99 on {dm.database} at {dm.stakeholders} stakeholders: "
            f"{dm.p(99):.0f} ms (target < {DM_P99_TARGET:.0f} ms)"
        )
    if not any(dm.database.startswith("SQLite") for dm in results.dms):
        lines.append("FAIL: DM answers on SQLite were not measured")
    return lines


def ceiling_sentence(results: Results) -> str:
    """The generator's ceiling, and whether the apps' numbers stay clear of it."""
    assert results.ceiling is not None
    c = results.ceiling
    text = (
        f"The same load generator against a plain aiohttp handler at {c.concurrency} "
        f"concurrent: {_rate(c.rate)} req/s, p50 {_ms(c.p(50))} ms, p99 {_ms(c.p(99))} ms."
    )
    tops = [r.bare_value("rps") for r in results.acks if r.concurrency == c.concurrency]
    if not tops or c.rate <= 0:
        return text
    share = max(tops) / c.rate
    verdict = (
        "so the generator is not what limits them"
        if share < 0.7
        else "close to the ceiling: the generator may limit the bare numbers"
    )
    return (
        f"{text} The bare app's best at that level is {_rate(max(tops))} req/s, "
        f"{share:.0%} of it, {verdict}."
    )


def render(results: Results) -> str:
    """The results section, Markdown."""
    out = [f"Measured on: {results.machine}; whole run {results.seconds:.0f} s.", ""]
    out += ["### Targets", "", "```text", *verdicts(results), "```", ""]
    if results.ceiling is not None:
        out += ["### Load generator ceiling", "", ceiling_sentence(results), ""]
    if results.acks:
        out += ["### `/interview` ack latency and throughput", "", *ack_table(results.acks), ""]
        work = [r for r in results.acks if r.work_rate is not None]
        if work:
            out += ["Work behind the `pain_points` acks, done by the bot:", "", *work_table(work)]
            out += [""]
    if results.dms:
        out += ["### DM answers fully processed", "", *dm_table(results.dms), ""]
        for dm in results.dms:
            if dm.failures:
                out += [f"- {dm.database}: {dm.failures} failures, first: {dm.first_failure}"]
        out += [""]
    for reason in results.skipped:
        out += [f"- Skipped: {reason}"]
    for note in results.notes:
        out += [f"- {note}"]
    return "\n".join(out).rstrip() + "\n"


def write_doc(path: Path, section: str) -> None:
    """Replace the text between the results markers of `path` (appending them if missing)."""
    text = path.read_text() if path.exists() else ""
    block = f"{BEGIN}\n{section}{END}"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + ("\n\n" if text else "") + "## Results\n\n" + block + "\n"
    path.write_text(text)
