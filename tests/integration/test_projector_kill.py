"""The projector killed with SIGKILL at random moments loses nothing and counts nothing twice:
after each kill the views equal a rebuild up to where they had read, and at the end a rebuild."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.cast import CastTracker
from tests.integration.test_store import RECEIPT
from tracker.kernel.item_commands import RecordReview
from tracker.tasking.commands import ReceiveTasking
from tracker.views.catalogue import check_views, projections
from tracker.views.positions import tracked_position
from tracker.views.projector import Projector

TRACKER = Path(sys.executable).with_name("tracker")


def start_projector(store_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TRACKER_DATABASE_URL": store_url}
    return subprocess.Popen(
        [str(TRACKER), "project", "--interval", "0.05"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def keep_writing(
    store_url: str, stop: threading.Event, writing: threading.Event, actor: str
) -> None:
    """Commands arriving all the time (while ``writing`` is set): new taskings and reviews."""
    with CastTracker(store_url) as app:
        references = [app.handle(ReceiveTasking(actor=actor, **RECEIPT)).reference]
        while not stop.is_set():
            writing.wait()
            references.append(app.handle(ReceiveTasking(actor=actor, **RECEIPT)).reference)
            app.handle(RecordReview(actor=actor, reference=random.choice(references), note="ok"))
            stop.wait(0.01)  # a busy unit's pace, not a flood: the log stays a size to check


def tracked(watcher: Projector) -> int:
    with watcher.engine.begin() as connection:
        return tracked_position(connection, "tasking_board")


def wait_for_progress(watcher: Projector, beyond: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while tracked(watcher) <= beyond:
        assert time.monotonic() < deadline, "the projector made no progress"
        time.sleep(0.05)


def test_a_projector_killed_ten_times_mid_stream_leaves_views_equal_to_a_rebuild(store_url):
    CastTracker(store_url, create_schema=True).close()
    chooser = random.Random(2026)
    stop, writing = threading.Event(), threading.Event()
    writing.set()
    writers = [
        threading.Thread(target=keep_writing, args=(store_url, stop, writing, name))
        for name in ("ana", "bo")
    ]
    for writer in writers:
        writer.start()
    reached = []
    try:
        with CastTracker(store_url) as app, Projector(app, []) as watcher:
            for _ in range(10):
                before = tracked(watcher)
                projector = start_projector(store_url)
                wait_for_progress(watcher, beyond=before)
                time.sleep(chooser.uniform(0, 0.3))  # then kill it somewhere mid-stream
                projector.send_signal(signal.SIGKILL)
                projector.wait(timeout=10)
                reached.append(tracked(watcher))
                # Where it died, each view equals a rebuild up to the position it had read.
                # The writers pause meanwhile, so the log (and each check) stays a size to
                # check however slow the machine; they go on while the next projector runs.
                writing.clear()
                assert [str(d) for d in check_views(app, watcher.engine, as_they_stand=True)] == []
                writing.set()
    finally:
        writing.set()
        stop.set()
        for writer in writers:
            writer.join()

    assert reached == sorted(reached) and reached[0] > 0  # each resumed where the last stopped
    with CastTracker(store_url) as app, Projector(app, projections()) as views:
        views.catch_up()  # what the last killed projector had not reached
        assert views.lag() == {name: 0 for name in views.lag()}
        assert [str(d) for d in check_views(app, views.engine)] == []
