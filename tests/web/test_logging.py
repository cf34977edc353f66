"""Structured logs: a JSON object a line with the request id and acting user, and never a
password, a token, a form, a query string or an item's content; sign-ins are events."""

from __future__ import annotations

import io
import json
import logging

import pytest

from tests.web.conftest import csrf_token, sign_in
from tracker.accounts.account import UserAccount
from tracker.accounts.account_fields import account_reference
from tracker.accounts.commands import DeactivateUser, IssueApiToken
from tracker.accounts.sign_in_attempt import SignInAttempt
from tracker.accounts.tokens import new_token
from tracker.cli.demo_users import DEMO_PASSWORD
from tracker.kernel.references import item_id
from tracker.ops.logs import JSON, TEXT, configure_logging, log_format
from tracker.oversight.audit import audit_trail

SEARCH_TEXT = "haulage-operation-secret"


@pytest.fixture
def logged():
    """The root logger's lines, as configure_logging writes them in JSON, for one test."""
    stream = io.StringIO()
    configure_logging({"TRACKER_LOG_FORMAT": JSON}, stream=stream)
    root = logging.getLogger()
    yield stream
    for handler in [h for h in root.handlers if type(h).__name__ == "_TrackerHandler"]:
        root.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def requests_logged(stream: io.StringIO) -> list[dict]:
    return [line for line in lines(stream) if line["logger"] == "web.requests"]


def test_the_default_format_is_json_in_production_and_text_elsewhere():
    assert log_format({}) == TEXT
    assert log_format({"TRACKER_ENV": "production"}) == JSON
    assert log_format({"TRACKER_ENV": "production", "TRACKER_LOG_FORMAT": "text"}) == TEXT
    assert log_format({"TRACKER_LOG_FORMAT": "json"}) == JSON
    assert log_format({"TRACKER_LOG_FORMAT": "xml"}) == TEXT  # unknown: the default, said


def test_each_request_is_one_json_line_with_its_id_user_and_timing(fresh, logged):
    app, _ = fresh
    client = app.test_client()
    response = client.get("/sign-in")
    sign_in(client, "g.hale")
    client.get("/audit")
    found = requests_logged(logged)
    first = found[0]
    assert set(first) >= {"time", "level", "logger", "message", "request_id", "user", "method",
                          "path", "status", "duration_ms"}  # fmt: skip
    assert first["request_id"] == response.headers["X-Request-ID"]
    assert (first["method"], first["path"], first["status"], first["user"]) == (
        "GET", "/sign-in", 200, "-"
    )  # fmt: skip
    assert isinstance(first["duration_ms"], float)
    audit = [line for line in found if line["path"] == "/audit"]
    assert audit and audit[-1]["user"] == "g.hale" and audit[-1]["status"] == 200
    assert len({line["request_id"] for line in found}) == len(found)  # one id a request


def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(fresh, logged):
    app, _ = fresh
    client = app.test_client()
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a.42"
    for unsafe in ("two words", "x" * 65, "<script>", "id;X-Evil=1", "-leading-dash"):
        replaced = client.get("/healthz", headers={"X-Request-ID": unsafe})
        assert replaced.headers["X-Request-ID"] != unsafe
        assert len(replaced.headers["X-Request-ID"]) == 32
    said = logged.getvalue()
    assert "<script>" not in said and "two words" not in said and "X-Evil" not in said
    assert next(line["request_id"] for line in requests_logged(logged)) == "lb-7f3a.42"


def test_no_password_token_form_query_string_or_item_content_is_logged(fresh, logged):
    app, tracker = fresh
    token_id, secret = new_token()
    issued = IssueApiToken(actor="g.hale", username="g.hale", label="logs", token_id=token_id,
                           secret=secret)  # fmt: skip
    tracker.handle(issued)
    client = app.test_client()
    sign_in(client, "g.hale")
    assert client.get(f"/audit?item=SR-2&user={SEARCH_TEXT}").status_code == 200
    staff = app.test_client()
    sign_in(staff, "r.khan")
    received = staff.post("/act/receive-support-request", data={
        "csrf_token": csrf_token(staff, "/sign-in"), "marking": "OFFICIAL",
        "channel": "gateway", "requester": "West Mercia Police", "received_on": "2026-11-20",
        "title": "Covert support for a haulage operation", "description": "Needed urgently.",
    })  # fmt: skip
    assert received.status_code == 302, received.get_data(as_text=True)
    bearer = {"Authorization": f"Bearer {issued.bearer}"}
    assert app.test_client().get("/api/v1/me", headers=bearer).status_code == 200
    said = logged.getvalue()
    for secret_text in (DEMO_PASSWORD, issued.bearer, secret, SEARCH_TEXT, "Covert support",
                        "Needed urgently", "West Mercia"):  # fmt: skip
        assert secret_text not in said, secret_text
    api_line = next(line for line in requests_logged(logged) if line["path"] == "/api/v1/me")
    assert api_line["user"] == "g.hale"  # the token's holder
    assert any(line["path"] == "/audit" for line in requests_logged(logged))


def test_lines_logged_while_a_request_runs_carry_its_id_and_user(fresh, logged):
    app, _ = fresh
    client = app.test_client()
    response = sign_in(client, "g.hale")
    signed = next(line for line in lines(logged) if line["message"] == "signed in")
    assert signed["user"] == "g.hale"
    assert signed["request_id"] == response.headers["X-Request-ID"]
    sign_in(app.test_client(), "g.hale", "not the password")
    refused = next(line for line in lines(logged) if line["message"] == "sign-in refused")
    assert refused["user"] == "-" and refused["level"] == "WARNING"


def sign_in_events(tracker, start: int) -> list:
    return [
        tracker.mapper.to_domain_event(n)
        for n in tracker.recorder.select_notifications(start=start + 1, limit=100)
        if n.topic in ("SignedIn", "SignInRefused")
    ]


def test_sign_ins_let_in_and_refused_are_recorded_as_events(fresh):
    app, tracker = fresh
    tracker.handle(DeactivateUser(actor="a.admin", username="v.ward", reason="left the unit"))
    start = tracker.position()
    sign_in(app.test_client(), "g.hale")
    sign_in(app.test_client(), "g.hale", "not the password")
    sign_in(app.test_client(), "  Nobody.Here ", "whatever it is")
    sign_in(app.test_client(), "v.ward")
    sign_in(app.test_client(), "Demo tracker password!", "typed in the wrong field")
    recorded = sign_in_events(tracker, start)
    assert [
        (type(e).__name__, e.username, e.actor, getattr(e, "reason", "")) for e in recorded
    ] == [
        ("SignedIn", "g.hale", "g.hale", ""),
        ("SignInRefused", "g.hale", "anonymous", "wrong password"),
        ("SignInRefused", "nobody.here", "anonymous", "no such account"),
        ("SignInRefused", "v.ward", "anonymous", "account deactivated"),
        # A name that could be nobody's is most often a password: it is not kept.
        ("SignInRefused", "(not a username)", "anonymous", "no such account"),
    ]
    # Each attempt is a record of its own: no account was made for a name nobody holds.
    assert not tracker.recorder.select_events(item_id(account_reference("nobody.here")))
    assert {type(tracker.repository.get(e.originator_id)) for e in recorded} == {SignInAttempt}
    assert tracker.verify().intact  # appended to the chain like every event


def test_sign_ins_show_in_the_governance_audit_trail(fresh):
    app, tracker = fresh
    start = tracker.position()
    sign_in(app.test_client(), "g.hale", "not the password")
    sign_in(app.test_client(), "g.hale")
    views = app.extensions["tracker"].views
    views.catch_up()
    entries = audit_trail(views.engine, sensitive_cleared=True, up_to_position=None, page=1,
                          per_page=1000)  # fmt: skip
    shown = [(e.label, e.actor, e.reference, e.kind, e.why) for e in entries if e.position > start]
    assert shown == [
        ("Sign-in refused", "anonymous", "USER/g.hale", UserAccount.KIND, "wrong password"),
        ("Signed in", "g.hale", "USER/g.hale", UserAccount.KIND, ""),
    ]
    client = app.test_client()
    sign_in(client, "g.hale")
    page = client.get("/audit?event=SignInRefused").get_data(as_text=True)
    assert "Sign-in refused" in page and "wrong password" in page
