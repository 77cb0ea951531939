"""storage: the front door. Callers import from here, never from a submodule.

Inside storage, modules import each other's submodules directly (never `from storage import`),
so this file can import them all without a cycle.
"""

from storage.api import Storage
from storage.base import Clock
from storage.db import check_url, create_db_engine
from storage.db_copy import CopyFailed, TargetNotEmpty, copy_database
from storage.errors import (
    AlreadyHandled,
    NotFound,
    RoadmapConflict,
    StorageError,
    StorageUnavailable,
)
from storage.metric_records import CheckinResult, CheckinRow, MetricRow, MetricSpec, ShipAskRow
from storage.models import Answer, RoadmapCandidate, utcnow
from storage.outbox import LEASE as OUTBOX_LEASE
from storage.records import (
    CONFIRMATION_KEY,
    OPEN_STATUSES,
    AnswerChange,
    Detour,
    DigestData,
    InboxRecord,
    InterviewRecord,
    InterviewRow,
    InterviewStatus,
    JobRecord,
    JobSpec,
    NewEvent,
    OutboxRecord,
    Outgoing,
    PainPointRecord,
    PainRow,
    PersonRecord,
    RootRow,
    Route,
    StoredAnswer,
    Structure,
    WhyRow,
    Write,
)
from storage.restore import RestoreConflict, RestoredInterview
from storage.roadmap_records import (
    CandidateRow,
    EvidenceRow,
    Matcher,
    MatchItem,
    MergeRow,
    SizingRow,
    SuggestionRow,
    SyncResult,
    TradeOffRow,
)
from storage.roadmap_snapshots import PlanSnapshotRow
from storage.structure import verdicts_after

__all__ = [
    "CONFIRMATION_KEY",
    "OPEN_STATUSES",
    "OUTBOX_LEASE",
    "AlreadyHandled",
    "Answer",
    "AnswerChange",
    "CandidateRow",
    "CheckinResult",
    "CheckinRow",
    "Clock",
    "CopyFailed",
    "Detour",
    "DigestData",
    "EvidenceRow",
    "InboxRecord",
    "InterviewRecord",
    "InterviewRow",
    "InterviewStatus",
    "JobRecord",
    "JobSpec",
    "MatchItem",
    "Matcher",
    "MergeRow",
    "MetricRow",
    "MetricSpec",
    "NewEvent",
    "NotFound",
    "OutboxRecord",
    "Outgoing",
    "PainPointRecord",
    "PainRow",
    "PersonRecord",
    "PlanSnapshotRow",
    "RestoreConflict",
    "RestoredInterview",
    "RoadmapCandidate",
    "RoadmapConflict",
    "RootRow",
    "Route",
    "ShipAskRow",
    "SizingRow",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "StoredAnswer",
    "Structure",
    "SuggestionRow",
    "SyncResult",
    "TargetNotEmpty",
    "TradeOffRow",
    "WhyRow",
    "Write",
    "check_url",
    "copy_database",
    "create_db_engine",
    "utcnow",
    "verdicts_after",
]
