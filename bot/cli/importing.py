"""`interview-bot import interviews FILE.json`: restore what `export interviews --format json`
wrote (a backup), with its ids, into this database; a file that does not read as one, or an id
that is already taken by something else, imports nothing."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from bot.flows.script import Purpose
from bot.interviews import Interviews, structure_of
from bot.scripts import load_scripts
from bot.settings import Settings
from bot.slack.incoming import storable
from storage import (
    InterviewRecord,
    PersonRecord,
    RestoreConflict,
    RestoredInterview,
    Storage,
    StoredAnswer,
)

EXIT_USAGE = 2
EXIT_REJECTED = 1
MOST_LISTED = 20


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=False, frozen=True)


class _Team(_Strict):
    id: int
    slack_team_id: str


class _Script(_Strict):
    id: str
    version: int


class _Person(_Strict):
    id: int
    team_id: int
    slack_user_id: str | None
    name: str
    title: str | None = None
    department: str | None = None
    tz: str | None = None


class _Answer(_Strict):
    key: str
    question: str
    text: str
    skipped: bool
    history: list[str]
    answered_at: AwareDatetime


class _Verdict(_Strict):
    status: str
    evidence: str | None


class _Interview(_Strict):
    id: int
    team: _Team
    purpose: Purpose
    script: _Script
    mode: str
    status: str
    confidential: bool
    context_note: str | None = None
    facilitator: _Person
    stakeholder: _Person
    created_at: AwareDatetime
    finished_at: AwareDatetime | None
    answers: list[_Answer]
    flow: dict[str, Any]
    verdicts: dict[str, _Verdict] = {}


class Backup(_Strict):
    """What `export interviews --format json` writes (its `summary` is derived, and ignored)."""

    interviews: list[_Interview]


def _person(person: _Person) -> PersonRecord:
    return PersonRecord(**person.model_dump())


def _record(item: _Interview) -> InterviewRecord:
    answers = {
        a.key: StoredAnswer(
            a.key, a.question, a.text, a.skipped, tuple(a.history), None, a.answered_at
        )
        for a in item.answers
    }
    return InterviewRecord(
        id=item.id,
        team_id=item.team.id,
        purpose=item.purpose.value,
        script_id=item.script.id,
        script_version=item.script.version,
        mode=item.mode,
        status=item.status,
        confidential=item.confidential,
        context_note=item.context_note,
        facilitator=_person(item.facilitator),
        stakeholder=_person(item.stakeholder),
        cursor=item.flow,
        created_at=item.created_at,
        updated_at=item.finished_at or item.created_at,
        finished_at=item.finished_at,
        answers=answers,
        verdicts={k: (v.status, v.evidence) for k, v in item.verdicts.items()},
    )


def restored(interviews: Interviews, item: _Interview) -> RestoredInterview:
    """One interview of a backup, with the structure its answers give."""
    record = _record(item)
    try:
        structure = structure_of(interviews.summary_of(record))
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"interview {item.id}: its flow cannot be read ({exc})") from None
    return RestoredInterview(
        id=record.id,
        slack_team_id=item.team.slack_team_id,
        team_id=record.team_id,
        purpose=record.purpose,
        script_id=record.script_id,
        script_version=record.script_version,
        mode=record.mode,
        status=record.status,
        confidential=record.confidential,
        context_note=record.context_note,
        facilitator=record.facilitator,
        stakeholder=record.stakeholder,
        cursor=record.cursor,
        created_at=record.created_at,
        finished_at=record.finished_at,
        answers=tuple(record.answers.values()),
        verdicts=record.verdicts,
        structure=structure,
    )


def read_backup(text: str) -> Backup:
    """The backup in `text`; ValueError lists what is wrong with it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc})") from None
    try:
        # Lone surrogates and NUL are valid JSON escapes but cannot be stored.
        return Backup.model_validate(storable(data))
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'the file'}: {e['msg']}"
            for e in exc.errors(include_url=False)
        ]
        listed = "; ".join(problems[:MOST_LISTED])
        more = f" (and {len(problems) - MOST_LISTED} more)" if len(problems) > MOST_LISTED else ""
        raise ValueError(f"not an interviews export: {listed}{more}") from None


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Restore the interviews of the file, all or none."""
    name = args.file.name
    try:
        backup = read_backup(args.file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"interview-bot: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"interview-bot: {name}: {exc}; nothing was imported", file=sys.stderr)
        return EXIT_REJECTED
    storage = await Storage.open(settings.database_url)
    try:
        await storage.upgrade()
        interviews = Interviews(storage, load_scripts())
        try:
            items = [restored(interviews, item) for item in backup.interviews]
            if args.dry_run:
                count = len(items)
            else:
                count = await storage.restore_interviews(items)
        except (ValueError, RestoreConflict) as exc:
            print(f"interview-bot: {name}: {exc}; nothing was imported", file=sys.stderr)
            return EXIT_REJECTED
    finally:
        await storage.close()
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {count} interviews from {name}", file=sys.stderr)
    return 0
