"""What every request of a process shares: the write side, the views kept up to date, a reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.service.application import Tracker
from tracker.views.engine import ViewEngine, view_engine
from tracker.views.projector import Projector


@dataclass
class Services:
    """What every request of this process shares.

    ``views`` keeps the views up to date (its engine writes); pages read through ``reader``,
    whose transactions take no write lock, so on SQLite readers neither wait for each other
    nor hold up a writer however long they read (a large export, say).
    """

    tracker: Tracker
    views: Projector
    reader: ViewEngine = field(init=False)

    def __post_init__(self) -> None:
        self.reader = view_engine(self.tracker.env)

    def close(self) -> None:
        self.reader.dispose()
        self.views.close()
        self.tracker.close()
