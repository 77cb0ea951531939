"""Teams and people: found or created on first sight, and the DM channel remembered for each."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.base import StoreBase
from storage.models import Person, Team
from storage.records import PersonRecord


class PeopleStore(StoreBase):
    """Teams, people and their DM channels; mixed into storage.api.Storage."""

    async def teams(self) -> list[tuple[int, str]]:
        """Every team as (id, Slack team id)."""
        return await self._run(
            lambda s: [(int(t.id or 0), t.slack_team_id) for t in s.exec(select(Team)).all()]
        )

    async def roadmap_teams(self) -> list[tuple[int, str, str]]:
        """(id, Slack team id, name) of every team, oldest first."""

        def work(session: Session) -> list[tuple[int, str, str]]:
            rows = session.exec(select(Team).order_by(col(Team.id))).all()
            return [(int(t.id or 0), t.slack_team_id, t.name) for t in rows]

        return await self._run(work)

    async def ensure_team(self, *, slack_team_id: str, name: str = "") -> int:
        """The id of the team with this Slack id, created on first sight (two processes seeing
        it first at the same moment both get the one row: the insert skips a conflict)."""

        def work(session: Session) -> int:
            now = self.now()
            insert = _insert_for(session)(Team.__table__)  # type: ignore[attr-defined]
            session.execute(
                insert.values(
                    slack_team_id=slack_team_id, name=name, created_at=now
                ).on_conflict_do_nothing(index_elements=["slack_team_id"])
            )
            found = session.exec(select(Team.id).where(Team.slack_team_id == slack_team_id)).one()
            return int(found or 0)

        return await self._run(work)

    async def ensure_person(
        self,
        *,
        team_id: int,
        name: str,
        slack_user_id: str | None = None,
        title: str | None = None,
        department: str | None = None,
        tz: str | None = None,
    ) -> PersonRecord:
        """Find a person by Slack id (or by name when there is none), creating it on first sight
        (race-free, like ensure_team) and updating only what changed."""

        def work(session: Session) -> PersonRecord:
            now = self.now()
            if slack_user_id is not None:
                insert = _insert_for(session)(Person.__table__)  # type: ignore[attr-defined]
                session.execute(
                    insert.values(
                        team_id=team_id,
                        slack_user_id=slack_user_id,
                        name=name,
                        title=title,
                        department=department,
                        tz=tz,
                        created_at=now,
                        updated_at=now,
                    ).on_conflict_do_nothing(index_elements=["team_id", "slack_user_id"])
                )
                query = select(Person).where(
                    Person.team_id == team_id, Person.slack_user_id == slack_user_id
                )
            else:
                query = select(Person).where(
                    Person.team_id == team_id,
                    col(Person.slack_user_id).is_(None),
                    Person.name == name,
                )
            person = session.exec(query).first()
            if person is None:
                person = Person(team_id=team_id, slack_user_id=None, name=name, created_at=now)
            wanted = {"name": name, "title": title, "department": department, "tz": tz}
            changes = {k: v for k, v in wanted.items() if v is not None and getattr(person, k) != v}
            if changes or person.id is None:
                for attr, value in changes.items():
                    setattr(person, attr, value)
                person.updated_at = now
                session.add(person)
                session.flush()
            return _person(person)

        return await self._run(work)

    async def find_person(self, *, team_id: int, slack_user_id: str) -> PersonRecord | None:
        """A person by Slack id, if known."""

        def work(session: Session) -> PersonRecord | None:
            person = session.exec(
                select(Person).where(
                    Person.team_id == team_id, Person.slack_user_id == slack_user_id
                )
            ).first()
            return None if person is None else _person(person)

        return await self._run(work)

    async def dm_channel(self, *, team_id: int, slack_user_id: str) -> str | None:
        """The DM channel remembered for a user, if any."""

        def work(session: Session) -> str | None:
            person = session.exec(
                select(Person).where(
                    Person.team_id == team_id, Person.slack_user_id == slack_user_id
                )
            ).first()
            return None if person is None else person.dm_channel

        return await self._run(work)

    async def remember_dm_channel(self, *, team_id: int, slack_user_id: str, channel: str) -> None:
        """Remember a user's DM channel so conversations.open is called once per person."""

        def work(session: Session) -> None:
            session.execute(
                sa.update(Person)
                .where(col(Person.team_id) == team_id, col(Person.slack_user_id) == slack_user_id)
                .values(dm_channel=channel)
            )

        await self._run(work)


def _insert_for(session: Session) -> Any:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _person(person: Person) -> PersonRecord:
    assert person.id is not None
    return PersonRecord(
        id=person.id,
        team_id=person.team_id,
        slack_user_id=person.slack_user_id,
        name=person.name,
        title=person.title,
        department=person.department,
        tz=person.tz,
    )
