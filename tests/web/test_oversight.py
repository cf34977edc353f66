"""The review queue, the meeting agenda and the governance figures as pages."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from tracker.kernel.clock import london_today


def references(page: str) -> list[str]:
    return re.findall(r'<a href="/items/([A-Z]+-\d+)">', page)


def test_the_review_queue_lists_what_is_due_soonest_first_and_filters_by_owner(governance):
    page = governance.get("/reviews").get_data(as_text=True)
    assert references(page)[:1] == ["LA-3"] and 'class="status-overdue"' in page
    mine = governance.get("/reviews?owner=s.ellis").get_data(as_text=True)
    # Her emergency authorisation, and the decisions she made (their order varies by weekday).
    assert sorted(references(mine)) == ["MON-1", "SR-2", "WTM-1"]
    the_post = governance.get("/reviews?owner=post:head-of-intelligence").get_data(as_text=True)
    assert references(the_post) == ["SR-1"] and "Head of Intelligence (DCS S. Ellis)" in the_post
    by_forum = governance.get("/reviews?by=forum").get_data(as_text=True)
    assert "<td>Gold recovery board</td>" in by_forum


def test_the_agenda_has_a_section_per_kind_of_business(governance, today):
    page = governance.get(f"/agenda?forum=weekly+tasking+meeting&on={today.isoformat()}").get_data(
        as_text=True
    )
    assert "Emergency decisions to ratify (1)" in page and "SR-2" in page
    rttcg = governance.get("/agenda?forum=RTTCG&on=2030-01-01").get_data(as_text=True)
    assert "Emergency decisions to ratify" not in rttcg


def next_tuesday(day: date) -> date:
    return day + timedelta(days=(1 - day.weekday()) % 7)


def first_thursday_from(day: date) -> date:
    for offset in range(0, 40):
        candidate = day + timedelta(days=offset)
        if candidate.weekday() == 3 and candidate.day <= 7:
            return candidate
    raise AssertionError("a first Thursday comes every month")


def test_the_agenda_opens_on_each_forums_next_meeting_by_its_schedule(governance):
    today = london_today()
    for forum, expected in (("weekly+tasking+meeting", next_tuesday(today)),
                            ("RTTCG", first_thursday_from(today))):  # fmt: skip
        page = html.unescape(governance.get(f"/agenda?forum={forum}").get_data(as_text=True))
        assert f'id="on" name="on" value="{expected.isoformat()}"' in page, (forum, expected)
        assert f"{expected:%A %d %B %Y}" in page


def test_the_figures_page_draws_its_charts_on_the_server_with_the_numbers_beside(governance):
    page = governance.get("/figures?months=3").get_data(as_text=True)
    assert page.count("<svg") == 2 and "<script" not in page
    assert re.search(r"<dt>s.5 taskings received</dt><dd>1</dd>", page)
    assert "Support requests by outcome (the chart's figures)" in page


@pytest.mark.parametrize("url", ["/figures?months=0", "/figures?months=x", "/agenda?on=someday",
                                 "/agenda?forum=nowhere", "/reviews?status=late", "/reviews?page=0"])  # fmt: skip
def test_bad_input_gets_a_clear_400(governance, url):
    response = governance.get(url)
    assert response.status_code == 400
    assert re.search(r"<h1>[a-z]+: ", response.get_data(as_text=True)), url
