"""``tracker up``: one command serves the demo with a worker and beat beside the web server;
Ctrl-C stops every process it started, and a child that dies takes the rest down with it.

The processes are real and are found the way an operator would: every process carrying
this test's marker in its environment (children inherit it) is one ``up`` started.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from uuid import uuid4

import pytest

from tests.cast import CastTracker
from tests.integration.workers.conftest import free_port, wait_until
from tracker.cli.demo import load_demo
from tracker.cli.demo_users import DEMO_PASSWORD

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds processes through /proc (Linux)"
)
TRACKER = Path(sys.executable).with_name("tracker")
MARKER = "TRACKER_UP_TEST_MARKER"


class Up:
    """A ``tracker up`` in a session of its own, as a terminal would run it."""

    def __init__(self, tmp_path: Path, *options: str):
        self.port, self.marker = free_port(), uuid4().hex
        self.output = tmp_path / f"up-{self.marker}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env |= {
            "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite'}",
            "TRACKER_SECRET_KEY": "test-up-secret",
            MARKER: self.marker,
        }
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [str(TRACKER), "up", f"--port={self.port}", *options], env=env,
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def said(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_until_serving(self) -> None:
        def serving() -> bool:
            assert self.process.poll() is None, f"tracker up ended early:\n{self.said()}"
            return "tracker up at" in self.said() and get(self.url + "/healthz")[0] == 200

        wait_until(serving, 120, f"tracker up to serve at {self.url}")

    def processes(self) -> dict[int, str]:
        """Every live process carrying this run's marker: its pid and command line."""
        return processes_marked(self.marker)

    def ctrl_c(self) -> None:
        """What the terminal does on Ctrl-C: SIGINT to the foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def stop(self) -> None:
        """After the test, whatever happened: nothing of this run may outlive it."""
        for pid in [self.process.pid, *self.processes()]:
            with suppress(ProcessLookupError, PermissionError):  # not a group leader
                os.killpg(pid, signal.SIGKILL)
        self.process.wait(10)


@pytest.fixture
def up(tmp_path: Path) -> Iterator[type[Up]]:
    started: list[Up] = []

    class Started(Up):
        def __init__(self, *options: str):
            super().__init__(tmp_path, *options)
            started.append(self)

    yield Started
    for each in started:
        each.stop()


def processes_marked(marker: str) -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if f"{MARKER}={marker}".encode() in environ:
            found[int(entry.name)] = command.strip()
    return found


def get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=10) as reply:
            return reply.status, reply.read().decode()
    except OSError:
        return 0, ""


def signed_in(base: str, username: str) -> urllib.request.OpenerDirector:
    """A browser's cookies after signing in through the form, CSRF token and all."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    status, page = get(base + "/sign-in", opener)
    assert status == 200 and "<h1>Sign in</h1>" in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', page)
    assert token, page
    form = {"csrf_token": token.group(1), "username": username, "password": DEMO_PASSWORD}
    with opener.open(base + "/sign-in", urllib.parse.urlencode(form).encode(), 10) as reply:
        assert reply.status == 200 and "Sign in</h1>" not in reply.read().decode()
    return opener


def test_up_serves_the_demo_to_a_sign_in_and_ctrl_c_leaves_no_process_behind(up, tmp_path):
    run = up("--demo")
    run.wait_until_serving()

    status, board = get(run.url + "/boards/support", signed_in(run.url, "g.hale"))
    assert status == 200 and "SR-2" in board
    said = run.said()
    assert "demo loaded" in said and "demo sign-ins" in said and "g.hale" in said
    assert f"{tmp_path / 'outbox'}" in said  # where mail goes, with no SMTP server set
    running = run.processes()
    commands = " | ".join(running.values())
    assert len(running) == 4, commands  # up itself, the web server, the worker and beat
    for child in ("serve", "worker", "beat"):
        assert f"-m tracker {child}" in commands

    stopping = time.monotonic()
    run.ctrl_c()
    assert run.process.wait(30) == 0, run.said()
    assert run.processes() == {}
    assert time.monotonic() - stopping < 15
    assert "stopped" in run.said()


def test_a_child_that_dies_stops_the_rest_and_up_says_which(up, tmp_path):
    with CastTracker(f"sqlite:///{tmp_path / 'tracker.sqlite'}", create_schema=True) as app:
        load_demo(app)  # as if up --demo had run before: it keeps what is there
    run = up("--demo")
    run.wait_until_serving()
    assert "the demo was not loaded again" in run.said()
    (worker,) = [pid for pid, command in run.processes().items() if "tracker worker" in command]

    os.kill(worker, signal.SIGKILL)
    assert run.process.wait(30) == 1, run.said()
    assert "worker stopped unexpectedly (killed by SIGKILL); the last lines of" in run.said()
    assert run.processes() == {}


def test_children_do_not_outlive_an_up_that_is_killed_outright(up):
    run = up()
    run.wait_until_serving()
    children = set(run.processes()) - {run.process.pid}
    assert len(children) == 3

    run.process.kill()  # SIGKILL: no chance to stop anything itself
    run.process.wait(10)
    wait_until(lambda: not run.processes(), 30, f"{sorted(children)} to end with their parent")


def test_up_refuses_at_once_when_its_port_is_taken_and_starts_nothing(up):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        run = up(f"--port={taken.getsockname()[1]}")
        assert run.process.wait(60) == 2
    assert "Address already in use" in run.said() and "--port" in run.said()
    assert "starting" not in run.said()
