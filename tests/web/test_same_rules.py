"""One refused action, taken through a page, the API and the console: the same refusal.

The rules on who may act live below the web (``tracker.service.rules``); these tests prove
the three ways in ask them and say what they say.
"""

from __future__ import annotations

import html
import json

import pytest
from click.testing import CliRunner

from tests.web.test_act import client_as, errors_of, post
from tests.web.test_api import token_of
from tracker.cli.main import main
from tracker.kernel.errors import ItemNotFound

FORUM_REFUSAL = "you do not sit on RTTCG (your forums: weekly tasking meeting)"
# An RTTCG decision, recorded by the Head of Intelligence, who sits on the weekly meeting only.
DECISION = {
    "marking": "OFFICIAL", "forum": "RTTCG", "meeting": "RTTCG December",
    "decided_at": "2026-11-26T10:00", "decision_maker": "DCS S. Ellis",
    "information_and_intelligence": "a", "threat_and_risk": "b", "powers_and_policy": "c",
    "action_chosen": "d", "review_on": "2026-12-20", "outcome": "approved",
}  # fmt: skip
OPTIONS = [{"option": "Do nothing", "rejected_because": "leaves the risk"}]


def console(tracker, *args: str):
    return CliRunner().invoke(
        main, ["act", *args], env={"TRACKER_DATABASE_URL": tracker.database_url}
    )


def test_a_decision_for_a_forum_the_user_does_not_sit_on_is_refused_alike_everywhere(fresh):
    app, tracker = fresh

    page = post(client_as(app, "s.ellis"), "/act/record-decision",
                DECISION | {"options_considered": "Do nothing | leaves the risk"})  # fmt: skip
    _, header = token_of(app, "s.ellis")
    api = app.test_client().post("/api/v1/actions/record-decision", headers=header,
                                 json=DECISION | {"options_considered": OPTIONS})  # fmt: skip
    cli = console(tracker, "record-decision", "--as", "s.ellis",
                  "--json", json.dumps(DECISION | {"options_considered": OPTIONS}))  # fmt: skip

    assert page.status_code == 422
    assert ("forum", FORUM_REFUSAL) in errors_of(page.get_data(as_text=True))
    assert api.status_code == 422 and api.get_json() == {
        "error": f"forum: {FORUM_REFUSAL}",
        "field": "forum",
    }
    assert cli.exit_code == 2 and cli.output == f"Error: forum: {FORUM_REFUSAL}\n"
    with pytest.raises(ItemNotFound):
        tracker.item("RTTCG-1")


def test_an_action_outside_the_users_roles_is_refused_alike_everywhere(fresh):
    app, tracker = fresh
    refusal = "your roles do not allow you to accept tasking (it needs: decide)"

    page = client_as(app, "r.khan").get("/act/accept-tasking?reference=TSK-1")
    _, header = token_of(app, "r.khan")
    api = app.test_client().post("/api/v1/actions/accept-tasking", headers=header,
                                 json={"reference": "TSK-1", "rationale": "x"})  # fmt: skip
    cli = console(tracker, "accept-tasking", "--as", "r.khan", "reference=TSK-1", "rationale=x")

    assert page.status_code == 403 and refusal in html.unescape(page.get_data(as_text=True))
    assert api.status_code == 403 and api.get_json() == {"error": refusal}
    assert cli.exit_code == 2 and cli.output == f"Error: {refusal}\n"
    assert tracker.item("TSK-1").state == "in progress"


def test_an_item_above_the_users_clearance_is_not_there_for_them_anywhere(fresh):
    app, tracker = fresh  # SR-2 is OFFICIAL-SENSITIVE; the debrief lead holds OFFICIAL only
    step = {"reference": "SR-2", "note": "Seen."}

    page = client_as(app, "j.owens").get("/act/record-review?reference=SR-2")
    _, header = token_of(app, "j.owens")
    api = app.test_client().post("/api/v1/actions/record-review", headers=header, json=step)
    cli = console(tracker, "record-review", "--as", "j.owens", "reference=SR-2", "note=Seen.")
    missing = console(tracker, "record-review", "--as", "j.owens", "reference=SR-99", "note=x")

    assert page.status_code == 404 and api.status_code == 404
    assert cli.exit_code == 2 and "SR-2" in cli.output
    assert cli.output == missing.output.replace("SR-99", "SR-2")  # said as for no item at all


def test_the_console_records_what_the_rules_allow_as_the_user_named(fresh):
    _, tracker = fresh
    result = console(tracker, "record-review", "--as", "j.owens", "reference=LP-1", "note=Seen.")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("recorded LP-1 (version ")
    assert [e.actor for e in tracker.trail("LP-1")][-1] == "j.owens"
