"""The real parts the reminder tests run against: an SMTP server that counts, Redis, workers.

The SMTP server is aiosmtpd on loopback; it counts each message by the reminder key it
carries, and can be stopped and started again on the same port (the server "down").
Redis is a private ``redis-server`` per test, with an append-only file, so a test may
restart it without touching the machine's own service. Workers are real ``tracker
worker`` processes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from threading import Lock
from typing import Any

import pytest
from aiosmtpd.controller import Controller

TRACKER = Path(sys.executable).with_name("tracker")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Polls ``condition`` until it is true; fails naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def key_of(message: EmailMessage) -> str:
    """The reminder key a message carries (a long header comes folded)."""
    return str(message["X-Tracker-Reminder"]).strip()


class SmtpSink:
    """A real SMTP server on loopback that keeps every message it accepts."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[EmailMessage] = []
        self._lock = Lock()
        self._controller: Controller | None = None
        self.refused: set[str] = set()
        self.held = False  # while held, a client's RCPT waits: it is mid-sending
        self.waiting = 0

    def refuse(self, address: str) -> None:
        """Answer 550 (no such mailbox) for ``address`` from now on."""
        self.refused.add(address)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.waiting += 1
        try:
            while self.held:
                await asyncio.sleep(0.05)
        finally:
            self.waiting -= 1
        if address in self.refused:
            return "550 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def counts(self) -> Counter[str]:
        """How many messages arrived for each reminder key."""
        with self._lock:
            return Counter(key_of(m) for m in self.messages)

    def received(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.messages)


class RedisServer:
    """A private redis-server that keeps its data across a restart (append-only file)."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--appendonly", "yes", "--appendfsync", "always",
             "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self._answers, 10, "redis-server to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """A clean shutdown, as a service restart does."""
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(10)
            self.process = None


class Workers:
    """``tracker worker`` processes on one environment, stopped (hard) after the test."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env, self.logs = env, logs
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *command: str) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("ab") as log:  # the child keeps its own copy
            process = subprocess.Popen(
                [str(TRACKER), *command], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.running.append(process)
        return process

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        """A worker as ``tracker worker`` starts one by default: a sending process per CPU."""
        return self.start(name, "worker", f"--name={name}@%h")

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """kill -9, the whole process group."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("*.log")))

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], Workers]]:
    made: list[Workers] = []

    def make(env: dict[str, str]) -> Workers:
        made.append(Workers({**os.environ, **env}, tmp_path))
        return made[-1]

    yield make
    for each in made:
        each.stop_all()


@pytest.fixture
def post_office() -> Iterator[Callable[..., Any]]:
    """Makes post offices (see ``reminder_steps.post_office``), closing their views after."""
    from tests.integration.workers.reminder_steps import post_office as make_post

    made: list[Any] = []

    def make(app: Any, smtp_port: int, **more: str) -> Any:
        made.append(make_post(app, smtp_port, **more))
        return made[-1]

    yield make
    for post in made:
        post.views.close()
