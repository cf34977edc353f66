"""The CLI's processes log one JSON object a line with ``TRACKER_LOG_FORMAT=json``: the
projector, and a worker (whose Celery swaps standard error for a logging proxy)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TRACKER = Path(sys.executable).with_name("tracker")


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return env | {"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite'}",
                  "TRACKER_LOG_FORMAT": "json", "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_the_projector_logs_json_lines(tmp_path):
    env = environment(tmp_path)
    subprocess.run([str(TRACKER), "demo"], env=env, check=True, capture_output=True)
    result = subprocess.run([str(TRACKER), "project", "--once"], env=env, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    logged = json_lines(result.stderr)
    assert logged, result.stderr
    assert all(line.keys() >= {"time", "level", "logger", "message"} for line in logged)
    assert any(line["message"].startswith("applied") for line in logged)
    assert len(logged) == len(result.stderr.strip().splitlines())  # nothing but JSON


def test_a_worker_logs_json_lines_through_celery(tmp_path):
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [str(TRACKER), "worker", "--pool=solo"], env=environment(tmp_path), stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not any("ready." in line["message"] for line in json_lines(log.read_text())):
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
