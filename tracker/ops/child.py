"""One child process of ``tracker up``'s supervisor: how it ended, and its log's last lines."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path


class ChildDied(Exception):
    """A child exited while it should have been running."""

    def __init__(self, child: Child):
        super().__init__(f"{child.name} stopped unexpectedly ({child.how_it_ended()})")
        self.child = child


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
