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
from tracker.accounts.commands import RegisterUser
from tracker.cli.demo_users import DEMO_PASSWORD
from tracker.cli.main import main
from tracker.forums.catalogue import STANDARD
from tracker.kernel.errors import ItemNotFound
from tracker.learning.commands import (
    ImplementLearningAction,
    NoteLearningActionProgress,
    RaiseLearningAction,
)

FORUMS = STANDARD.names

FORUM_REFUSAL = (
    "you do not sit on RTTCG (your forums: HoI-ROCC monitoring meeting, weekly tasking meeting)"
)
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
        tracker.item("RTTCG-2")  # the demo's RTTCG-1 accepted its tasking


# A decision maker who sits on the Gold command meeting and no other forum.
GOLD_ONLY = "c.gold"
# Every decision of a forum other than Gold: (action, its input, the forum deciding).
NEW_DECISIONS = [
    ("record-decision", DECISION | {"forum": forum, "options_considered": OPTIONS}, forum)
    for forum in FORUMS
    if forum != "Gold command meeting"
]
DECISION_STEPS = [
    (slug, {"reference": reference, **given}, forum)
    for reference, forum in (("WTM-1", "weekly tasking meeting"), ("RTTCG-1", "RTTCG"))
    for slug, given in (
        ("put-decision-under-review", {"note": "New intelligence."}),
        ("vary-decision", {"variation": "Narrower.", "rationale": "Cost."}),
        ("rescind-decision", {"reason": "Made in error."}),
        ("conclude-decision", {"note": "Done."}),
    )
]
FORUM_DECISIONS = [
    *NEW_DECISIONS,
    *DECISION_STEPS,
    ("refer-back-tasking", {"reference": "TSK-1", "rationale": "Unclear."}, "RTTCG"),
    ("record-decision", DECISION | {"forum": "weekly tasking meeting", "subject_reference": "SR-1",
                                    "options_considered": OPTIONS}, "weekly tasking meeting"),
]  # fmt: skip


def as_form(given: dict) -> dict:
    options = given.get("options_considered")
    if options is None:
        return given
    lines = "\n".join(f"{o['option']} | {o['rejected_because']}" for o in options)
    return given | {"options_considered": lines}


def refused_by_page(app, tracker, slug: str, given: dict, user: str = GOLD_ONLY) -> str:
    reference = given.get("reference")
    url = f"/act/{slug}" + (f"?reference={reference}" if reference else "")
    fields = {k: v for k, v in as_form(given).items() if k != "reference"}
    page = post(client_as(app, user), url, fields)
    assert page.status_code == 422, (slug, page.status_code)
    return html.unescape(page.get_data(as_text=True))


def refused_by_api(app, tracker, slug: str, given: dict, user: str = GOLD_ONLY) -> str:
    _, header = token_of(app, user)
    api = app.test_client().post(f"/api/v1/actions/{slug}", headers=header, json=given)
    assert api.status_code == 422, (slug, api.status_code)
    return api.get_json()["error"]


def refused_by_console(app, tracker, slug: str, given: dict, user: str = GOLD_ONLY) -> str:
    cli = console(tracker, slug, "--as", user, "--json", json.dumps(given))
    assert cli.exit_code == 2, (slug, cli.output)
    return cli.output


ROUTES = [refused_by_page, refused_by_api, refused_by_console]


@pytest.mark.parametrize("route", ROUTES)
def test_a_member_of_another_forum_is_refused_every_decision_of_a_forum_alike(fresh, route):
    app, tracker = fresh
    tracker.handle(RegisterUser(
        actor="console:test", username=GOLD_ONLY, display_name="Ch Supt C. Gold",
        email="c.gold@rocu.example", roles=["decision-maker", "staff"],
        clearance="official-sensitive", forums=["Gold command meeting"], password=DEMO_PASSWORD,
    ))  # fmt: skip
    before = tracker.position()
    for slug, given, forum in FORUM_DECISIONS:
        said = route(app, tracker, slug, given)
        assert f"you do not sit on {forum} (your forums: Gold command meeting)" in said, slug
    # Signing in and issuing the token are all that was recorded.
    recorded = {n.topic for n in tracker.recorder.select_notifications(before + 1, limit=1000)}
    assert recorded <= {"SignedIn", "ApiTokenIssued"}, recorded


def test_an_action_outside_the_users_roles_is_refused_alike_everywhere(fresh):
    app, tracker = fresh
    refusal = "your roles do not allow you to refer back tasking (it needs: decide)"

    page = client_as(app, "r.khan").get("/act/refer-back-tasking?reference=TSK-1")
    _, header = token_of(app, "r.khan")
    api = app.test_client().post("/api/v1/actions/refer-back-tasking", headers=header,
                                 json={"reference": "TSK-1", "rationale": "x"})  # fmt: skip
    cli = console(tracker, "refer-back-tasking", "--as", "r.khan", "reference=TSK-1", "rationale=x")

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


def implemented_action(tracker, owner: str) -> str:
    """An action on the demo's LP-2, owned by ``owner`` and implemented by the debrief lead."""
    raised = tracker.handle(RaiseLearningAction(
        actor="j.owens", learning_point="LP-2", owner=owner, description="Keep the same staff.",
        due_on="2027-03-31", overseeing_board="Gold recovery board",
    ))  # fmt: skip
    tracker.handle(NoteLearningActionProgress(actor="j.owens", reference=raised.reference,
                                              note="Rota drafted."))  # fmt: skip
    tracker.handle(ImplementLearningAction(actor="j.owens", reference=raised.reference,
                                           evidence="Rota in force."))  # fmt: skip
    return raised.reference


@pytest.mark.parametrize("route", ROUTES)
def test_an_owner_cannot_validate_her_own_action_and_only_the_board_can_alike(fresh, route):
    app, tracker = fresh
    tracker.handle(RegisterUser(
        actor="console:test", username=GOLD_ONLY, display_name="Ch Supt C. Gold",
        email="c.gold@rocu.example", roles=["decision-maker"],
        clearance="official-sensitive", forums=["Gold command meeting"], password=DEMO_PASSWORD,
    ))  # fmt: skip
    owned_by_gold = implemented_action(tracker, owner="acc.morgan")
    validation = {"reference": owned_by_gold, "note": "Checked."}

    said = route(app, tracker, "validate-learning-action", validation, user="acc.morgan")
    assert "acc.morgan owns the action; its validator must be independent of it" in said
    said = route(app, tracker, "validate-learning-action", validation, user=GOLD_ONLY)
    assert "you do not sit on Gold recovery board" in said
    assert tracker.item(owned_by_gold).state == "implemented"

    owned_by_lead = implemented_action(tracker, owner="j.owens")
    done = console(tracker, "validate-learning-action", "--as", "acc.morgan",
                   f"reference={owned_by_lead}", "note=Checked.")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert tracker.item(owned_by_lead).validated_by == "acc.morgan"
