"""The moved clock of the calendar runs (tests/calendar): every Python process of a run sees
the same day, the clock ticks, and sleeps and time-outs keep real time."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

CALENDAR = Path(__file__).parent / "calendar"
# These compare the moved clock with the real one, which a calendar run has moved too.
pytestmark = pytest.mark.skipif("MOVED_CLOCK" in os.environ, reason="the clock is moved")
# Prints the process's day and moment, then its child's, and how long a 0.2 s sleep took.
PROBE = """
import subprocess, sys, time
from datetime import datetime, UTC
print(datetime.now(UTC).isoformat())
child = [sys.executable, "-c", "from datetime import datetime, UTC; print(datetime.now(UTC).isoformat())"]
print(subprocess.run(child, capture_output=True, text=True, check=True).stdout.strip())
start = time.monotonic(); time.sleep(0.2); print(time.monotonic() - start)
"""


def probe(clock: str) -> tuple[datetime, datetime, float]:
    env = {**os.environ, "MOVED_CLOCK": clock, "PYTHONPATH": str(CALENDAR)}
    env.pop("MOVED_CLOCK_SET_AT", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True, timeout=30).stdout.split()  # fmt: skip
    return datetime.fromisoformat(out[0]), datetime.fromisoformat(out[1]), float(out[2])


def test_days_ahead_move_the_process_and_its_children_alike():
    moved, child, slept = probe("+400d")
    assert abs(moved - (datetime.now(UTC) + timedelta(days=400))) < timedelta(seconds=30)
    assert timedelta(0) <= child - moved < timedelta(seconds=20)
    assert 0.15 < slept < 5


def test_a_moment_starts_the_clock_there_and_it_ticks():
    moved, child, _ = probe("2027-10-31T00:58:30+00:00")
    start = datetime(2027, 10, 31, 0, 58, 30, tzinfo=UTC)
    assert timedelta(0) <= moved - start < timedelta(seconds=20)
    assert moved <= child < start + timedelta(seconds=30)


def test_without_the_setting_the_clock_is_the_real_one():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOVED_CLOCK")}
    env["PYTHONPATH"] = str(CALENDAR)
    out = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.date.today())"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert out == str(date.today())
