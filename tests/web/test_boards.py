"""The boards as pages: filters, sorting, paging and "as at"."""

from __future__ import annotations

import re

import pytest


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


def test_as_at_a_moment_before_anything_was_recorded_the_board_is_empty(governance):
    page = governance.get("/boards/learning?as_at=2001-01-01T09:00").get_data(as_text=True)
    assert references(page) == [] and "as it stood at 01 Jan 2001 09:00" in page


@pytest.mark.parametrize("query", ["state=lost", "sort=colour", "page=-1", "as_at=yesterday"])
def test_a_bad_choice_is_refused_with_the_reason(governance, query):
    response = governance.get(f"/boards/tasking?{query}")
    assert response.status_code == 400
    assert query.split("=")[0].replace("_", " ") in response.get_data(as_text=True)
