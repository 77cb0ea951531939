"""`python -m sandbox` brings the stand-in and its page up for any app, and stops on Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_sandbox_prints_what_an_app_needs_and_serves_the_page() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        page = re.search(r"http://127\.0\.0\.1:\d+/", lines[0])
        assert page, lines
        assert lines[1].startswith("SLACK_API_URL=http://127.0.0.1:")
        assert lines[2].startswith("SLACK_BOT_TOKEN=xoxb-")
        assert lines[3].startswith("SLACK_APP_TOKEN=xapp-")
        with urllib.request.urlopen(page.group(0) + "ui/workspace", timeout=5) as response:
            assert json.load(response)["team"]["id"]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        _, stderr = process.communicate()
    assert "Traceback" not in stderr
