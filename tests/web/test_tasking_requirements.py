"""A tasking's requirements per force on its page, and progress reported by those who log
taskings or hold the post that owns a force's requirements."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from tests.web.conftest import csrf_token
from tests.web.test_act import client_as, post
from tracker.people.commands import AssignPost

URL = "/act/report-tasking-requirement-progress?reference=TSK-1"


def progress(today, **given) -> dict:
    return {"force": "Warwickshire", "requirement": "1", "status": "in progress",
            "note": "First operation planned.", "evidence": "",
            "reported_on": (today - timedelta(days=1)).isoformat()} | given  # fmt: skip


def test_the_tasking_page_tables_each_forces_requirements_with_owner_status_and_outcomes(
    governance,
):
    page = html.unescape(governance.get("/items/TSK-1").get_data(as_text=True))
    assert "Requirements on each force" in page
    west_midlands_haulage = (
        "<td>West Midlands</td><td>1</td>"
        "<td>Run proactive haulage operations against organised immigration crime</td>"
        "<td>SOC lead, West Midlands (DCI Asha Patel)</td>"
    )
    assert west_midlands_haulage in page
    assert "3 operations, 2 disruptions, 5 arrests" in page
    assert "Three proactive haulage operations run at the M6 and M42 freight hubs." in page
    assert '<td class="status status-not-started">not started</td>' in page
    assert "Report progress" not in page  # governance neither logs taskings nor owns a force's


def test_staff_report_progress_by_the_form_and_the_board_shows_the_forces_standing(fresh, today):
    app, _ = fresh
    staff = client_as(app, "r.khan")
    assert "Report progress" in staff.get("/items/TSK-1").get_data(as_text=True)
    form = staff.get(URL + "&force=Warwickshire&requirement=2").get_data(as_text=True)
    assert 'value="2"' in form and '<option selected value="Warwickshire">' in form
    response = post(staff, URL, progress(today, operations="2"))
    assert response.status_code == 302, response.get_data(as_text=True)
    board = html.unescape(staff.get("/boards/tasking").get_data(as_text=True))
    assert "Warwickshire: 1 in progress, 2 not started" in board
    timeline = html.unescape(staff.get("/items/TSK-1").get_data(as_text=True))
    assert "Progress on a force's requirement: Warwickshire, requirement 1 now in progress" in (
        timeline
    )


def test_a_requirement_reported_met_without_evidence_is_refused_beside_the_field(fresh, today):
    app, _ = fresh
    page = post(client_as(app, "r.khan"), URL, progress(today, status="met"))
    assert page.status_code == 422
    assert "required for a requirement met: say what shows it" in page.get_data(as_text=True)


@pytest.fixture
def warwickshire_lead(fresh, today):
    """The demo's viewer, made Warwickshire's SOC lead: she owns its requirements on TSK-1."""
    app, tracker = fresh
    tracker.handle(AssignPost(actor="admin", post_id="soc-lead-warwickshire", holder="v.ward",
                              since=today - timedelta(days=7)))  # fmt: skip
    return client_as(app, "v.ward")


def test_the_holder_of_a_forces_owner_post_reports_its_progress_and_no_other_forces(
    warwickshire_lead, today
):
    assert "Report progress" in warwickshire_lead.get("/items/TSK-1").get_data(as_text=True)
    assert warwickshire_lead.get(URL).status_code == 200
    assert post(warwickshire_lead, URL, progress(today)).status_code == 302
    refused = post(warwickshire_lead, URL, progress(today, force="West Midlands"))
    assert refused.status_code == 403
    assert "or owning West Midlands&#39;s requirements on TSK-1" in refused.get_data(as_text=True)


def test_a_reader_who_owns_no_forces_requirements_may_not_report_progress(fresh, today):
    app, _ = fresh
    viewer = client_as(app, "v.ward")
    assert "Report progress" not in viewer.get("/items/TSK-1").get_data(as_text=True)
    assert viewer.get(URL).status_code == 403
    assert viewer.post(URL, data={"csrf_token": csrf_token(viewer, "/sign-in")}).status_code == 403
