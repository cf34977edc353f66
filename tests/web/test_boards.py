"""The boards as pages: filters, sorting, paging and "as at"."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape

from web.cells import cell


def references(page: str) -> list[str]:
    return re.findall(r'<td><a href="/items/([A-Z]+-\d+)[^"]*">', page)


def test_a_board_filters_by_state(governance):
    assert references(governance.get("/boards/support").get_data(as_text=True)) == [
        "SR-1",
        "SR-2",
        "SR-3",
    ]
    monitored = governance.get("/boards/support?state=monitored").get_data(as_text=True)
    assert references(monitored) == ["SR-1"]
    assert references(governance.get("/boards/tasking?state=declined").get_data(as_text=True)) == []
    assert references(
        governance.get("/boards/tasking?state=in+progress").get_data(as_text=True)
    ) == ["TSK-1"]


def test_a_board_sorts_and_keeps_its_choices_in_the_form(governance):
    page = governance.get("/boards/support?sort=requester").get_data(as_text=True)
    assert references(page) == ["SR-3", "SR-1", "SR-2"]  # Border Force, NCA, Staffordshire
    assert '<option value="requester" selected>' in page


def test_the_debriefs_board_shows_a_postponed_debriefs_new_day_level_and_reason(governance):
    page = governance.get("/boards/debriefs").get_data(as_text=True)
    assert references(page) == ["DB-1", "DB-2", "DB-3", "DB-4", "DB-5"]
    [partners] = [row for row in page.split("<tr") if "/items/DB-5" in row]
    for shown in ("scheduled", "multi-agency", "Ch Insp M. Rees", "The partners&#39; leads"):
        assert shown in partners, shown
    multi_agency = governance.get("/boards/debriefs?level=multi-agency").get_data(as_text=True)
    assert references(multi_agency) == ["DB-5"]
    notable = governance.get("/boards/learning?state=notable+practice").get_data(as_text=True)
    assert references(notable) == ["LP-11", "DB-3"]  # the point, and the debrief it came from


def test_as_at_a_moment_before_anything_was_recorded_the_board_is_empty(governance):
    page = governance.get("/boards/learning?as_at=2001-01-01T09:00").get_data(as_text=True)
    assert references(page) == [] and "as it stood at 01 Jan 2001 09:00" in page


@pytest.mark.parametrize("query", ["state=lost", "sort=colour", "page=-1", "as_at=yesterday"])
def test_a_bad_choice_is_refused_with_the_reason(governance, query):
    response = governance.get(f"/boards/tasking?{query}")
    assert response.status_code == 400
    assert query.split("=")[0].replace("_", " ") in response.get_data(as_text=True)


def test_a_cell_shows_nothing_as_a_dash_yes_no_london_times_and_days():
    assert cell(None) == cell("") == '<span class="none">&ndash;</span>'
    assert (cell(True), cell(False), cell(0), cell("SR-2")) == ("yes", "no", "0", "SR-2")
    assert cell(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "01 Jul 2026 09:30"  # summer time
    assert cell(date(2026, 12, 1)) == "01 Dec 2026"
    assert "&lt;b&gt;" in str(escape(cell("<b>")))  # text stays text
