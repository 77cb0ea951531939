"""`interview-bot import interviews FILE.json` restores what `export interviews --format json`
wrote: export, import into a fresh database (SQLite or PostgreSQL), export again gives the same
JSON; a taken id or a file that is not an export imports nothing, with one clear message."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from storage import Storage
from tests.test_cli import cli

EXPORT = ("export", "interviews", "--format", "json", "--include-confidential")


async def _validate_a_root_cause(url: str) -> None:
    store = await Storage.open(url)
    try:
        (key, *_) = (await store.get_interview(1)).verdicts
        await store.set_root_cause_verdict(
            interview_id=1, key=key, status="validated", evidence="CRM audit <!channel> 2026-11"
        )
    finally:
        await store.close()


def seeded_export(tmp_path: Path) -> tuple[str, Path]:
    """The demo data set's interviews (one root cause validated by a data person) exported from
    a SQLite file: (the JSON, the file)."""
    source = f"sqlite:///{tmp_path}/source.db"
    assert cli("demo-data", cwd=tmp_path, db=source).returncode == 0
    asyncio.run(_validate_a_root_cause(source))
    exported = cli(*EXPORT, cwd=tmp_path, db=source)
    assert exported.returncode == 0, exported.stderr
    backup = tmp_path / "backup.json"
    backup.write_text(exported.stdout, encoding="utf-8")
    return exported.stdout, backup


def test_export_import_into_a_fresh_database_export_gives_the_same_json(
    tmp_path: Path, db_url: str
) -> None:
    original, backup = seeded_export(tmp_path)
    assert len(json.loads(original)["interviews"]) >= 4
    verdicts = [v for i in json.loads(original)["interviews"] for v in i["verdicts"].values()]
    assert {"status": "validated", "evidence": "CRM audit <!channel> 2026-11"} in verdicts

    imported = cli("import", "interviews", str(backup), cwd=tmp_path, db=db_url)
    assert imported.returncode == 0, imported.stderr
    assert "imported" in imported.stderr

    again = cli(*EXPORT, cwd=tmp_path, db=db_url)
    assert again.returncode == 0, again.stderr
    assert again.stdout == original


def test_importing_a_backup_twice_is_refused_and_changes_nothing(
    tmp_path: Path, db_url: str
) -> None:
    original, backup = seeded_export(tmp_path)
    assert cli("import", "interviews", str(backup), cwd=tmp_path, db=db_url).returncode == 0

    twice = cli("import", "interviews", str(backup), cwd=tmp_path, db=db_url)
    assert twice.returncode == 1
    assert "already exists" in twice.stderr and "nothing was imported" in twice.stderr
    assert "Traceback" not in twice.stderr
    assert cli(*EXPORT, cwd=tmp_path, db=db_url).stdout == original


def test_a_file_that_is_not_an_export_imports_nothing_and_says_why(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/bot.db"
    original, _ = seeded_export(tmp_path)
    without_flow = json.loads(original)
    del without_flow["interviews"][1]["flow"]
    wrong_type = json.loads(original)
    wrong_type["interviews"][0]["answers"][0]["skipped"] = "perhaps"
    cases = {
        "not json": ("{not json", "not JSON"),
        "a list": ("[1, 2]", "not an interviews export"),
        "no flow": (json.dumps(without_flow), "interviews.1.flow: Field required"),
        "bad type": (json.dumps(wrong_type), "interviews.0.answers.0.skipped"),
    }
    for label, (text, said) in cases.items():
        bad = tmp_path / "bad.json"
        bad.write_text(text, encoding="utf-8")
        run = cli("import", "interviews", str(bad), cwd=tmp_path, db=db)
        assert run.returncode == 1, label
        assert said in run.stderr and "nothing was imported" in run.stderr, (label, run.stderr)
        assert "Traceback" not in run.stderr
    missing = cli("import", "interviews", str(tmp_path / "none.json"), cwd=tmp_path, db=db)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert json.loads(cli(*EXPORT, cwd=tmp_path, db=db).stdout) == {"interviews": []}


def test_unstorable_text_in_a_backup_is_imported_as_replacement_characters(
    tmp_path: Path, db_url: str
) -> None:
    original, backup = seeded_export(tmp_path)
    data = json.loads(original)
    data["interviews"][0]["answers"][0]["text"] = "lone \ud800 and NUL \x00 <!channel> {{ x }}"
    backup.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: \ud800 as an escape

    assert cli("import", "interviews", str(backup), cwd=tmp_path, db=db_url).returncode == 0
    again = json.loads(cli(*EXPORT, cwd=tmp_path, db=db_url).stdout)
    text = again["interviews"][0]["answers"][0]["text"]
    assert text == "lone \ufffd and NUL \ufffd <!channel> {{ x }}"
