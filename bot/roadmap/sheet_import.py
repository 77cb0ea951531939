"""An edited roadmap sheet read back as changes, all or nothing.

`read_changes` either returns every change or every problem. A cell counts as edited only when
its text differs from what export writes for the candidate now, so a sheet exported and
imported untouched changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.roadmap.board import Board, Ranked
from bot.roadmap.cells import CellProblem
from bot.roadmap.model import ImpactKind, Size, Status
from bot.roadmap.sheet import COLUMNS, HEADERS, KEYS, Cell, row_of, text_of
from bot.roadmap.smart import MetricProblem, check_metric

_METRIC_KEYS = tuple(c.key for c in COLUMNS if c.metric)


@dataclass(frozen=True)
class Problem:
    """Why (part of) a sheet was rejected; `row` counts the header as row 1, like a spreadsheet."""

    message: str
    row: int | None = None
    candidate_id: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.candidate_id is not None:
            where.append(f"#{self.candidate_id}")
        if self.column is not None:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Change:
    """One edited cell: the candidate, the column header, the text before and after."""

    candidate_id: int
    column: str
    before: str
    after: str


@dataclass(frozen=True)
class ImportResult:
    """Changes and the field values to store per candidate, or the problems that stop it all."""

    rows: int
    changes: tuple[Change, ...] = ()
    updates: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the sheet can be applied."""
        return not self.problems


def check_header(header: Sequence[str]) -> list[Problem]:
    """Problems with the header row: missing, unexpected or reordered columns."""
    got = [" ".join(h.split()) for h in header]
    wanted = {h.casefold(): h for h in HEADERS}
    seen = [h.casefold() for h in got]
    problems = []
    missing = [h for h in HEADERS if h.casefold() not in seen]
    extra = [h or "(blank)" for h in got if h.casefold() not in wanted]
    doubled = sorted({h for h in got if h and seen.count(h.casefold()) > 1})
    if missing:
        problems.append(Problem(f"missing columns: {', '.join(missing)}", row=1))
    if extra:
        problems.append(Problem(f"unexpected columns: {', '.join(extra)}", row=1))
    if doubled:
        problems.append(Problem(f"columns given twice: {', '.join(doubled)}", row=1))
    if not problems and seen != [h.casefold() for h in HEADERS]:
        problems.append(
            Problem(f"columns are out of order; expected: {' | '.join(HEADERS)}", row=1)
        )
    return problems


def read_changes(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    board: Board,
    *,
    merged_into: Mapping[int, int],
    today: date,
    first_row: int = 2,
) -> ImportResult:
    """Compare an edited sheet with the board; every change, or every problem."""
    problems = check_header(header)
    if problems:
        return ImportResult(rows=len(rows), problems=tuple(problems))
    current = {r.id: (r, row_of(r, board)) for r in board.ranked}
    changes: list[Change] = []
    updates: dict[int, dict[str, Any]] = {}
    seen: dict[int, int] = {}
    for number, cells in enumerate(rows, start=first_row):
        if not any(c.strip() for c in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) != len(HEADERS):
            problems.append(Problem(f"has {len(cells)} cells, expected {len(HEADERS)}", row=number))
            continue
        values = dict(zip(KEYS, cells, strict=True))
        found = _candidate(values["id"], number, current, merged_into, seen, problems)
        if found is None:
            continue
        ranked, before = found
        row = _Row(number, ranked, before, values, today)
        row.compare()
        problems += row.problems
        changes += row.changes
        if row.updates:
            updates[ranked.id] = row.updates
    return ImportResult(
        rows=sum(1 for r in rows if any(c.strip() for c in r)),
        changes=tuple(changes) if not problems else (),
        updates=updates if not problems else {},
        problems=tuple(problems),
    )


def _candidate(
    text: str,
    number: int,
    current: Mapping[int, tuple[Ranked, dict[str, Cell]]],
    merged_into: Mapping[int, int],
    seen: dict[int, int],
    problems: list[Problem],
) -> tuple[Ranked, dict[str, Cell]] | None:
    """The candidate a row is about, or None with the problem recorded."""
    raw = text.strip().removeprefix("#")
    if not raw.isascii() or not raw.isdigit():
        problems.append(Problem(f"ID {text!r} is not a candidate number", row=number))
        return None
    candidate_id = int(raw)
    if candidate_id in seen:
        problems.append(
            Problem(f"given twice (also on row {seen[candidate_id]})", number, candidate_id)
        )
        return None
    seen[candidate_id] = number
    if candidate_id in merged_into:
        target = merged_into[candidate_id]
        problems.append(
            Problem(f"was merged into #{target}; edit #{target} instead", number, candidate_id)
        )
        return None
    if candidate_id not in current:
        problems.append(Problem("unknown candidate id", number, candidate_id))
        return None
    return current[candidate_id]


class _Row:
    """One row of an edited sheet against the candidate it names."""

    def __init__(
        self,
        number: int,
        ranked: Ranked,
        before: dict[str, Cell],
        values: dict[str, str],
        today: date,
    ) -> None:
        self.number = number
        self.ranked = ranked
        self.before = before
        self.values = values
        self.today = today
        self.problems: list[Problem] = []
        self.changes: list[Change] = []
        self.updates: dict[str, Any] = {}

    def problem(self, key: str, message: str) -> None:
        header = HEADERS[KEYS.index(key)]
        self.problems.append(Problem(message, self.number, self.ranked.id, header))

    def compare(self) -> None:
        edited = [
            column
            for column in COLUMNS
            if self.values[column.key].strip() != text_of(self.before[column.key]).strip()
        ]
        for column in edited:
            if column.key == "id":
                continue
            if not column.editable:
                self.problem(column.key, "is derived from the interviews and cannot be edited")
                continue
            if column.metric:
                continue  # checked together below
            assert column.parse is not None  # editable and not a metric part
            try:
                self.updates.update(column.parse(self.values[column.key].strip(), self.ranked))
            except CellProblem as problem:
                self.problem(column.key, str(problem))
        if any(c.metric for c in edited):
            self._metric()
        if not self.problems:
            self.changes = [
                Change(self.ranked.id, c.header, text_of(self.before[c.key]), self._after(c.key))
                for c in edited
                if c.key != "id"
            ]

    def _after(self, key: str) -> str:
        """The new text of a column as export will write it (`xl` is shown as `XL`)."""
        if key in ("effort", "impact_kind", "status") and self.updates.get(key):
            kinds: dict[str, type[Size] | type[ImpactKind] | type[Status]] = {
                "effort": Size,
                "impact_kind": ImpactKind,
                "status": Status,
            }
            return str(kinds[key](self.updates[key]).value).replace("_", " ")
        return self.values[key].strip()

    def _metric(self) -> None:
        texts = {k: self.values[k].strip() for k in _METRIC_KEYS}
        if not any(texts.values()):
            self.updates.update(metric=None, baseline=None, target=None, deadline=None)
            return
        deadline: date | None = None
        if texts["deadline"]:
            try:
                deadline = date.fromisoformat(texts["deadline"][:10])
                if len(texts["deadline"]) > 10 and texts["deadline"][10:] not in _MIDNIGHT:
                    raise ValueError(texts["deadline"])
            except ValueError:
                self.problem("deadline", f"malformed date {texts['deadline']!r}: use YYYY-MM-DD")
                return
        checked = check_metric(
            texts["metric"], texts["baseline"], texts["target"], deadline, today=self.today
        )
        if isinstance(checked, dict):
            for part, problem in checked.items():
                self.problem(part, _METRIC_SENTENCES[problem])
            return
        self.updates.update(
            metric=checked.metric,
            baseline=checked.baseline,
            target=checked.target,
            deadline=checked.deadline,
        )


_MIDNIGHT = ("T00:00:00", " 00:00:00")
_METRIC_SENTENCES = {
    MetricProblem.MISSING_METRIC: "a SMART metric needs all four parts: the metric is missing",
    MetricProblem.MISSING_BASELINE: "a SMART metric needs all four parts: the baseline is missing",
    MetricProblem.MISSING_TARGET: "a SMART metric needs all four parts: the target is missing",
    MetricProblem.MISSING_DEADLINE: "a SMART metric needs all four parts: the deadline is missing",
    MetricProblem.SAME_TARGET: "the target is the same as the baseline",
    MetricProblem.PAST_DEADLINE: "the deadline must be in the future",
    MetricProblem.TOO_LONG: "is too long",
}
