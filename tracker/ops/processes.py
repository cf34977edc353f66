"""Child processes started together and stopped together: what ``tracker up`` runs.

Each child leads a session (and so a process group) of its own: a Ctrl-C at the terminal
reaches only the supervisor, which then stops every group the same way: SIGTERM, a wait,
then SIGKILL. On Linux a child is also sent SIGTERM should the supervisor die without
stopping it (even by SIGKILL), so nothing is left running behind it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ChildDied(Exception):
    """A child exited while it should have been running."""

    def __init__(self, child: Child):
        super().__init__(f"{child.name} stopped unexpectedly ({child.how_it_ended()})")
        self.child = child


@dataclass
class Signals:
    """The stop signals received since ``caught_signals`` began."""

    received: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.received)

    def _note(self, number: int, frame: FrameType | None) -> None:
        self.received.append(number)


@contextmanager
def caught_signals() -> Iterator[Signals]:
    """SIGINT, SIGTERM and SIGHUP noted instead of acted on, until the block ends."""
    signals = Signals()
    previous = {number: signal.signal(number, signals._note) for number in STOP_SIGNALS}
    try:
        yield signals
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass
class Child:
    """One command run under the supervisor, its output appended to ``log``."""

    name: str
    argv: Sequence[str]
    log: Path
    process: subprocess.Popen[bytes]

    def how_it_ended(self) -> str:
        code = self.process.returncode
        if code is None:
            return "still running"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"

    def log_tail(self, lines: int = 15) -> list[str]:
        """The last lines the child wrote (its log is appended to run after run)."""
        with suppress(OSError), self.log.open("rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 16_384))
            return log.read().decode(errors="replace").splitlines()[-lines:]
        return []


class Supervisor:
    """Starts children on one environment; ``stop`` ends every one of them."""

    def __init__(self, env: Mapping[str, str], logs: Path):
        self.env, self.logs = dict(env), logs
        self.children: list[Child] = []

    def start(self, name: str, argv: Sequence[str]) -> Child:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / f"{name}.log"
        with log.open("ab") as output:  # the child keeps its own copy of the descriptor
            output.write(
                f"--- {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC: {' '.join(argv)}\n".encode()
            )
            output.flush()
            process = subprocess.Popen(
                list(argv), env=self.env, stdin=subprocess.DEVNULL, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_dies_with(os.getpid()) if sys.platform == "linux" else None,
            )  # fmt: skip
        child = Child(name, tuple(argv), log, process)
        self.children.append(child)
        return child

    def check(self) -> None:
        """Raises ``ChildDied`` for the first child found to have exited."""
        for child in self.children:
            if child.process.poll() is not None:
                raise ChildDied(child)

    def watch(
        self, signals: Signals, until: Callable[[], bool] | None = None, every: float = 0.1
    ) -> bool:
        """Waits for a stop signal (False) or for ``until()`` to hold (True); a child that
        exits meanwhile raises ``ChildDied``."""
        while not signals:
            self.check()
            if until is not None and until():
                return True
            time.sleep(every)
        return False

    def stop(self, signals: Signals | None = None, timeout: float = 10.0) -> list[Child]:
        """SIGTERM to every child's group, up to ``timeout`` seconds (or until another stop
        signal) for all to end, then SIGKILL to what remains. Returns the children killed."""
        running = [c for c in self.children if _group_alive(c)]
        for child in running:
            _signal_group(child, signal.SIGTERM)
        already = len(signals.received) if signals is not None else 0
        deadline = time.monotonic() + timeout
        while any(_group_alive(c) for c in running) and time.monotonic() < deadline:
            if signals is not None and len(signals.received) > already:
                break  # asked again: stop waiting
            time.sleep(0.05)
        killed = [c for c in running if _group_alive(c)]
        for child in killed:
            _signal_group(child, signal.SIGKILL)
        for child in self.children:
            with suppress(subprocess.TimeoutExpired):
                child.process.wait(5)
        return killed


def _group_alive(child: Child) -> bool:
    """Whether anything of the child's process group is left (the child reaped first)."""
    child.process.poll()
    if child.process.returncode is None:
        return True
    try:
        os.killpg(child.process.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(child: Child, number: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(child.process.pid, number)


def _dies_with(parent: int) -> Callable[[], None]:
    """Run in the child before it execs: SIGTERM when ``parent`` dies (Linux only)."""

    def arrange() -> None:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the arrangement was made
            os.kill(os.getpid(), signal.SIGTERM)

    return arrange
