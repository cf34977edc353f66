"""The projector: a failing view stops where it was, callers wait for a position, views reshape."""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect, text

from tests.cast import CastTracker
from tests.integration.counting_projection import (
    CountingProjection,
    applied_positions,
)
from tests.integration.test_projector_kill import start_projector
from tests.integration.test_store import RECEIPT
from tracker.kernel.references import item_id
from tracker.tasking.board import tasking_board_rows
from tracker.tasking.board_projection import TaskingBoardProjection
from tracker.tasking.commands import ReceiveTasking
from tracker.views.catalogue import check_views, projections
from tracker.views.engine import follows_in_process
from tracker.views.positions import advance, tracked_position
from tracker.views.projector import Projection, Projector, ViewsBehind
from tracker.views.schemas import prepare_views


def receive(app) -> int:
    return app.handle(ReceiveTasking(actor="ana", **RECEIPT)).position


@pytest.fixture
def counting(app, projectors):
    """Makes projectors of the tasking board and a counting view, which may be set to fail."""

    def make(fails_on=None, **options) -> Projector:
        return projectors(app, TaskingBoardProjection(), CountingProjection(fails_on), **options)

    return make


def test_a_view_that_fails_stops_before_the_event_and_the_others_go_on(app, counting, caplog):
    receive(app)
    head = receive(app)
    views = counting(fails_on=item_id("TSK-2"))
    with caplog.at_level(logging.ERROR, logger="tracker.views.projector"):
        views.catch_up()
    [stopped] = views.failures()
    failing = stopped.position
    assert (
        stopped.projection == "applied_events" and "ValueError: cannot show item" in stopped.error
    )
    assert f"applied_events stopped at position {failing}: ValueError" in caplog.text
    assert views.positions() == {"tasking_board": head, "applied_events": failing - 1}
    assert views.lag() == {"tasking_board": 0, "applied_events": head - failing + 1}
    assert applied_positions(views.engine) == list(range(1, failing))  # up to it, not past


def test_a_stopped_view_resumes_from_the_failed_event_once_it_can(app, counting):
    head = [receive(app) for _ in range(3)][-1]
    counting(fails_on=item_id("TSK-2")).catch_up()
    mended = counting()
    [stopped] = mended.failures()  # recorded where every process can see it
    assert mended.catch_up() == head - stopped.position + 1
    assert applied_positions(mended.engine) == list(range(1, head + 1))
    assert mended.failures() == []


def test_waiting_in_process_catches_the_views_up_to_the_position(app, counting):
    views = counting(in_process=True)
    position = receive(app)
    views.wait_for(position, timeout=5)
    assert [t.reference for t in tasking_board_rows(views.engine, sensitive_cleared=True)] == [
        "TSK-1"
    ]


def test_waiting_on_a_projector_process_that_never_comes_times_out_naming_the_views(app, counting):
    views = counting(in_process=False)
    position = receive(app)
    with pytest.raises(ViewsBehind) as behind:
        views.wait_for(position, timeout=0.2)
    assert behind.value.behind == {"tasking_board": 0, "applied_events": 0}
    assert "not yet at position" in str(behind.value) and "not caught up yet" in str(behind.value)


def test_waiting_for_a_position_a_view_stopped_at_fails_at_once_naming_the_error(app, counting):
    receive(app)
    failing = receive(app)
    counting(fails_on=item_id("TSK-2")).catch_up()
    watcher = counting(in_process=False)
    with pytest.raises(ViewsBehind) as behind:
        watcher.wait_for(failing, timeout=60)  # does not wait the minute: it cannot arrive
    assert re.search(r"applied_events stopped at position \d+: ValueError", str(behind.value))


def test_a_view_whose_shape_changed_is_rebuilt_from_the_events(app, counting):
    receive(app)
    receive(app)
    views = counting()
    views.catch_up()
    reshaped = Table(
        "reshaped_view",
        MetaData(),
        Column("item_id", String(36), primary_key=True),
        Column("count", Integer),
    )

    class Before(Projection):
        name, tables = "reshaped", (reshaped,)

    class After(Before):
        version = 2  # the same tables, but what goes in them changed

    reshaped.create(views.engine)
    assert prepare_views(views.engine, [Before()]) == []  # first built: nothing to empty
    assert prepare_views(views.engine, [Before()]) == []
    assert prepare_views(views.engine, [After()]) == ["reshaped"]
    assert prepare_views(views.engine, [TaskingBoardProjection()]) == []
    assert inspect(views.engine).has_table("reshaped_view")


def test_a_view_built_before_shapes_were_recorded_is_rebuilt(app, counting):
    head = receive(app)
    counting().catch_up()
    with counting().engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM view_schemas")
    again = counting()  # a projector starting on a database from before view_schemas
    assert again.positions() == {"tasking_board": 0, "applied_events": 0}
    assert again.catch_up() == 2 * head
    assert applied_positions(again.engine) == list(range(1, head + 1))
    assert [t.reference for t in tasking_board_rows(again.engine, sensitive_cleared=True)] == [
        "TSK-1"
    ]


@pytest.mark.parametrize(
    ("chosen", "module", "expected"),
    [
        ("", "eventsourcing.sqlite", True),
        ("", "eventsourcing.postgres", False),
        ("projector", "eventsourcing.sqlite", False),
        ("in-process", "eventsourcing.postgres", True),
    ],
)
def test_who_drives_the_views_follows_the_setting_and_the_store(chosen, module, expected):
    settings = {"PERSISTENCE_MODULE": module}
    assert follows_in_process(settings, {"TRACKER_PROJECTIONS": chosen}) is expected


def test_an_unknown_driver_setting_is_refused_by_name():
    with pytest.raises(ValueError, match="TRACKER_PROJECTIONS must be in-process or projector"):
        follows_in_process({}, {"TRACKER_PROJECTIONS": "celery"})


def test_a_caller_waits_for_its_own_write_to_reach_views_a_projector_process_keeps(
    app, store_url, projectors
):
    follower = start_projector(store_url)
    try:
        views = projectors(app, *projections(), in_process=False)
        for _ in range(3):
            recorded = app.handle(ReceiveTasking(actor="ana", **RECEIPT))
            views.wait_for(recorded.position, timeout=30)
            shown = tasking_board_rows(views.engine, sensitive_cleared=True, sort="reference")
            assert recorded.reference in [t.reference for t in shown]
    finally:
        follower.kill()
        follower.wait(timeout=10)


def test_refreshing_catches_up_only_views_driven_in_process(app, projectors):
    receive(app)
    watching = projectors(app, TaskingBoardProjection(), in_process=False)
    watching.refresh()
    assert watching.positions() == {"tasking_board": 0}
    driving = projectors(app, TaskingBoardProjection(), in_process=True)
    driving.refresh()
    assert driving.positions() == {"tasking_board": app.position()}


def test_catching_up_until_a_position_stops_there(app, projectors):
    middle = receive(app)
    receive(app)
    views = projectors(app, TaskingBoardProjection())
    assert views.catch_up(until=middle) == middle
    assert views.positions() == {"tasking_board": middle}


def test_a_rebuild_reports_its_progress_up_to_the_head_of_the_log(app, projectors):
    for _ in range(3):
        receive(app)
    views = projectors(app, TaskingBoardProjection())
    views.catch_up()
    heard: list[int] = []
    views.rebuild(progress=heard.append)
    assert heard and heard == sorted(heard) and heard[-1] == app.position()


def test_a_rebuild_resetting_a_view_while_another_projector_holds_a_batch_skips_nothing(
    app, store_url, projectors, monkeypatch
):
    receive(app)  # TSK-1
    projectors(app, TaskingBoardProjection()).catch_up()
    receive(app)  # TSK-2
    rebuilding = projectors(app, TaskingBoardProjection())
    with CastTracker(store_url) as other:
        following = projectors(other, TaskingBoardProjection())
        read = other.recorder.select_notifications

        def read_while_a_rebuild_resets(*args: Any, **kwargs: Any) -> Any:
            batch = read(*args, **kwargs)  # from the position the view had reached: TSK-2 only
            monkeypatch.setattr(other.recorder, "select_notifications", read)
            # `tracker rebuild` in another process empties the view and sets it back to 0
            # now, before it reads the log itself.
            with monkeypatch.context() as paused:
                paused.setattr(rebuilding, "catch_up", lambda *_, **__: 0)
                rebuilding.rebuild()
            return batch

        monkeypatch.setattr(other.recorder, "select_notifications", read_while_a_rebuild_resets)
        following.catch_up()
    rebuilding.catch_up()  # the rebuild reads on from where the view now says it is
    shown = tasking_board_rows(rebuilding.engine, sensitive_cleared=True)
    assert [t.reference for t in shown] == ["TSK-1", "TSK-2"]
    assert [str(d) for d in check_views(app, rebuilding.engine)] == []


def waiting_for_a_lock(engine: Any) -> bool:
    with engine.connect() as connection:
        query = text("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return bool(connection.execute(query).scalar())


@pytest.mark.postgres
def test_a_rebuild_leaves_no_rows_of_a_projector_transaction_that_was_open_as_it_began(
    postgres_url, projectors
):
    with CastTracker(postgres_url, create_schema=True) as app:
        receive(app)
        rebuilding = projectors(app, TaskingBoardProjection())
        engine, board = rebuilding.engine, TaskingBoardProjection()
        log = app.recorder.select_notifications(start=None, limit=100)
        errors: list[BaseException] = []

        def rebuild() -> None:
            try:
                rebuilding.rebuild()
            except BaseException as error:
                errors.append(error)

        with engine.connect() as projecting:  # `tracker project`, mid-transaction
            transaction = projecting.begin()
            start = tracked_position(projecting, board.name)
            for notification in log:
                board.apply(app.mapper.to_domain_event(notification), projecting, notification.id)
            advance(projecting, board.name, start, log[-1].id)
            rebuilder = threading.Thread(target=rebuild)
            rebuilder.start()
            deadline = time.monotonic() + 60
            while rebuilder.is_alive() and not waiting_for_a_lock(engine):
                assert time.monotonic() < deadline, "the rebuild neither ended nor waited"
                time.sleep(0.01)
            transaction.commit()
        rebuilder.join()
        assert errors == []
        assert [str(s) for s in rebuilding.failures()] == []
        shown = tasking_board_rows(engine, sensitive_cleared=True)
        assert [t.reference for t in shown] == ["TSK-1"]
        assert [str(d) for d in check_views(app, engine)] == []
