"""Moves the wall clock of every Python process of a test run: ``MOVED_CLOCK``.

(Not a ``TRACKER_`` setting: tests that start a deployment pass on the machine's environment
without the tracker's own settings, and the moved clock must reach those processes too.)

``.ci/run`` runs the calendar-sensitive tests with this folder on ``PYTHONPATH``, so pytest
and every ``tracker`` process a test starts (serve, worker, beat, project) see the same
moved clock, while the clock keeps ticking and sleeps, time-outs and other monotonic times
stay real. Servers that are not ours (PostgreSQL, Redis, Chromium) keep the real clock,
as they would beside a tracker whose users work on another day.

    MOVED_CLOCK=+60d     60 days from now
    MOVED_CLOCK=+400d    400 days from now
    MOVED_CLOCK=2027-10-31T00:58:30+00:00   a moment: here, 90 s before British
                                Summer Time ends, so the run crosses the clock change
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta


def _destination(setting: str) -> datetime:
    if setting.startswith("+") and setting.endswith("d"):
        return datetime.now(UTC) + timedelta(days=int(setting[1:-1]))
    return datetime.fromisoformat(setting)


_setting = os.environ.get("MOVED_CLOCK", "").strip()
if _setting:
    import time_machine

    # A child process inherits the setting and moves by the same amount from the same start.
    os.environ["MOVED_CLOCK"] = _destination(_setting).isoformat()
    os.environ["MOVED_CLOCK_SET_AT"] = os.environ.get(
        "MOVED_CLOCK_SET_AT", datetime.now(UTC).isoformat()
    )
    _elapsed = datetime.now(UTC) - datetime.fromisoformat(os.environ["MOVED_CLOCK_SET_AT"])
    time_machine.travel(datetime.fromisoformat(os.environ["MOVED_CLOCK"]) + _elapsed,
                        tick=True).start()  # fmt: skip
