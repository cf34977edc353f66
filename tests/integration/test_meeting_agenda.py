"""The next meeting's agenda on SQLite and PostgreSQL: each section's items, within clearance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.integration.test_review_queue import (
    action,
    catch_up_boards,
    decision,
    give,
    monitored_request,
    request,
    tasking,
)
from tests.lifecycles import AUTHORITY, EMERGENCY, REQUESTS, TASKINGS
from tracker.cli.demo import load_demo
from tracker.kernel.item_commands import AmendItem
from tracker.oversight.agenda import Agenda, meeting_agenda
from tracker.service.application import Tracker
from tracker.support import lifecycle as sr
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    ListSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)
from tracker.tasking import lifecycle as tk
from tracker.tasking.commands import PresentTasking, ReportTaskingProgress

WEEKLY, RTTCG, MONITORING = "weekly tasking meeting", "RTTCG", "HoI-ROCC monitoring meeting"
# Decisions are reviewed on or after the day they are made: a fortnight ahead stays so all run.
MEETING = datetime.now(UTC).date() + timedelta(days=14)
SENSITIVE = "OFFICIAL-SENSITIVE"
SECTIONS = ("requests_to_decide", "ratifications", "taskings_to_present", "taskings_to_decide",
            "referred_requests", "progress_reports_due", "decisions_to_review")  # fmt: skip


@pytest.fixture
def caught_up(projectors):
    """Catches the boards up with a tracker; returns their engine."""
    return lambda app: catch_up_boards(projectors, app)


def assessed(app: Tracker, significant: bool = False, **changes) -> str:
    reference = request(app, **changes)
    give(app, AssessSupportRequest, reference, significant_impact=significant, note="Assessed.")
    return reference


def listed(app: Tracker, meeting_on: date, **changes) -> str:
    reference = assessed(app, **changes)
    give(app, ListSupportRequest, reference, meeting_on=meeting_on)
    return reference


def reviewed_request(app: Tracker, reviewed_on: date, **changes) -> str:
    """A monitored request whose next weekly review is a week after ``reviewed_on``."""
    reference = monitored_request(app, **changes)
    give(app, ReviewSupportRequestMonitoring, reference, note="On track.", reviewed_on=reviewed_on)
    return reference


def weekly_items(app: Tracker, marking: str = "OFFICIAL") -> dict[str, list[str]]:
    """Items for the weekly meeting on ``MEETING`` and some that are not, by section."""
    deferred = listed(app, MEETING - timedelta(days=7), marking=marking)
    REQUESTS.give(app, sr.DEFER, deferred, action_chosen="Next week.")
    emergency = request(app, **(EMERGENCY | {"marking": marking}))
    give(app, AuthoriseSupportRequest, emergency, **AUTHORITY)
    on_the_day, undated = listed(app, MEETING, marking=marking), assessed(app, marking=marking)
    expected = {
        "requests_to_decide": [on_the_day, deferred, undated],  # dated first, then by number
        "ratifications": [emergency],
        "decisions_to_review": [decision(app, MEETING, forum=WEEKLY, marking=marking)],
    }  # fmt: skip
    listed(app, MEETING + timedelta(days=7), marking=marking)  # for a later meeting
    assessed(app, significant=True, marking=marking)  # for the RIG
    request(app, marking=marking)  # not yet assessed
    # Monitored requests are reviewed at the HoI-ROCC monitoring meeting instead.
    reviewed_request(app, MEETING - timedelta(days=7), marking=marking)
    decision(app, MEETING + timedelta(days=1), forum=WEEKLY, marking=marking)
    decision(app, MEETING, forum=RTTCG, marking=marking)  # another forum's
    action(app, MEETING, marking=marking)  # overseen by the Gold recovery board
    return expected


def monitoring_items(app: Tracker, marking: str = "OFFICIAL") -> dict[str, list[str]]:
    """Items for the HoI-ROCC monitoring meeting on ``MEETING`` and some that are not."""
    expected = {
        "progress_reports_due": [reviewed_request(app, MEETING - timedelta(days=7),
                                                  marking=marking)],
        "decisions_to_review": [decision(app, MEETING, forum=MONITORING, marking=marking)],
    }  # fmt: skip
    reviewed_request(app, MEETING - timedelta(days=6), marking=marking)  # due the day after
    listed(app, MEETING, marking=marking)  # for the weekly tasking meeting to decide
    decision(app, MEETING, forum=WEEKLY, marking=marking)  # another forum's
    return expected


def reporting_tasking(app: Tracker, reported_on: date, marking: str) -> str:
    """A tasking in progress, next due before the RTTCG a cycle after ``reported_on``."""
    reference = tasking(app, marking=marking)
    give(app, PresentTasking, reference, meeting_on="2026-10-20")
    TASKINGS.give(app, tk.ACCEPT, reference, action_chosen="Agreed.")
    give(app, ReportTaskingProgress, reference, update="Under way.", reported_on=reported_on)
    return reference


def referred(app: Tracker, to_rttcg: bool = True, **changes) -> str:
    reference = assessed(app, significant=True, **changes)
    give(app, ReferSupportRequestToRIG, reference, note="For the RIG.")
    if to_rttcg:
        give(app, ReferSupportRequestToRTTCG, reference, note="For the RTTCG.")
    return reference


def rttcg_items(app: Tracker, marking: str = "OFFICIAL") -> dict[str, list[str]]:
    """Items for the RTTCG on ``MEETING`` and some that are not, by section."""
    presented = tasking(app, marking=marking)
    give(app, PresentTasking, presented, meeting_on="2026-10-20")
    cycle = timedelta(days=28)
    expected = {
        "taskings_to_present": [tasking(app, marking=marking)],
        "taskings_to_decide": [presented],
        "referred_requests": [referred(app, marking=marking)],
        "progress_reports_due": [
            action(app, MEETING, marking=marking, overseeing_board="rttcg"),
            reporting_tasking(app, MEETING - cycle, marking),
        ],
        "decisions_to_review": [decision(app, MEETING, marking=marking)],
    }
    tasking(app, marking=marking, received_on=MEETING + timedelta(days=1))  # after the meeting
    reporting_tasking(app, MEETING - cycle + timedelta(days=1), marking)  # due the day after
    referred(app, to_rttcg=False, marking=marking)  # still with the RIG
    action(app, MEETING, marking=marking)  # overseen by the Gold recovery board
    decision(app, MEETING + timedelta(days=1), marking=marking)
    decision(app, MEETING, forum=WEEKLY, marking=marking)  # another forum's
    return expected


def sections(agenda: Agenda) -> dict[str, list[str]]:
    """The agenda's non-empty sections, as references in their order."""
    found = {name: [item.reference for item in getattr(agenda, name)] for name in SECTIONS}
    return {name: references for name, references in found.items() if references}


def test_the_weekly_meeting_decides_requests_ratifies_and_hears_reviews_due(app, caught_up):
    expected = weekly_items(app)
    agenda = meeting_agenda(caught_up(app), WEEKLY, MEETING, sensitive_cleared=True)
    assert (agenda.forum, agenda.meeting_on) == (WEEKLY, MEETING)
    assert sections(agenda) == expected
    on_the_day, deferred, undated = agenda.requests_to_decide
    assert (on_the_day.due_on, deferred.due_on, undated.due_on) == (MEETING, None, None)
    assert (on_the_day.kind, on_the_day.owner) == ("support request", "NCA")
    assert (deferred.state, undated.state) == ("deferred", "assessed")
    [ratification] = agenda.ratifications
    assert (ratification.owner, ratification.due_on) == ("shaw", date(2026, 10, 12))


def test_the_monitoring_meeting_reviews_each_monitored_request_due(app, caught_up):
    expected = monitoring_items(app)
    agenda = meeting_agenda(caught_up(app), MONITORING, MEETING, sensitive_cleared=True)
    assert sections(agenda) == expected
    [progress] = agenda.progress_reports_due
    assert (progress.owner, progress.due_on, progress.state) == (
        "post:head-of-intelligence", MEETING, "monitored")  # fmt: skip


def test_a_request_is_not_on_the_agenda_of_the_meeting_that_deferred_it(app, caught_up):
    expected = weekly_items(app)
    earlier = MEETING - timedelta(days=7)
    agenda = meeting_agenda(caught_up(app), WEEKLY, earlier, sensitive_cleared=True)
    deferred = expected["requests_to_decide"][1]
    assert deferred not in sections(agenda)["requests_to_decide"]


def test_the_rttcg_hears_new_taskings_decides_referrals_and_hears_progress(app, caught_up):
    expected = rttcg_items(app)
    agenda = meeting_agenda(caught_up(app), RTTCG, MEETING, sensitive_cleared=True)
    assert sections(agenda) == expected
    [new] = agenda.taskings_to_present
    assert (new.kind, new.owner, new.state) == ("tasking", "patel", "received")
    action_due, tasking_due = agenda.progress_reports_due
    assert (action_due.kind, action_due.owner) == ("learning action", "post:planning-lead")
    assert (tasking_due.kind, tasking_due.due_on) == ("tasking", MEETING)


def test_the_demos_agendas(app, caught_up, today):
    load_demo(app, today=today)
    engine = caught_up(app)
    week = today + timedelta(days=7)
    weekly = meeting_agenda(engine, WEEKLY, week, sensitive_cleared=True)
    assert sections(weekly) == {"ratifications": ["SR-2"], "decisions_to_review": ["WTM-1"]}
    monitoring = meeting_agenda(engine, MONITORING, week, sensitive_cleared=True)
    assert sections(monitoring) == {"progress_reports_due": ["SR-1"],
                                    "decisions_to_review": ["MON-1"]}  # fmt: skip
    uncleared = meeting_agenda(engine, WEEKLY, week, sensitive_cleared=False)
    assert "ratifications" not in sections(uncleared)  # SR-2 is OFFICIAL-SENSITIVE
    assert sections(meeting_agenda(engine, RTTCG, week, sensitive_cleared=True)) == {
        "referred_requests": ["SR-3"]}  # fmt: skip
    month = meeting_agenda(engine, RTTCG, today + timedelta(days=30), sensitive_cleared=True)
    assert sections(month)["progress_reports_due"] == ["TSK-1"]


@pytest.mark.parametrize(
    ("forum", "items"),
    [(WEEKLY, weekly_items), (RTTCG, rttcg_items), (MONITORING, monitoring_items)],
)
def test_a_sensitive_item_is_on_no_section_for_an_uncleared_reader(app, caught_up, forum, items):
    official, sensitive = items(app), items(app, SENSITIVE)
    engine = caught_up(app)
    uncleared = meeting_agenda(engine, forum, MEETING, sensitive_cleared=False)
    assert sections(uncleared) == official
    cleared = sections(meeting_agenda(engine, forum, MEETING, sensitive_cleared=True))
    assert {name: set(refs) for name, refs in cleared.items()} == {
        name: set(official[name] + sensitive[name]) for name in official
    }
    marked_up = (official.get("progress_reports_due") or official["ratifications"])[0]
    give(app, AmendItem, marked_up, field="marking", new_value=SENSITIVE, reason="names a source")
    uncleared = meeting_agenda(caught_up(app), forum, MEETING, sensitive_cleared=False)
    assert all(marked_up not in found for found in sections(uncleared).values())
    assert sections(uncleared)["decisions_to_review"] == official["decisions_to_review"]


def test_another_forums_agenda_holds_its_reviews_due_and_none_of_the_weekly_or_rttcg_business(
    app, caught_up
):
    weekly_items(app), rttcg_items(app)
    own = {"progress_reports_due": [action(app, MEETING, overseeing_board="RIG")],
           "decisions_to_review": [decision(app, MEETING, forum="RIG")]}  # fmt: skip
    agenda = meeting_agenda(caught_up(app), "RIG", MEETING, sensitive_cleared=True)
    assert sections(agenda) == own
