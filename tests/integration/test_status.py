"""``tracker status``: the checks of ``/readyz`` at a terminal, exit 0 when ready and 1 when not,
against real PostgreSQL, a real Redis, and a real beat and worker ticking."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cast import CastTracker
from tests.integration.workers.conftest import Workers, free_port, wait_until

TRACKER = Path(sys.executable).with_name("tracker")
pytestmark = pytest.mark.postgres


@pytest.fixture
def environment(postgres_url, tmp_path) -> dict[str, str]:
    CastTracker(postgres_url, create_schema=True).close()  # `tracker init`
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return env | {
        "TRACKER_DATABASE_URL": postgres_url,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TRACKER_SCAN_SECONDS": "1",
    }


def status(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TRACKER), "status", *options], env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def recorded_events(env: dict[str, str]) -> int:
    """How many events the store holds: its last position."""
    app = CastTracker(env["TRACKER_DATABASE_URL"])
    try:
        return int(app.position())
    finally:
        app.close()


def test_ready_once_a_real_beat_has_ticked_through_a_real_worker(environment, redis, tmp_path):
    env = environment | {"TRACKER_BROKER_URL": redis.url}
    before = status(env)
    assert before.returncode == 1, before.stdout + before.stderr
    assert "beat         NOT READY: no beat has ticked yet" in before.stdout
    assert "database     ok" in before.stdout and "broker       ok" in before.stdout

    processes = Workers(env, tmp_path)
    try:
        processes.start("beat", "beat")
        processes.worker("worker")
        wait_until(lambda: status(env).returncode == 0, 60, "status to say ready: a tick")
        found = json.loads(status(env, "--json").stdout)
        text = status(env).stdout
    finally:
        processes.stop_all()
    assert found["ready"] is True
    assert found["checks"]["beat"]["age_seconds"] <= 3
    # The scan schedules what falls due (a meeting's digest on the day before one, say), which
    # no projector here has read: the lag is what the scan recorded, well within the threshold.
    recorded = recorded_events(env)
    assert 0 <= found["checks"]["projections"]["lag"] <= recorded < 1000
    assert text.startswith("ready: yes\n"), text
    assert re.search(r"projections  ok: lag \d+ events? \(at most 1000, views kept by tracker "
                     r"project\)", text), text  # fmt: skip

    # The beat stopped: after three missed ticks it is no longer ready.
    def stale() -> bool:
        return "beat         NOT READY: last tick" in status(env).stdout

    wait_until(stale, 30, "status to notice the beat stopped ticking")


def test_a_broker_nobody_answers_is_not_ready_naming_it(environment):
    env = environment | {"TRACKER_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}
    result = status(env)
    assert result.returncode == 1
    assert result.stdout.startswith("ready: NO\n")
    assert "broker       NOT READY: OperationalError" in result.stdout
    found = json.loads(status(env, "--json").stdout)
    assert found["ready"] is False and found["checks"]["broker"]["ok"] is False


def test_a_database_nobody_answers_is_not_ready(environment):
    env = environment | {
        "TRACKER_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/test",
        "TRACKER_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
    }
    result = status(env, "--json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert found["ready"] is False
    assert found["checks"]["database"]["ok"] is False
    assert found["checks"]["beat"] == {"ok": False, "error": "the database did not answer"}
