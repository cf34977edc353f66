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
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from tracker.ops.child import Child, ChildDied
from tracker.ops.signals import Signals

PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
        _wait_for_groups(running, signals, timeout)
        killed = [c for c in running if _group_alive(c)]
        for child in killed:
            _signal_group(child, signal.SIGKILL)
        for child in self.children:
            with suppress(subprocess.TimeoutExpired):
                child.process.wait(5)
        return killed


def _wait_for_groups(running: list[Child], signals: Signals | None, timeout: float) -> None:
    """Until every group has ended, ``timeout`` seconds have passed, or another stop signal."""
    already = len(signals.received) if signals is not None else 0
    deadline = time.monotonic() + timeout
    while any(_group_alive(c) for c in running) and time.monotonic() < deadline:
        if signals is not None and len(signals.received) > already:
            return  # asked again: stop waiting
        time.sleep(0.05)


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
