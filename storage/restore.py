"""Restore interviews from a backup (`export interviews --format json`), with their ids: people,
answers, the derived structure and root-cause verdicts, all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.base import StoreBase
from storage.errors import StorageError
from storage.models import Answer, Interview, Person, RootCause, Team
from storage.records import PersonRecord, StoredAnswer, Structure
from storage.sequences import continue_sequences
from storage.structure import apply_structure


class RestoreConflict(StorageError):
    """Raised by `restore_interviews` when the database already holds a row the backup would
    write with another content (an interview id, a person id); the CLI prints it, nothing is
    stored."""


@dataclass(frozen=True)
class RestoredInterview:
    """One interview as a backup holds it, with the structure its answers give."""

    id: int
    slack_team_id: str
    team_id: int
    purpose: str
    script_id: str
    script_version: int
    mode: str
    status: str
    confidential: bool
    context_note: str | None
    facilitator: PersonRecord
    stakeholder: PersonRecord
    cursor: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None
    answers: tuple[StoredAnswer, ...] = ()
    verdicts: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    structure: Structure = field(default_factory=Structure)


class RestoreStore(StoreBase):
    """Backups restored; mixed into storage.api.Storage."""

    async def restore_interviews(self, items: Sequence[RestoredInterview]) -> int:
        """Store every interview of a backup, or none; returns how many were stored."""

        def work(session: Session) -> int:
            for item in items:
                _team(session, item)
                for person in (item.facilitator, item.stakeholder):
                    _person(session, person, item)
                if session.get(Interview, item.id) is not None:
                    raise RestoreConflict(f"interview {item.id} already exists")
                _interview(session, item)
            session.flush()
            for item in items:
                apply_structure(session, item.id, item.team_id, item.structure, now=self.now())
                _verdicts(session, item)
            connection = session.connection()
            if connection.dialect.name == "postgresql":
                continue_sequences(connection)
            return len(items)

        try:
            return await self._run(work)
        except IntegrityError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise RestoreConflict(
                f"the backup clashes with what is stored here: {reason}"
            ) from None


def _team(session: Session, item: RestoredInterview) -> None:
    team = session.get(Team, item.team_id)
    if team is None:
        clash = session.exec(select(Team).where(Team.slack_team_id == item.slack_team_id)).first()
        if clash is not None:
            raise RestoreConflict(f"team {item.slack_team_id} exists here with another id")
        session.add(
            Team(id=item.team_id, slack_team_id=item.slack_team_id, created_at=item.created_at)
        )
        session.flush()
    elif team.slack_team_id != item.slack_team_id:
        raise RestoreConflict(f"team {item.team_id} is another workspace here")


def _person(session: Session, person: PersonRecord, item: RestoredInterview) -> None:
    found = session.get(Person, person.id)
    if found is None:
        session.add(
            Person(
                id=person.id,
                team_id=person.team_id,
                slack_user_id=person.slack_user_id,
                name=person.name,
                title=person.title,
                department=person.department,
                tz=person.tz,
                created_at=item.created_at,
                updated_at=item.created_at,
            )
        )
        session.flush()
    elif (found.team_id, found.slack_user_id, found.name) != (
        person.team_id,
        person.slack_user_id,
        person.name,
    ):
        raise RestoreConflict(f"person {person.id} is someone else here")


def _interview(session: Session, item: RestoredInterview) -> None:
    last = max([a.updated_at for a in item.answers] or [item.created_at])
    session.add(
        Interview(
            id=item.id,
            team_id=item.team_id,
            purpose=item.purpose,
            script_id=item.script_id,
            script_version=item.script_version,
            facilitator_id=item.facilitator.id,
            stakeholder_id=item.stakeholder.id,
            mode=item.mode,
            status=item.status,
            confidential=item.confidential,
            context_note=item.context_note,
            flow_state=item.cursor,
            created_at=item.created_at,
            updated_at=item.finished_at or last,
            finished_at=item.finished_at,
        )
    )
    session.flush()
    for answer in item.answers:
        session.add(
            Answer(
                interview_id=item.id,
                question_key=answer.key,
                question_text=answer.question,
                text=answer.text,
                skipped=answer.skipped,
                history=[{"text": text, "skipped": False} for text in answer.history],
                created_at=answer.updated_at,
                updated_at=answer.updated_at,
            )
        )


def _verdicts(session: Session, item: RestoredInterview) -> None:
    roots = session.exec(select(RootCause).where(RootCause.interview_id == item.id)).all()
    for root in roots:
        if root.key in item.verdicts:
            root.status, root.evidence = item.verdicts[root.key]
            session.add(root)
