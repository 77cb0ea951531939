"""`interview-bot export interviews`: every stored interview as JSON or Markdown; confidential
interviews only with --include-confidential (standard error says how many were left out)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from bot.interviews import Interviews
from bot.render import render_summary
from bot.scripts import load_scripts
from bot.settings import Settings
from storage import InterviewRecord, Storage


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Write the interviews asked for to --output or standard output."""
    storage = await Storage.open(settings.database_url)
    try:
        await storage.upgrade()
        interviews = Interviews(storage, load_scripts())
        if args.ids:
            records = [await storage.get_interview(i) for i in args.ids]
        else:
            records = await storage.list_interviews()
        left_out = sum(1 for r in records if r.confidential)
        if args.include_confidential:
            left_out = 0
        else:
            records = [r for r in records if not r.confidential]
        if args.fmt == "json":
            teams = dict(await storage.teams())
            items = [await _as_json(interviews, r, teams[r.team_id]) for r in records]
            text = json.dumps({"interviews": items}, ensure_ascii=False, indent=2) + "\n"
        else:
            parts = [render_summary(await interviews.summary(r.id), "md") for r in records]
            text = "\n\n---\n\n".join(parts) if parts else "_No interviews yet._\n"
    finally:
        await storage.close()
    if left_out:
        print(
            f"left out {left_out} confidential interview(s); --include-confidential includes them",
            file=sys.stderr,
        )
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {len(records)} interviews to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


async def _as_json(
    interviews: Interviews, record: InterviewRecord, slack_team_id: str
) -> dict[str, Any]:
    """One interview, with what `import interviews` needs to restore it (the team, the flow's
    cursor and the verdicts); `summary` is derived and only read by people."""
    summary = await interviews.summary(record.id)
    return {
        "id": record.id,
        "team": {"id": record.team_id, "slack_team_id": slack_team_id},
        "purpose": record.purpose,
        "script": {"id": record.script_id, "version": record.script_version},
        "mode": record.mode,
        "status": record.status,
        "confidential": record.confidential,
        "context_note": record.context_note,
        "facilitator": dataclasses.asdict(record.facilitator),
        "stakeholder": dataclasses.asdict(record.stakeholder),
        "created_at": record.created_at.isoformat(),
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
        "answers": [
            {
                "key": a.key,
                "question": a.question,
                "text": a.text,
                "skipped": a.skipped,
                "history": list(a.history),
                "answered_at": a.updated_at.isoformat(),
            }
            for a in sorted(record.answers.values(), key=lambda a: a.updated_at)
        ],
        "flow": record.cursor,
        "verdicts": {
            key: {"status": status, "evidence": evidence}
            for key, (status, evidence) in sorted(record.verdicts.items())
        },
        "summary": dataclasses.asdict(summary),
    }
