"""The async storage API: the only way the rest of the code reads or writes the database."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlmodel import Session

from storage.confidential import ConfidentialStore
from storage.inbox import InboxStore
from storage.interviews import InterviewStore
from storage.jobs import JobStore
from storage.metrics import MetricStore
from storage.outbox import OutboxStore
from storage.pain_points import PainPointStore
from storage.people import PeopleStore
from storage.restore import RestoreStore
from storage.roadmap import RoadmapStore
from storage.roadmap_merges import MergeStore
from storage.roadmap_sizing import SizingStore
from storage.roadmap_snapshots import SnapshotStore
from storage.roadmap_trade_offs import TradeOffStore
from storage.shipped import ShipStore


class Storage(
    PeopleStore,
    InterviewStore,
    InboxStore,
    OutboxStore,
    JobStore,
    PainPointStore,
    RoadmapStore,
    MergeStore,
    SizingStore,
    RestoreStore,
    TradeOffStore,
    SnapshotStore,
    MetricStore,
    ShipStore,
    ConfidentialStore,
):
    """The async storage API; create with `await Storage.open(url, now=clock)`."""

    async def count_rows(self) -> Mapping[str, int]:
        """Rows per table, for diagnostics and tests."""

        def work(session: Session) -> dict[str, int]:
            names = sa.inspect(self.engine).get_table_names()
            return {
                name: int(session.exec(sa.text(f'SELECT COUNT(*) FROM "{name}"')).one()[0])  # type: ignore[call-overload]
                for name in names
            }

        return await self._run(work)
