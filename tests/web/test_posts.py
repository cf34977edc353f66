"""People and posts in the pages: each person's home lists what they or their posts own,
admins see who holds each post and which items nobody owns, and handing a post over moves
its work to the new holder."""

from __future__ import annotations

import html
import re

from tests.web.test_act import client_as, post
from tracker.accounts.commands import RegisterUser
from tracker.cli.demo_users import DEMO_PASSWORD


def home_items(client) -> set[str]:
    page = client.get("/").get_data(as_text=True)
    return set(re.findall(r'<td><a href="/items/([A-Z]+-\d+)">', page))


def test_each_demo_persons_home_lists_what_they_or_their_posts_own(demo_app):
    owned = {"s.ellis": {"SR-1", "SR-2", "WTM-1", "MON-1"}, "k.hughes": {"LA-3"}, "a.patel": {"TSK-1"},
             "acc.morgan": {"RTTCG-1"}, "j.owens": {"LA-1"}, "v.ward": set()}  # fmt: skip
    for username, items in owned.items():
        assert home_items(client_as(demo_app, username)) == items, username


def test_the_posts_page_names_each_holder_and_lists_the_items_nobody_owns(fresh):
    app, _ = fresh
    admin = client_as(app, "admin")
    page = html.unescape(admin.get("/admin/posts").get_data(as_text=True))
    assert "<td>Head of Intelligence</td><td>head-of-intelligence</td>" in page
    assert "DCS S. Ellis (s.ellis)" in page and "<strong>vacant</strong>" in page
    assert "Every open item has an owner who can act." in page

    vacated = post(admin, "/act/vacate-post?post_id=head-of-corporate-communications",
                   {"post_id": "head-of-corporate-communications", "reason": "Retired."})  # fmt: skip
    assert vacated.status_code == 302, vacated.get_data(as_text=True)
    page = html.unescape(admin.get("/admin/posts").get_data(as_text=True))
    assert re.search(r"<tr><td>LA-3</td><td>learning action</td>"
                     r"<td>Head of Corporate Communications \(vacant\)</td>", page)  # fmt: skip
    assert "LA-3" not in home_items(client_as(app, "k.hughes"))


def test_a_post_handed_over_takes_its_items_to_the_new_holders_home(fresh):
    app, tracker = fresh
    tracker.handle(RegisterUser(
        actor="console:test", username="m.reid", display_name="DCS M. Reid",
        email="m.reid@rocu.example", roles=["staff"], clearance="official-sensitive",
        password=DEMO_PASSWORD,
    ))  # fmt: skip
    admin = client_as(app, "admin")
    handed = post(admin, "/act/assign-post?post_id=head-of-intelligence",
                  {"post_id": "head-of-intelligence", "holder": "m.reid", "note": "Promoted."})  # fmt: skip
    assert handed.status_code == 302, handed.get_data(as_text=True)
    # SR-1 is the post's (its monitoring review); SR-2, WTM-1 and MON-1 stay with the person
    # who authorised and decided them.
    assert home_items(client_as(app, "m.reid")) == {"SR-1"}
    assert home_items(client_as(app, "s.ellis")) == {"SR-2", "WTM-1", "MON-1"}


def test_an_owner_who_is_neither_person_nor_post_is_refused_beside_the_field(fresh):
    app, _ = fresh
    page = post(client_as(app, "j.owens"), "/act/raise-learning-action", {
        "learning_point": "LP-2", "description": "Keep the same staff.", "owner": "HR business partner",
        "due_on": "2027-03-31", "overseeing_board": "Gold recovery board", "marking": "",
    })  # fmt: skip
    assert page.status_code == 422
    said = html.unescape(page.get_data(as_text=True))
    assert "'HR business partner' is neither a person" in said
    assert 'value="HR business partner"' in said  # what was typed is kept


def test_who_owns_decides_or_holds_is_chosen_from_a_list_of_people_and_posts(demo_app):
    decision = html.unescape(
        client_as(demo_app, "acc.morgan").get("/act/record-decision").get_data(as_text=True)
    )
    assert 'list="decision_maker-choices"' in decision
    listed = re.search(r'<datalist id="decision_maker-choices">(.*?)</datalist>', decision)[1]
    assert '<option value="s.ellis">DCS S. Ellis (s.ellis)</option>' in listed
    assert ('<option value="post:head-of-intelligence">Head of Intelligence (DCS S. Ellis)'
            "</option>") in listed  # fmt: skip
    assert 'list="forum-choices"' not in decision  # a forum is a choice of its own
    admin = client_as(demo_app, "admin")
    assign = html.unescape(admin.get("/act/assign-post").get_data(as_text=True))
    held = re.search(r'<datalist id="holder-choices">(.*?)</datalist>', assign)[1]
    assert 'value="k.hughes"' in held and "post:" not in held  # a post is held by a person
    forum = html.unescape(admin.get("/act/establish-forum").get_data(as_text=True))
    chairs = re.search(r'<datalist id="chair_post-choices">(.*?)</datalist>', forum)[1]
    assert '<option value="rttcg-chair">RTTCG chair (ACC Alex Morgan)</option>' in chairs
    assert 'value="s.ellis"' not in chairs  # a forum is chaired by a post
