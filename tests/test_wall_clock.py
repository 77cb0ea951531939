"""The suite passes at any hour: TEST_WALL_CLOCK moves the process clock, fake clocks ignore it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import WALL_CLOCK, WALL_CLOCK_OFFSET, wall_clock_instant

ROOT = Path(__file__).resolve().parent.parent
SUNDAY_NIGHT = "2026-12-06T03:00:00Z"  # New York: Saturday 22:00, nobody's working hours


def test_the_wall_clock_instant_is_read_as_iso_8601_with_a_zone() -> None:
    assert wall_clock_instant(SUNDAY_NIGHT) == datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    paris = wall_clock_instant("2027-03-28T01:30:00+01:00")
    assert paris == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    for bad in ("2026-12-06T03:00:00", "sunday", ""):
        with pytest.raises(pytest.UsageError, match=WALL_CLOCK):
            wall_clock_instant(bad)


def test_the_process_clock_is_at_the_asked_instant() -> None:
    value = os.environ.get(WALL_CLOCK)
    if not value:
        pytest.skip(f"{WALL_CLOCK} is not set in this run (the test below sets it)")
    asked = wall_clock_instant(value)
    for now in (datetime.now(UTC), datetime.fromtimestamp(time.time(), UTC)):
        assert asked <= now < asked + timedelta(hours=2)  # moved there, and ticking


def test_the_follow_up_test_passes_on_a_sunday_night() -> None:
    # It used to start its fake clock at the real time, so it failed outside New York's day.
    tests = [
        "tests/test_wall_clock.py::test_the_process_clock_is_at_the_asked_instant",
        "tests/slack/test_time_based.py::test_facilitator_adds_a_follow_up_question",
    ]
    env = {**os.environ, WALL_CLOCK: SUNDAY_NIGHT}
    env.pop(WALL_CLOCK_OFFSET, None)  # the child pytest moves its own clock, from TEST_WALL_CLOCK
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert f"wall clock: moved to {SUNDAY_NIGHT}" in done.stdout
    assert " passed" in done.stdout and "skipped" not in done.stdout
