"""Steps the view tests share: a tasking received, a marking changed, replays, catching up."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from sqlalchemy import Engine, Table, select

from tests.cast import CastTracker
from tests.integration.test_store import RECEIPT
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem
from tracker.service.application import Tracker
from tracker.tasking.commands import ReceiveTasking
from tracker.views.projector import Projector

SENSITIVE = "OFFICIAL-SENSITIVE"


def receive_tasking(app: Tracker, **overrides: Any) -> str:
    return app.handle(ReceiveTasking(actor="ana", **(RECEIPT | overrides))).reference


def mark(app: Tracker, reference: str, marking: str) -> None:
    app.handle(AmendItem(actor="bo", reference=reference, field="marking", new_value=marking,
                         reason="marking reviewed"))  # fmt: skip


def versioned_rows(engine: Engine, table: Table) -> list[tuple]:
    """Every row of a view's versioned ``table``, each item's in the order they were valid."""
    with engine.connect() as connection:
        rows = connection.execute(select(table).order_by("item_id", "valid_from"))
        return [tuple(row) for row in rows]


def take_at_random(
    chooser: random.Random, steps: Sequence[Callable[[str], Any]], references: Sequence[str]
) -> None:
    """Tries each of ``steps`` on two of the items ``references`` chosen at random; a step
    not allowed there is simply not taken."""
    for step in steps:
        for reference in chooser.sample(references, k=2):
            with suppress(TrackerError):
                step(reference)


def replayed_items(app: Tracker, position: int, kind: type | tuple[type, ...]) -> list[Any]:
    """Each item of ``kind`` as its events up to ``position`` make it, by replaying them."""
    versions: dict = {}
    for notification in app.recorder.select_notifications(start=None, limit=10_000):
        if notification.id <= position:
            versions[notification.originator_id] = notification.originator_version
    items = [app.repository.get(item, version=version) for item, version in versions.items()]
    return [item for item in items if isinstance(item, kind)]


def caught_up_once(
    app: Tracker,
    store_url: str,
    projector: Callable[[Tracker], Projector],
    change: Callable[[], Any],
) -> Projector:
    """Catches a projector up, makes ``change``, and checks that a projector in a new process
    catches up only what the change recorded, and one here then nothing; returns that one."""
    projector(app).catch_up()
    seen = app.position()
    change()
    with CastTracker(store_url) as other:
        assert projector(other).catch_up() == app.position() - seen  # resumes where it stopped
    views = projector(app)
    assert views.catch_up() == 0
    return views
