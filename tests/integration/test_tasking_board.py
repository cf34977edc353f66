"""The tasking board on SQLite and PostgreSQL: exactly once, rebuilt identically, as at any moment."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.integration.view_steps import (
    caught_up_once,
    replayed_items,
    take_at_random,
    versioned_rows,
)
from tests.lifecycles import TASKINGS
from tracker.cli.demo import load_demo
from tracker.kernel.clock import london_moment
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.service.application import Tracker
from tracker.tasking.board import tasking_board, tasking_board_rows
from tracker.tasking.board_projection import TaskingBoardProjection
from tracker.tasking.commands import PlaceTaskingRequirements, ReportTaskingRequirementProgress
from tracker.tasking.lifecycle import ACCEPT, COMPLETE, DECLINE, PRESENT, REPORT_PROGRESS
from tracker.tasking.tasking import Tasking
from tracker.views.projector import Projector

LONDON = ZoneInfo("Europe/London")
RTTCG_ON = date(2026, 10, 20)
# The RTTCG's decision, taken at its meeting on 20 October (11:00 in London) and entered since.
AT_THE_RTTCG = dict(decided_at=london_moment(RTTCG_ON, time(11)),
                    retrospective_reason="Entered from the RTTCG's minutes.")  # fmt: skip


@pytest.fixture
def projector(projectors):
    """Makes projectors of this view for a tracker."""
    return lambda app: projectors(app, TaskingBoardProjection())


def board(projector: Projector, **query):
    return tasking_board_rows(projector.engine, sensitive_cleared=True, **query)


def all_rows(projector: Projector) -> list[tuple]:
    return versioned_rows(projector.engine, tasking_board)


def test_the_board_shows_each_tasking_as_its_events_say(app, projector):
    load_demo(app)
    views = projector(app)
    assert views.catch_up() > 0
    [tsk] = board(views)
    assert (tsk.reference, tsk.state, tsk.basis) == ("TSK-1", "in progress", "request s.5(1)(a)")
    assert sorted(tsk.requirements) == [
        "Staffordshire",
        "Warwickshire",
        "West Mercia",
        "West Midlands",
    ]
    assert tsk.standing == (
        "West Midlands: 1 met, 1 in progress, 1 not started · Warwickshire: not started · "
        "West Mercia: not started · Staffordshire: 1 in progress, 2 not started"
    )
    assert views.lag() == {"tasking_board": 0}


def test_catching_up_twice_or_from_a_new_process_counts_nothing_twice(app, store_url, projector):
    reference = TASKINGS.recorded(app)
    views = caught_up_once(
        app, store_url, projector, lambda: TASKINGS.give(app, PRESENT, reference)
    )
    assert [t.state for t in board(views)] == ["presented to RTTCG"]
    assert len(all_rows(views)) == 2  # the receipt's row, closed, and the current one


def test_a_rebuild_from_the_events_alone_gives_identical_rows(app, projector):
    load_demo(app)
    app.handle(AmendItem(actor="bo", reference="TSK-1", field="title", new_value="OIC standards",
                         reason="shorter title"))  # fmt: skip
    views = projector(app)
    views.catch_up()
    before = all_rows(views)
    views.rebuild()
    assert all_rows(views) == before
    [tsk] = board(views)
    assert tsk.amended and tsk.title == "OIC standards"


def test_an_item_above_the_readers_clearance_is_never_on_their_board(app, projector):
    TASKINGS.recorded(app, marking="OFFICIAL-SENSITIVE")
    TASKINGS.recorded(app)
    views = projector(app)
    views.catch_up()
    seen = tasking_board_rows(views.engine, sensitive_cleared=False)
    assert [t.reference for t in seen] == ["TSK-2"]
    assert len(board(views)) == 2


def test_as_at_any_position_the_board_equals_a_replay_up_to_it(app, projector):
    references = [TASKINGS.recorded(app) for _ in range(3)]
    steps = [
        lambda r: TASKINGS.give(app, PRESENT, r),
        lambda r: TASKINGS.give(app, ACCEPT, r),
        lambda r: app.handle(
            RecordReview(actor="bo", reference=r, note="on track", next_review="2026-12-01")
        ),
    ]
    chooser = random.Random(7)
    take_at_random(chooser, steps, references)
    views = projector(app)
    views.catch_up()
    for position in chooser.sample(range(1, app.position() + 1), k=min(15, app.position())):
        expected = replayed_states(app, position)
        shown = {
            t.reference: (t.state, t.version, t.next_review)
            for t in board(views, as_at_position=position)
        }
        assert shown == expected, position


def replayed_states(app: Tracker, position: int) -> dict[str, tuple]:
    """Each tasking as its events up to ``position`` make it, by replaying them."""
    return {
        t.reference: (t.state, t.version, getattr(t, "next_review", None))
        for t in replayed_items(app, position, Tasking)
    }


def test_as_at_a_moment_is_as_at_the_last_position_recorded_by_then(app, projector):
    before = datetime.now(UTC)
    reference = TASKINGS.recorded(app)
    between = datetime.now(UTC)
    TASKINGS.give(app, PRESENT, reference)
    views = projector(app)
    views.catch_up()
    assert board(views, as_at_position=app.position_at(before)) == []
    assert [t.state for t in board(views, as_at_position=app.position_at(between))] == ["received"]
    assert [t.state for t in board(views)] == ["presented to RTTCG"]


def test_an_item_marked_sensitive_later_is_withheld_as_at_before_too(app, projector):
    reference = TASKINGS.recorded(app)
    official_then = app.position()
    app.handle(AmendItem(actor="bo", reference=reference, field="marking",
                         new_value="OFFICIAL-SENSITIVE", reason="source protection"))  # fmt: skip
    views = projector(app)
    views.catch_up()
    as_at = {"sensitive_cleared": False, "as_at_position": official_then}
    assert tasking_board_rows(views.engine, **as_at) == []
    assert [t.reference for t in board(views, as_at_position=official_then)] == [reference]


def test_a_tasking_is_due_before_the_rttcg_a_cycle_after_its_receipt_or_latest_report(
    app, projector
):
    reference = TASKINGS.recorded(app)  # 5 October
    views = projector(app)

    def line() -> tuple:
        views.catch_up()
        [tasking] = board(views)
        return tasking.state, tasking.review_due, tasking.decided_on

    assert line() == ("received", date(2026, 11, 2), None)
    TASKINGS.give(app, PRESENT, reference, meeting_on="2026-10-20")
    assert line() == ("presented to RTTCG", date(2026, 11, 17), None)
    TASKINGS.give(app, ACCEPT, reference, **AT_THE_RTTCG)
    accepted_on = RTTCG_ON  # the day the RTTCG decided, not the day it was entered
    assert line() == ("accepted", date(2026, 11, 17), accepted_on)
    TASKINGS.give(app, REPORT_PROGRESS, reference, reported_on="2026-11-10")
    assert line() == ("in progress", date(2026, 12, 8), accepted_on)
    app.handle(RecordReview(actor="bo", reference=reference, note="ok", next_review="2026-12-01"))
    assert line()[1] == date(2026, 12, 1)
    app.handle(RecordReview(actor="bo", reference=reference, note="ok"))
    reviewed_on = app.item(reference).modified_on.astimezone(LONDON).date()
    assert line()[1] == reviewed_on + timedelta(days=28)
    TASKINGS.give(app, COMPLETE, reference)
    assert line() == ("completed", None, accepted_on)
    app.handle(RecordReview(actor="bo", reference=reference, note="awaiting the report back"))
    assert line() == ("completed", None, accepted_on)  # no longer due before the RTTCG


def test_a_declined_or_referred_back_tasking_is_decided_and_due_nowhere(app, projector):
    declined = TASKINGS.recorded(app)
    TASKINGS.give(app, DECLINE, declined, **AT_THE_RTTCG)
    referred = TASKINGS.recorded(app, "referred back")
    views = projector(app)
    views.catch_up()
    referred_on = app.item(referred).modified_on.astimezone(LONDON).date()  # when recorded
    shown = {t.reference: (t.review_due, t.decided_on) for t in board(views)}
    assert shown == {declined: (None, RTTCG_ON), referred: (None, referred_on)}


def placed_and_reported(app: Tracker) -> tuple[str, int]:
    """An accepted tasking with requirements on two forces, West Midlands' then reported on;
    its reference, and the position before the first report."""
    reference = TASKINGS.recorded(app, "accepted")
    for force, requirements in (("West Midlands", ["Haulage", "CPD", "Responses"]),
                                ("Warwickshire", ["Haulage", "CPD"])):  # fmt: skip
        app.handle(PlaceTaskingRequirements(actor="bo", reference=reference, force=force,
                                            requirements=requirements))  # fmt: skip
    before = app.position()
    for number, status, counts in ((1, "met", {"operations": 3, "arrests": 5}),
                                   (2, "in progress", {}), (3, "met", {})):  # fmt: skip
        app.handle(ReportTaskingRequirementProgress(
            actor="bo", reference=reference, force="West Midlands", requirement=number,
            status=status, note="reported", evidence="returns 31-33",
            reported_on="2026-11-20", **counts,
        ))  # fmt: skip
    return reference, before


def test_each_forces_standing_shows_at_a_glance_now_and_as_it_stood_before(app, projector):
    reference, before = placed_and_reported(app)
    views = projector(app)
    views.catch_up()
    [now] = board(views)
    assert now.standing == "West Midlands: 2 met, 1 in progress · Warwickshire: not started"
    [haulage, cpd, _] = now.requirements["West Midlands"].requirements
    assert (haulage.status, haulage.operations, haulage.arrests, haulage.outcomes) == (
        "met", 3, 5, "3 operations, 5 arrests",
    )  # fmt: skip
    assert (cpd.status, cpd.note, cpd.reported_on) == (
        "in progress",
        "reported",
        date(2026, 11, 20),
    )
    assert now.requirements["Warwickshire"].owner == "post:soc-lead-warwickshire"
    [then] = board(views, as_at_position=before)
    assert then.standing == "West Midlands: not started · Warwickshire: not started"
    assert app.item(reference).requirements == now.requirements  # the item reads the same


def test_a_rebuild_gives_the_same_standing_rows_and_placing_again_keeps_progress(app, projector):
    reference, _ = placed_and_reported(app)
    app.handle(PlaceTaskingRequirements(actor="bo", reference=reference, force="West Midlands",
                                        requirements=["Responses", "Haulage"]))  # fmt: skip
    views = projector(app)
    views.catch_up()
    [tasking] = board(views)
    assert tasking.standing == "West Midlands: 2 met · Warwickshire: not started"
    before = all_rows(views)
    views.rebuild()
    assert all_rows(views) == before
