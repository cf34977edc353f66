"""The compose health checks (deploy/healthcheck.py) say unhealthy when they should."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHECK = Path(__file__).resolve().parents[2] / "deploy" / "healthcheck.py"


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK), *args], capture_output=True, text=True,
                          timeout=30, check=False)  # fmt: skip


class _Alive(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 503)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Alive)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_http_is_healthy_only_on_a_200(server):
    assert check("http", f"{server}/healthz").returncode == 0
    failed = check("http", f"{server}/elsewhere")
    assert failed.returncode == 1 and "503" in failed.stdout
    assert check("http", "http://127.0.0.1:9/healthz").returncode == 1  # nothing listens


def test_fresh_is_unhealthy_once_the_file_stops_changing(tmp_path):
    schedule = tmp_path / "beat-schedule.dat"
    schedule.write_text("x")
    now = time.time()  # written now by the test's own clock, which a calendar run moves
    os.utime(schedule, (now, now))
    assert check("fresh", f"{tmp_path}/beat-schedule*", "600").returncode == 0
    an_hour_ago = time.time() - 3600
    os.utime(schedule, (an_hour_ago, an_hour_ago))
    assert check("fresh", f"{tmp_path}/beat-schedule*", "600").returncode == 1
    assert check("fresh", f"{tmp_path}/nothing*", "600").returncode == 1


def test_running_finds_a_live_process_but_not_itself():
    sleeper = subprocess.Popen(["sleep", "31.4159"])
    try:
        assert check("running", "sleep", "31.4159").returncode == 0
    finally:
        sleeper.kill()
        sleeper.wait()
    assert check("running", "sleep", "31.4159").returncode == 1
    assert check("running", "tracker", "projector").returncode == 1
