"""`interview-bot sandbox` as a newcomer runs it: it prints where the page is and stops cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sandbox_command_serves_the_page_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    database = tmp_path / "sandbox.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    command = ["sandbox", "--port", "0", "--database", str(database)]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "--env-file", str(tmp_path / "none.env"), *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert found, f"no URL in {first!r}"
        with urllib.request.urlopen(found.group(0) + "ui/workspace", timeout=5) as response:
            workspace = json.load(response)
        roles = sorted(p["role"] for p in workspace["people"] if not p["is_bot"])
        assert roles == ["Admin", "Engineer", "Facilitator", "Stakeholder", "Stakeholder"]
        assert database.exists(), "the bot opened its SQLite file"

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        _, stderr = process.communicate()
    assert "Traceback" not in stderr
