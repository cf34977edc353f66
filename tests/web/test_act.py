"""The action pages: a form for every command, refusals beside the field with the input kept,
conflicts named, input stored verbatim and shown inert, and the change visible at once."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import NEW_REQUEST, csrf_token, sign_in
from tracker.accounts.roles import PERMISSIONS
from tracker.cli.demo_users import DEMO_USERS
from tracker.service.catalogue import ACTIONS
from web.action_fields import input_fields

HOSTILE = "<script>alert('x')</script><b>bold</b>'; DROP TABLE stored_events; --"
REQUEST = NEW_REQUEST


def client_as(app, username: str):
    client = app.test_client()
    assert sign_in(client, username).status_code == 302
    return client


def post(client, url: str, data: dict):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})


def errors_of(page: str) -> list[str]:
    return re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]*)</p>', page)


def someone_allowed(action) -> str:
    return next(user for user, _, roles, _, _ in DEMO_USERS
                if action.needs & set().union(*(PERMISSIONS[r] for r in roles)))  # fmt: skip


SAMPLE_ITEMS = {"tasking": "TSK-1", "support request": "SR-1", "decision": "WTM-1",
                "debrief": "DB-1", "learning action": "LA-1", None: "TSK-1"}  # fmt: skip


@pytest.fixture(scope="module")
def clients(demo_app):
    """One signed-in client per demo user, made when first asked for."""
    made = {}

    def of(username: str):
        if username not in made:
            made[username] = client_as(demo_app, username)
        return made[username]

    return of


@pytest.mark.parametrize("slug", sorted(ACTIONS))
def test_every_action_has_a_form_with_a_labelled_field_for_each_input(clients, slug):
    action = ACTIONS[slug]
    client = clients(someone_allowed(action))
    url = f"/act/{slug}" + (f"?reference={SAMPLE_ITEMS[action.step_of]}" if action.is_step else "")
    page = client.get(url).get_data(as_text=True)
    assert f"<h1>{action.title}</h1>" in page
    with client.application.app_context():  # a forum's options are read from the forums list
        fields = input_fields(action)
    for field in fields:
        assert f'<label for="{field.name}">' in page, field.name
    assert 'name="csrf_token"' in page


def test_a_recorded_request_is_on_the_next_page_and_the_board_at_once(fresh):
    app, _ = fresh
    client = client_as(app, "r.khan")
    response = post(client, "/act/receive-support-request", REQUEST)
    assert response.status_code == 302 and response.headers["Location"] == "/items/SR-4"
    page = client.get("/items/SR-4").get_data(as_text=True)
    assert "Recorded: SR-4." in page and "Covert support" in page
    assert "SR-4" in client.get("/boards/support").get_data(as_text=True)


def test_a_refusal_is_shown_beside_its_field_and_what_was_typed_is_kept(fresh):
    app, tracker = fresh
    client = client_as(app, "r.khan")
    signed_in = tracker.position()  # the sign-in itself is recorded
    response = post(
        client,
        "/act/receive-support-request",
        REQUEST | {"description": "", "requester": "Kept Police"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_of(page) == [("description", "This field is required.")]
    assert 'value="Kept Police"' in page and "There is a problem" in page
    domain = post(client, "/act/receive-support-request", REQUEST | {"requester": "x" * 300})
    assert (
        domain.status_code == 422 and errors_of(domain.get_data(as_text=True))[0][0] == "requester"
    )
    assert tracker.position() == signed_in  # nothing recorded by either


def test_a_form_opened_before_someone_elses_change_is_refused_naming_it(fresh):
    app, _ = fresh
    khan, ellis = client_as(app, "r.khan"), client_as(app, "s.ellis")
    url = "/act/record-review?reference=TSK-1"
    opened_form = khan.get(url).get_data(as_text=True)
    version = re.search(r'name="expected_version" type="hidden" value="(\d+)"', opened_form).group(
        1
    )
    assert (
        post(ellis, url, {"note": "Looked at it.", "expected_version": version}).status_code == 302
    )
    response = post(khan, url, {"note": "My typed note", "expected_version": version})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "s.ellis recorded ReviewRecorded" in page and "My typed note" in page


def test_script_html_and_sql_are_stored_verbatim_and_shown_inert(fresh):
    app, tracker = fresh
    client = client_as(app, "r.khan")
    assert (
        post(client, "/act/receive-support-request", REQUEST | {"title": HOSTILE}).status_code
        == 302
    )
    assert tracker.item("SR-4").title == HOSTILE
    for url in ["/items/SR-4", "/boards/support"]:
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_oversized_input_is_refused_with_a_clear_message(fresh):
    app, _ = fresh
    client = client_as(app, "r.khan")
    too_long = post(client, "/act/receive-support-request", REQUEST | {"description": "x" * 60_000})
    assert ("description", "Field cannot be longer than 50000 characters.") in errors_of(
        too_long.get_data(as_text=True)
    )
    huge = post(client, "/act/receive-support-request", REQUEST | {"description": "x" * 2_000_000})
    assert huge.status_code == 413 and "at most 1 MB" in huge.get_data(as_text=True)


def test_a_reader_cannot_create_or_name_what_they_could_not_see(fresh):
    app, tracker = fresh
    lead = client_as(app, "j.owens")  # debrief lead, OFFICIAL clearance only
    load_position = tracker.position()  # after the sign-in, which is recorded
    sensitive = post(lead, "/act/open-debrief", {"marking": "OFFICIAL-SENSITIVE", "kind": "hot debrief",
                                               "title": "T", "of_what": "X", "lead": "J", "held_on": "2026-11-01"})  # fmt: skip
    assert ("marking", "needs OFFICIAL-SENSITIVE clearance, which you do not hold") in errors_of(
        sensitive.get_data(as_text=True)
    )
    assert lead.get("/act/record-review?reference=SR-2").status_code == 404  # SR-2 is sensitive
    assert tracker.position() == load_position


def test_a_decision_maker_records_only_for_the_forums_they_sit_on(fresh):
    app, _ = fresh
    ellis = client_as(app, "s.ellis")  # sits on the weekly tasking meeting only
    decision = {"marking": "OFFICIAL", "forum": "RTTCG", "meeting": "RTTCG December",
                "decided_at": "2026-11-26T10:00", "decision_maker": "acc.morgan",
                "information_and_intelligence": "a", "threat_and_risk": "b", "powers_and_policy": "c",
                "options_considered": "Do nothing | leaves the risk", "action_chosen": "d",
                "review_on": "2026-12-20", "outcome": "approved", "retrospective": "y",
                "retrospective_reason": "Recorded after the meeting."}  # fmt: skip
    refused = post(ellis, "/act/record-decision", decision)
    assert (
        "forum",
        "you do not sit on RTTCG (your forums: HoI-ROCC monitoring meeting, "
        "weekly tasking meeting)",
    ) in errors_of(refused.get_data(as_text=True))
    morgan = client_as(app, "acc.morgan")
    assert post(morgan, "/act/record-decision", decision).headers["Location"] == "/items/RTTCG-2"
    assert (
        post(ellis, "/act/confirm-decision?reference=RTTCG-2", {"note": "Fine."}).status_code == 422
    )


def test_an_action_outside_the_readers_roles_is_forbidden(demo_app):
    assert client_as(demo_app, "v.ward").get("/act/receive-support-request").status_code == 403
    assert (
        client_as(demo_app, "r.khan").get("/act/refer-back-tasking?reference=TSK-1").status_code
        == 403
    )
    assert client_as(demo_app, "r.khan").get("/act/no-such-thing").status_code == 404


def test_the_item_page_offers_its_steps_and_new_items_made_from_it_prefilled(clients):
    morgan = clients("acc.morgan")
    page = morgan.get("/items/SR-2").get_data(as_text=True)
    assert "/act/record-decision?subject_reference=SR-2" in page
    assert "ratify-support-request" not in page  # the decision is the one path
    form = morgan.get("/act/record-decision?subject_reference=SR-2").get_data(as_text=True)
    assert re.search(r"<input id=\"subject_reference\"[^>]* value=\"SR-2\">", form)
    lead = clients("j.owens").get("/items/LP-1").get_data(as_text=True)
    assert "/act/raise-learning-action?learning_point=LP-1" in lead
