"""Stop signals noted instead of acted on, so a supervisor can stop its children first."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


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
