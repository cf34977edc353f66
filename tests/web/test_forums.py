"""Forums in the pages: admins see each forum's series, chair, schedule and members, and
establish or rearrange one by clicking through; decisions and agendas follow at once."""

from __future__ import annotations

import html

from tests.web.test_act import client_as, errors_of, post


def test_admins_see_every_forum_with_its_chair_schedule_and_members(demo_app):
    page = html.unescape(client_as(demo_app, "admin").get("/admin/forums").get_data(as_text=True))
    assert "<td>HoI-ROCC monitoring meeting<br>" in page
    assert "<td>MON</td>" in page and "<td>monday 14:00</td>" in page
    # The demo moved the Gold recovery board to a monthly sitting, and added a forum.
    assert "<td>last friday 10:00</td>" in page and "Regional firearms tactical group" in page
    assert "Head of Intelligence (DCS S. Ellis)" in page  # the monitoring meeting's chair
    assert "ACC Alex Morgan, DCS S. Ellis" in page  # who sits on the weekly tasking meeting
    assert "/act/rearrange-forum?forum=RIG" in page
    assert client_as(demo_app, "g.hale").get("/admin/forums").status_code == 403


def test_an_admin_establishes_a_forum_and_its_decisions_are_numbered_in_its_series(fresh):
    app, _ = fresh
    admin = client_as(app, "admin")
    bad = post(admin, "/act/establish-forum", {"name": "Cyber tactical group", "series": "WTM",
                                               "chair_post": "rig-chair"})  # fmt: skip
    assert bad.status_code == 422
    assert ("series", "WTM is the weekly tasking meeting's; choose another") in errors_of(
        html.unescape(bad.get_data(as_text=True)))  # fmt: skip
    made = post(admin, "/act/establish-forum", {"name": "Cyber tactical group", "series": "CTG",
                                                "chair_post": "rig-chair",
                                                "schedule": "second tuesday 14:00"})  # fmt: skip
    assert made.status_code == 302, made.get_data(as_text=True)
    listed = admin.get("/admin/forums").get_data(as_text=True)
    assert "<td>Cyber tactical group" in listed and "<td>second tuesday 14:00</td>" in listed
    # It is offered wherever a forum is chosen, and its agenda opens on its next sitting.
    form = client_as(app, "acc.morgan").get("/act/record-decision").get_data(as_text=True)
    assert '<option value="Cyber tactical group">' in form
    agenda = client_as(app, "g.hale").get("/agenda?forum=Cyber+tactical+group")
    assert agenda.status_code == 200 and "Cyber tactical group" in agenda.get_data(as_text=True)


def test_rearranging_a_forum_moves_its_agenda_to_the_new_day(fresh):
    app, _ = fresh
    admin = client_as(app, "admin")
    moved = post(admin, "/act/rearrange-forum?forum=weekly+tasking+meeting",
                 {"forum": "weekly tasking meeting", "schedule": "friday 09:00",
                  "reason": "The meeting moved to Fridays."})  # fmt: skip
    assert moved.status_code == 302, moved.get_data(as_text=True)
    agenda = client_as(app, "g.hale").get("/agenda?forum=weekly+tasking+meeting")
    page = agenda.get_data(as_text=True)
    assert "Friday" in page, page
