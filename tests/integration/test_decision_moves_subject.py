"""A forum's decision about an item is what moves it: the board, the item's timeline, the
figures and the forum's agenda all read the one decision alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.test_governance_figures import counts, figures
from tests.integration.test_meeting_agenda import sections
from tests.lifecycles import recording
from tracker.cli.demo import load_demo
from tracker.kernel.clock import london_day
from tracker.kernel.errors import InvalidInput
from tracker.oversight.agenda import meeting_agenda
from tracker.oversight.timeline import item_timeline
from tracker.support.board import support_request_board_rows
from tracker.views.catalogue import projections


def test_an_rttcg_decision_about_a_referred_request_moves_it_everywhere(app, projectors, today):
    load_demo(app, today=today)
    views = projectors(app, *projections())
    views.catch_up()
    next_rttcg = today + timedelta(days=7)
    before = meeting_agenda(views.engine, "RTTCG", next_rttcg, sensitive_cleared=True)
    assert sections(before)["referred_requests"] == ["SR-3"]
    assert counts(figures(views.engine, today=today).requests_by_outcome)["undecided"] == 2

    decision = recording(forum="RTTCG", subject_reference="SR-3", outcome="declined")
    decided = app.handle(decision)
    views.catch_up()

    [request] = [
        row for row in support_request_board_rows(views.engine, sensitive_cleared=True)
        if row.reference == "SR-3"
    ]  # fmt: skip
    assert (request.state, request.decision) == ("not supported", "not supported")
    assert request.decision_reference == decided.reference
    trail = item_timeline(views.engine, "SR-3", sensitive_cleared=True)
    assert trail[-1].event == "SupportRequestDecided" and trail[-1].actor == decision.actor
    year = counts(figures(views.engine, today=today).requests_by_outcome)
    assert (year.get("undecided"), year.get("not supported")) == (1, 1)
    after = meeting_agenda(views.engine, "RTTCG", next_rttcg, sensitive_cleared=True)
    assert "SR-3" not in sections(after).get("referred_requests", [])


def test_a_ratification_at_a_meeting_yet_to_sit_is_refused_and_one_that_sat_dates_it(
    app, projectors, today
):
    load_demo(app, today=today)
    now = datetime.now(UTC)
    at_next_weeks_meeting = recording(
        forum="weekly tasking meeting", subject_reference="SR-2", marking="OFFICIAL-SENSITIVE",
        decided_at=now + timedelta(days=7),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="decided_at: is in the future"):
        app.handle(at_next_weeks_meeting)
    assert app.item("SR-2").state == "authorised, awaiting ratification"

    sat = now - timedelta(hours=13)  # the emergency authorisation was 20 hours ago
    ratified = app.handle(replace(at_next_weeks_meeting, decided_at=sat,
                                  retrospective_reason="Entered from the minutes."))  # fmt: skip
    views = projectors(app, *projections())
    views.catch_up()
    [request] = [
        row for row in support_request_board_rows(views.engine, sensitive_cleared=True)
        if row.reference == "SR-2"
    ]  # fmt: skip
    assert (request.state, request.ratification) == ("monitored", "ratified")
    assert (request.decision_reference, request.decided_on) == (ratified.reference, london_day(sat))
