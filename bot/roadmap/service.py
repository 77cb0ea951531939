"""Roadmap use cases without Slack: sync pain points into candidates, score, merge, size, set
impact and metrics, override, export and import. The Slack and CLI shells call these."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.flows.summary import RootCauseStatus
from bot.flows.titles import cause_title
from bot.roadmap import files
from bot.roadmap.board import Board, build_board
from bot.roadmap.first_metric import save_first_metric
from bot.roadmap.formula import FormulaError
from bot.roadmap.matching import OFFERED, Matching
from bot.roadmap.model import (
    CANDIDATE_ENUMS,
    REASON_MAX,
    Candidate,
    Evidence,
    ImpactForm,
    Merge,
    Priority,
    Status,
)
from bot.roadmap.sheet import rows_of
from bot.roadmap.sheet_import import ImportResult, read_changes
from bot.roadmap.smart import MetricProblem, check_metric
from bot.roadmap.snapshots import MergeFact, Moved, snapshot_items, what_moved
from bot.roadmap.trade_offs import Choice, Decision
from bot.settings import Settings
from storage import (
    CandidateRow,
    EvidenceRow,
    Matcher,
    Outgoing,
    PlanSnapshotRow,
    Storage,
    SuggestionRow,
    SyncResult,
    TradeOffRow,
)

if TYPE_CHECKING:  # scikit-learn and scipy take a second to import: only when comparing
    from bot.roadmap import similarity


class Roadmap:
    """The roadmap use cases over one storage, with the settings' points and capacity."""

    def __init__(self, storage: Storage, settings: Settings) -> None:
        self.storage = storage
        self.settings = settings
        self.matching = Matching(settings)

    @property
    def capacity(self) -> float:
        """Effort points per quarter."""
        return self.settings.roadmap_capacity

    def method(self) -> similarity.Method:
        """The similarity the settings ask for: TF-IDF unless an embedding one is configured."""
        return self.matching.method()

    def matcher(self, team_id: int) -> Matcher:
        """The duplicate finder of a team's syncs (see `Matching.matcher`)."""
        return self.matching.matcher(team_id)

    async def similar(
        self, team_id: int, candidate_id: int, *, top: int = OFFERED
    ) -> list[tuple[Candidate, float]]:
        """The `top` open candidates most like one (title and problem), whatever their score:
        what a person picks from. Never one that shares an obstacle of an interview with it."""
        target = await self.candidate(team_id, candidate_id)
        rows = await self.storage.list_candidates(team_id=team_id)
        listed = [c for c in map(candidate_of, rows) if c.status is not Status.MERGED]
        if target.id not in {c.id for c in listed}:
            return []
        return self.matching.closest(team_id, target, listed, top)

    async def sync(
        self,
        team_id: int,
        *,
        outbox: Callable[[Sequence[SuggestionRow]], Sequence[Outgoing]] | None = None,
    ) -> SyncResult:
        """New pain points become candidates (two causes of one obstacle titled apart); likely
        duplicates are suggested (and sent)."""
        return await self.storage.sync_roadmap(
            team_id=team_id, match=self.matcher(team_id), outbox=outbox, name=cause_title
        )

    async def board(self, team_id: int, *, displacements: bool = True) -> Board:
        """The team's candidates scored, ranked and planned."""
        rows = await self.storage.list_candidates(team_id=team_id)
        decided = await self.storage.trade_off_decisions(team_id=team_id)
        return self.board_of(
            [candidate_of(r) for r in rows],
            displacements=displacements,
            decisions=[decision_of(d) for d in decided],
        )

    def board_of(
        self,
        candidates: Sequence[Candidate],
        *,
        displacements: bool = True,
        decisions: Sequence[Decision] = (),
    ) -> Board:
        """A board of candidates already read (and the Keep / Swap decisions it honours)."""
        return build_board(
            candidates,
            points=self.settings.roadmap_points,
            capacity=self.capacity,
            displacements=displacements,
            decisions=decisions,
        )

    async def record_plan(self, team_id: int, board: Board) -> PlanSnapshotRow:
        """Keep this run of the plan as today's snapshot (one a day: the day's last run)."""
        return await self.storage.save_plan_snapshot(
            team_id=team_id, capacity=board.plan.capacity, items=snapshot_items(board)
        )

    async def moved_since(
        self, team_id: int, day: date, board: Board
    ) -> tuple[PlanSnapshotRow, list[Moved]] | None:
        """What moved since the snapshot taken on or before `day` (None: there is none), and
        why, from the facts stored since it was taken."""
        snapshot = await self.storage.plan_snapshot_at(team_id=team_id, on=day)
        if snapshot is None:
            return None
        merges = await self.storage.merges_since(team_id=team_id, since=snapshot.taken_at)
        facts = [
            MergeFact(Merge(m.id, m.kept_id, m.merged_id, m.merged_by), m.created_at)
            for m in merges
        ]
        moved = what_moved(
            snapshot.items,
            snapshot.taken_at,
            board,
            capacity_before=snapshot.capacity,
            merges=facts,
            decisions=board.decisions,
        )
        return snapshot, moved

    async def decide(
        self,
        team_id: int,
        candidate_id: int,
        choice: Choice,
        *,
        by: str,
        alternatives: Sequence[int] | None = None,
    ) -> Decision:
        """Keep a big item first or swap in its smaller alternatives. `alternatives` are the
        items the person saw; without them, the ones the plan weighs it against now
        (TradeOffUnknown when the plan weighs it against nothing)."""
        if alternatives is None:
            board = await self.board(team_id)
            found = next((t for t in board.trade_offs if t.id == candidate_id), None)
            if found is None or not found.alternatives:
                raise TradeOffUnknown(
                    f"#{candidate_id} is not a big year-1 item with smaller alternatives"
                )
            alternatives = found.alternatives
        row = await self.storage.decide_trade_off(
            team_id=team_id,
            candidate_id=candidate_id,
            alternatives=alternatives,
            choice=choice.value,
            by=by,
        )
        return decision_of(row)

    async def candidate(self, team_id: int, candidate_id: int) -> Candidate:
        """One candidate; NotFound if it is not in the team."""
        return candidate_of(await self.storage.get_candidate(candidate_id, team_id=team_id))

    async def set_impact(
        self, team_id: int, candidate_id: int, form: ImpactForm, *, today: date
    ) -> Candidate | dict[str, MetricProblem]:
        """Store impact and a SMART metric, or say which parts are wrong (nothing stored)."""
        checked = check_metric(form.metric, form.baseline, form.target, form.deadline, today=today)
        if isinstance(checked, dict):
            return checked
        if form.impact not in range(1, 6):
            raise FormulaError(f"impact must be 1 to 5, got {form.impact}")
        fields: dict[str, Any] = {
            "impact_kind": form.impact_kind.value,
            "impact": form.impact,
            "metric": checked.metric,
            "baseline": checked.baseline,
            "target": checked.target,
            "deadline": checked.deadline,
        }
        if form.solution is not None:
            fields["solution"] = form.solution
        if form.justification is not None:
            fields["justification"] = form.justification
        if form.first_metric is not None:
            await save_first_metric(
                self.storage, team_id, candidate_id, form.first_metric, fields, today=today
            )
            return await self.candidate(team_id, candidate_id)
        (row,) = await self.storage.update_candidates(
            team_id=team_id, updates={candidate_id: fields}
        )
        return candidate_of(row)

    async def override(
        self,
        team_id: int,
        candidate_id: int,
        *,
        priority: Priority | None,
        reason: str,
        by: str,
        outbox: Sequence[Outgoing] = (),
    ) -> Candidate:
        """Set (or with None clear) a manual priority; FormulaError when the reason is blank."""
        reason = " ".join(reason.split())
        if priority is not None and not reason:
            raise FormulaError("a priority override needs a reason")
        fields = {
            "priority_override": priority.value if priority is not None else None,
            "override_reason": reason[:REASON_MAX] if priority is not None else None,
            "override_by": by if priority is not None else None,
        }
        (row,) = await self.storage.update_candidates(
            team_id=team_id, updates={candidate_id: fields}, outbox=outbox
        )
        return candidate_of(row)

    async def set_status(self, team_id: int, candidate_id: int, status: Status) -> Candidate:
        """Move a candidate to another status (not `merged`: merging does that)."""
        if status is Status.MERGED:
            raise ValueError("merge candidates instead")
        (row,) = await self.storage.update_candidates(
            team_id=team_id, updates={candidate_id: {"status": status.value}}
        )
        return candidate_of(row)

    async def set_text(
        self, team_id: int, candidate_id: int, *, title: str, teams_affected: str
    ) -> Candidate:
        """Change a candidate's title and the teams it affects (which confirms a drafted one)."""
        (row,) = await self.storage.update_candidates(
            team_id=team_id,
            updates={candidate_id: {"title": title, "teams_affected": teams_affected}},
        )
        return candidate_of(row)

    async def confirm_drafts(self, team_id: int, candidate_id: int) -> Candidate:
        """A person checked the fields drafted from the interview: they are no longer drafts."""
        (row,) = await self.storage.update_candidates(
            team_id=team_id, updates={candidate_id: {"drafts": []}}
        )
        return candidate_of(row)

    async def export(self, team_id: int, fmt: files.Format) -> bytes:
        """The sheet of a team's candidates in one format."""
        await self.sync(team_id)
        return files.write(rows_of(await self.board(team_id, displacements=False)), fmt)

    async def import_rows(
        self,
        team_id: int,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        today: date,
        apply: bool = True,
    ) -> ImportResult:
        """Check an edited sheet against the roadmap and, when every row is fine, store all of
        its changes in one transaction (RoadmapConflict if a candidate changed meanwhile)."""
        candidates = [candidate_of(r) for r in await self.storage.list_candidates(team_id=team_id)]
        decided = await self.storage.trade_off_decisions(team_id=team_id)
        board = self.board_of(
            candidates, displacements=False, decisions=[decision_of(d) for d in decided]
        )
        merged = await self.storage.merged_into(team_id=team_id)
        result = read_changes(header, rows, board, merged_into=merged, today=today)
        if apply and result.ok and result.updates:
            read_at = {c.id: c.updated_at for c in candidates if c.updated_at is not None}
            await self.storage.update_candidates(
                team_id=team_id,
                updates=result.updates,
                expect={i: read_at[i] for i in result.updates},
                reload=False,
            )
        return result


class TradeOffUnknown(ValueError):
    """Raised by `Roadmap.decide` for a candidate the plan weighs against nothing; the CLI
    prints the sentence."""


def decision_of(row: TradeOffRow) -> Decision:
    """A stored Keep / Swap in the roadmap's own types."""
    return Decision(
        candidate_id=row.candidate_id,
        alternatives=row.alternatives,
        choice=Choice(row.choice),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def candidate_of(row: CandidateRow) -> Candidate:
    """A stored candidate in the roadmap's own types: each of Candidate's fields is read from
    the record by name, and the enum-valued ones typed (blank or None stays None)."""
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(Candidate):
        if spec.name == "evidence":
            continue
        value = getattr(row, spec.name)
        if spec.name == "drafts":
            values["drafts"] = frozenset(value)
            continue
        kind = CANDIDATE_ENUMS.get(spec.name)
        values[spec.name] = value if kind is None else (kind(value) if value else None)
    return Candidate(**values, evidence=tuple(evidence_of(e) for e in row.evidence))


def evidence_of(row: EvidenceRow) -> Evidence:
    """A stored pain point behind a candidate, in the roadmap's own types."""
    return Evidence(
        pain_point_id=row.pain_point_id,
        interview_id=row.interview_id,
        key=row.key,
        problem=row.problem,
        root_cause=row.root_cause,
        quote=row.quote,
        stakeholder_id=row.stakeholder_id,
        stakeholder=row.stakeholder,
        department=row.department,
        stakeholder_slack_id=row.stakeholder_slack_id,
        facilitator_slack_id=row.facilitator_slack_id,
        verdict=RootCauseStatus(row.verdict) if row.verdict else None,
        verdict_evidence=row.verdict_evidence,
        still_holds=row.still_holds,
        checked_at=row.checked_at,
    )
