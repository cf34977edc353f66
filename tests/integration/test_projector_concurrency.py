"""Concurrent writers and racing projectors: every event applied once, none ever skipped."""

from __future__ import annotations

import threading

from tests.cast import CastTracker
from tests.integration.counting_projection import (
    CountingProjection,
    applied_positions,
)
from tests.integration.test_store import RECEIPT
from tracker.kernel.item_commands import RecordReview
from tracker.tasking.board_projection import TaskingBoardProjection
from tracker.tasking.commands import ReceiveTasking
from tracker.views.catalogue import check_views
from tracker.views.projector import Projector

WRITERS, COMMANDS_EACH = 4, 30


def write(store_url: str, actor: str) -> None:
    with CastTracker(store_url) as app:
        for _ in range(COMMANDS_EACH):
            reference = app.handle(ReceiveTasking(actor=actor, **RECEIPT)).reference
            app.handle(RecordReview(actor=actor, reference=reference, note="seen"))


def keep_projecting(store_url: str, writing: threading.Event, errors: list[BaseException]) -> None:
    """Catches up over and over while the writers write, racing the other projector."""
    try:
        with CastTracker(store_url) as app:
            views = Projector(app, [TaskingBoardProjection(), CountingProjection()])
            with views:
                while writing.is_set():
                    views.catch_up(batch=7)  # small batches: many reads mid-write
                    assert views.failures() == []
    except BaseException as error:
        errors.append(error)


def test_no_event_is_skipped_or_applied_twice_while_writers_and_projectors_race(store_url):
    CastTracker(store_url, create_schema=True).close()
    writing, errors = threading.Event(), []
    writing.set()
    projectors = [
        threading.Thread(target=keep_projecting, args=(store_url, writing, errors))
        for _ in range(2)
    ]
    writers = [threading.Thread(target=write, args=(store_url, f"w{n}")) for n in range(WRITERS)]
    for thread in projectors + writers:
        thread.start()
    for writer in writers:
        writer.join()
    writing.clear()
    for projector in projectors:
        projector.join()
    assert errors == []

    with CastTracker(store_url) as app, Projector(app, [CountingProjection()]) as views:
        views.catch_up()  # whatever committed after the racing projectors' last read
        recorded = [n.id for n in app.recorder.select_notifications(start=None, limit=100_000)]
        assert len(recorded) >= WRITERS * COMMANDS_EACH * 2
        assert applied_positions(views.engine) == recorded  # each once, none skipped
        assert [str(d) for d in check_views(app, views.engine)] == []
