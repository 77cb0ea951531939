"""All tables, one module per noun (interviews, messaging, roadmap, metrics); Alembic owns the
schema, these classes describe it. Importing this package registers every table on
SQLModel.metadata."""

from __future__ import annotations

from storage.models.base import UTCDateTime, utcnow
from storage.models.interviews import (
    Answer,
    Goal,
    Interview,
    Obstacle,
    PainPoint,
    Person,
    RootCause,
    Team,
    WhyStep,
)
from storage.models.messaging import InboxEvent, Job, OutboxMessage
from storage.models.metrics import ConfidentialLink, Metric, MetricCheckin, ShipFeedback
from storage.models.roadmap import (
    CandidateFields,
    DuplicateSuggestion,
    PlanSnapshot,
    RoadmapCandidate,
    RoadmapEvidence,
    RoadmapMerge,
    SizingRequest,
    TradeOffDecision,
)

__all__ = [
    "Answer",
    "CandidateFields",
    "ConfidentialLink",
    "DuplicateSuggestion",
    "Goal",
    "InboxEvent",
    "Interview",
    "Job",
    "Metric",
    "MetricCheckin",
    "Obstacle",
    "OutboxMessage",
    "PainPoint",
    "Person",
    "PlanSnapshot",
    "RoadmapCandidate",
    "RoadmapEvidence",
    "RoadmapMerge",
    "RootCause",
    "ShipFeedback",
    "SizingRequest",
    "Team",
    "TradeOffDecision",
    "UTCDateTime",
    "WhyStep",
    "utcnow",
]
