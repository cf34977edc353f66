"""Governance figures on SQLite and PostgreSQL: counts per period and medians, within clearance."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

import pytest

from tests.integration.test_meeting_agenda import assessed, listed
from tests.integration.test_review_queue import (
    action,
    catch_up_boards,
    give,
    monitored_request,
    request,
    tasking,
)
from tests.lifecycles import AUTHORITY, EMERGENCY, REQUESTS, TASKINGS
from tracker.cli.demo import load_demo
from tracker.kernel.clock import london_today
from tracker.kernel.item_commands import AmendItem
from tracker.learning.commands import (
    ImplementLearningAction,
    NoteLearningActionProgress,
    RecordLearningActionNotAdopted,
    ValidateLearningAction,
)
from tracker.oversight.figure_counts import ActionFigures, Count
from tracker.oversight.figures import governance_figures, month_starts
from tracker.service.application import Tracker
from tracker.support import lifecycle as sr
from tracker.support.board import support_request_board_rows
from tracker.support.commands import AuthoriseSupportRequest
from tracker.tasking import lifecycle as tk
from tracker.tasking.board import tasking_board_rows
from tracker.tasking.commands import PresentTasking, ReferBackTasking

SENSITIVE = "OFFICIAL-SENSITIVE"
MID_NOVEMBER = date(2026, 11, 15)


@pytest.fixture
def caught_up(projectors):
    """Catches the boards up with a tracker; returns their engine."""
    return lambda app: catch_up_boards(projectors, app)


def figures(engine, today: date = MID_NOVEMBER, **query):
    return governance_figures(engine, sensitive_cleared=True, today=today, **query)


def counts(found: tuple[Count, ...]) -> dict[str, int]:
    """The non-zero counts, by name."""
    return {count.name: count.count for count in found if count.count}


def test_the_period_is_whole_months_ending_with_the_current_one():
    assert month_starts(date(2026, 1, 10), 3) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]  # fmt: skip
    assert len(month_starts(MID_NOVEMBER, 12)) == 13


def test_s5_taskings_are_counted_per_month_for_the_last_months_and_in_total(app, caught_up):
    for received_on in ("2025-11-30", "2025-12-01", "2026-03-10", "2026-03-31", "2026-11-15",
                        "2026-12-01"):  # fmt: skip
        tasking(app, received_on=received_on)
    engine = caught_up(app)
    year = figures(engine)
    assert year.since == date(2025, 12, 1) and year.today == MID_NOVEMBER
    assert [month.month for month in year.taskings_by_month] == month_starts(MID_NOVEMBER, 12)[:-1]
    received = {month.month: month.received for month in year.taskings_by_month if month.received}
    assert received == {date(2025, 12, 1): 1, date(2026, 3, 1): 2, date(2026, 11, 1): 1}
    assert year.taskings_received == 4  # not November 2025's, nor December 2026's
    assert figures(engine, months=1).taskings_received == 1
    assert figures(engine, months=13).taskings_received == 5
    with pytest.raises(ValueError, match="one month or more"):
        figures(engine, months=0)


def test_support_requests_are_counted_by_outcome_and_by_channel(app, caught_up):
    monitored_request(app)
    for step in (sr.PARTLY_SUPPORT, sr.NOT_SUPPORT, sr.DEFER):
        reference = listed(app, date(2026, 10, 12))
        REQUESTS.give(app, step, reference, action_chosen="Decided.")
    ratified, refused, awaiting = (request(app, **EMERGENCY) for _ in range(3))
    for reference in (ratified, refused, awaiting):
        give(app, AuthoriseSupportRequest, reference, **AUTHORITY)
    REQUESTS.give(app, sr.RATIFY, ratified, action_chosen="Considered.")
    REQUESTS.give(app, sr.NOT_RATIFY, refused, action_chosen="Considered.")
    assessed(app)
    request(app, received_on="2025-11-01")  # before the period
    year = figures(caught_up(app))
    assert counts(year.requests_by_outcome) == {
        "supported": 1, "partly supported": 1, "not supported": 1, "deferred": 1,
        "ratified": 1, "not ratified": 1, "undecided": 2,
    }  # fmt: skip
    assert counts(year.requests_by_channel) == {"gateway": 5, "emergency route": 3}
    assert [count.name for count in year.requests_by_channel] == ["gateway", "emergency route"]


def test_learning_actions_are_counted_by_where_they_stand(app, caught_up):
    action(app, MID_NOVEMBER + timedelta(days=1))
    action(app, MID_NOVEMBER - timedelta(days=1))  # overdue
    in_progress, implemented, validated, not_adopted = (action(app) for _ in range(4))
    for reference in (in_progress, implemented, validated, not_adopted):
        give(app, NoteLearningActionProgress, reference, note="Started.")
    for reference in (implemented, validated):
        give(app, ImplementLearningAction, reference, evidence="In the plan.")
    app.handle(ValidateLearningAction(actor="c.gold", reference=validated, note="Checked."))
    give(app, RecordLearningActionNotAdopted, not_adopted, rationale="Superseded.")
    assert figures(caught_up(app)).actions == ActionFigures(
        open=3, overdue=1, implemented=1, validated=1, not_adopted=1
    )


def test_median_days_from_receipt_to_decision(app, caught_up, today):
    engine = caught_up(app)
    assert figures(engine, today=today).median_days_to_decide_requests is None
    # Each forum decides at the start of the day (UTC), which is that day in London too.
    decided = dict(decided_at=datetime.combine(today, time(), UTC),
                   retrospective_reason="Entered after the meeting.")  # fmt: skip
    for days in (3, 10, 20, 30):
        reference = listed(app, today, received_on=today - timedelta(days=days))
        step = sr.DEFER if days == 30 else sr.SUPPORT  # a deferral decides nothing
        REQUESTS.give(app, step, reference, action_chosen="Decided.", **decided)
    for days, step in {30: tk.ACCEPT, 40: tk.DECLINE, 50: tk.REFER_BACK}.items():
        reference = tasking(app, received_on=today - timedelta(days=days))
        give(app, PresentTasking, reference, meeting_on=today)
        if step == tk.REFER_BACK:  # a command of its own, dated the day it is recorded
            give(app, ReferBackTasking, reference, rationale="Considered.")
        else:
            TASKINGS.give(app, step, reference, action_chosen="Considered.", **decided)
    tasking(app, received_on=today - timedelta(days=70))  # undecided
    engine = caught_up(app)
    # A forum's decision is dated the day it was taken (decided_at, in the region); a
    # referral back the day it was recorded, in the region: read them from the boards.
    requests = support_request_board_rows(engine, sensitive_cleared=True)
    taskings = tasking_board_rows(engine, sensitive_cleared=True)
    request_days = [(r.decided_on - r.received_on).days for r in requests if r.decided_on]
    tasking_days = [(t.decided_on - t.received_on).days for t in taskings if t.decided_on]
    shift = (london_today() - today).days  # 0, or 1 when the region's day is already tomorrow
    assert sorted(request_days) == [3, 10, 20]
    assert sorted(tasking_days) == [30, 40, 50 + shift]
    year = figures(engine, today=today)
    assert year.median_days_to_decide_requests == median(request_days) == 10
    assert year.median_days_to_decide_taskings == median(tasking_days) == 40


def test_the_demos_figures(app, caught_up, today):
    load_demo(app, today=today)
    year = figures(caught_up(app), today=today)
    assert year.taskings_received == 1
    assert counts(year.requests_by_outcome) == {"supported": 1, "undecided": 2}
    assert year.actions == ActionFigures(open=2, overdue=1, implemented=0, validated=1,
                                         not_adopted=0)  # fmt: skip
    uncleared = governance_figures(caught_up(app), sensitive_cleared=False, today=today)
    assert counts(uncleared.requests_by_channel) == {"gateway": 2}  # SR-2 is sensitive


def every_kind(app: Tracker, marking: str, today: date) -> None:
    """A decided tasking, a decided request, an emergency one and an overdue action."""
    reference = tasking(app, marking=marking, received_on=today - timedelta(days=9))
    give(app, PresentTasking, reference, meeting_on=today)
    TASKINGS.give(app, tk.ACCEPT, reference, action_chosen="Agreed.")
    monitored_request(app, marking=marking)
    emergency = request(app, **(EMERGENCY | {"marking": marking}))
    give(app, AuthoriseSupportRequest, emergency, **AUTHORITY)
    action(app, today - timedelta(days=1), marking=marking)


def test_a_sensitive_item_is_in_no_figure_for_an_uncleared_reader(app, caught_up, today):
    every_kind(app, "OFFICIAL", today)
    official = governance_figures(caught_up(app), sensitive_cleared=False, today=today)
    every_kind(app, SENSITIVE, today)
    engine = caught_up(app)
    assert governance_figures(engine, sensitive_cleared=False, today=today) == official
    cleared = figures(engine, today=today)
    assert cleared.taskings_received == 2 * official.taskings_received == 2
    assert cleared.actions.overdue == 2 and official.actions.overdue == 1
    give(app, AmendItem, "TSK-1", field="marking", new_value=SENSITIVE, reason="names a source")
    marked_up = governance_figures(caught_up(app), sensitive_cleared=False, today=today)
    assert marked_up.taskings_received == 0
    assert marked_up.median_days_to_decide_taskings is None
    assert marked_up == replace(
        official,
        taskings_by_month=marked_up.taskings_by_month,
        taskings_received=0,
        median_days_to_decide_taskings=None,
    )
