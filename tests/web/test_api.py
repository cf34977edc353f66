"""The JSON API: bearer tokens only, the same rules as the forms, clearance, JSON errors."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import NEW_REQUEST, csrf_token, sign_in


@pytest.fixture
def app(fresh):
    return fresh[0]


def token_of(app, username: str) -> tuple[object, dict[str, str]]:
    """Signs in, makes a token on the account page as a user would; the client and header."""
    client = app.test_client()
    sign_in(client, username)
    page = client.post("/account/tokens", data={"token-label": "tests",
                                                "csrf_token": csrf_token(client, "/account/")})  # fmt: skip
    bearer = re.search(r'<code class="token">([^<]+)</code>', page.get_data(as_text=True)).group(1)
    return client, {"Authorization": f"Bearer {bearer}"}


def test_a_token_made_on_the_account_page_works_until_revoked(app):
    client, header = token_of(app, "r.khan")
    api = app.test_client()
    assert api.get("/api/v1/me", headers=header).get_json()["username"] == "r.khan"
    token_id = header["Authorization"].rsplit(".", 2)[1]
    client.post("/account/tokens/revoke", data={"token_id": token_id,
                                                "csrf_token": csrf_token(client, "/account/")})  # fmt: skip
    refused = api.get("/api/v1/me", headers=header)
    assert refused.status_code == 401 and refused.get_json() == {
        "error": "a valid bearer token is required"
    }
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_browser_session_alone_does_not_open_the_api(app):
    client = app.test_client()
    sign_in(client, "g.hale")
    assert client.get("/api/v1/boards/support").status_code == 401
    assert (
        client.post("/api/v1/actions/receive-support-request", json=NEW_REQUEST).status_code == 401
    )


def test_an_action_is_checked_by_the_same_rules_as_its_form(app):
    _, header = token_of(app, "r.khan")
    api = app.test_client()
    created = api.post("/api/v1/actions/receive-support-request", json=NEW_REQUEST, headers=header)
    assert created.status_code == 201 and created.get_json()["reference"] == "SR-4"
    board = api.get("/api/v1/boards/support", headers=header).get_json()["rows"]
    assert "SR-4" in [row["reference"] for row in board]  # read-your-writes
    missing = api.post("/api/v1/actions/receive-support-request",
                       json={**NEW_REQUEST, "channel": "pigeon"}, headers=header)  # fmt: skip
    assert missing.status_code == 422 and missing.get_json()["field"] == "channel"
    unknown = api.post("/api/v1/actions/receive-support-request",
                       json={**NEW_REQUEST, "actor": "someone.else"}, headers=header)  # fmt: skip
    assert unknown.status_code == 422 and unknown.get_json()["field"] == "actor"
    step = {
        "reference": "SR-4",
        "significant_impact": False,
        "note": "Local.",
        "expected_version": 1,
    }
    assert (
        api.post("/api/v1/actions/assess-support-request", json=step, headers=header).status_code
        == 201
    )
    stale = api.post("/api/v1/actions/assess-support-request", json=step, headers=header)
    assert stale.status_code == 409 and "changed by someone else" in stale.get_json()["error"]
    forbidden = api.post("/api/v1/actions/refer-back-tasking",
                         json={"reference": "TSK-1", "rationale": "x"}, headers=header)  # fmt: skip
    assert forbidden.status_code == 403


def test_a_token_holder_without_clearance_gets_no_sensitive_item_from_any_query(app):
    _, header = token_of(app, "v.ward")
    api = app.test_client()
    for board in ("tasking", "support", "register", "learning", "debriefs"):
        rows = api.get(f"/api/v1/boards/{board}", headers=header).get_json()["rows"]
        assert all(row["marking"] == "OFFICIAL" for row in rows), board
    assert api.get("/api/v1/items/SR-2", headers=header).status_code == 404
    assert api.get("/api/v1/items/SR-2/timeline", headers=header).status_code == 404
    for url in ("/api/v1/reviews", "/api/v1/agenda", "/api/v1/figures", "/api/v1/boards/support"):
        assert "SR-2" not in api.get(url, headers=header).get_data(as_text=True), url
    cleared = token_of(app, "g.hale")[1]
    assert (
        api.get("/api/v1/items/SR-2", headers=cleared).get_json()["marking"] == "OFFICIAL-SENSITIVE"
    )


def nested(depth: int) -> list:
    """A list ``depth`` levels deep, around one string."""
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value  # type: ignore[return-value]


@pytest.mark.parametrize("request_kwargs, status", [
    ({"data": "not json", "content_type": "application/json"}, 400),
    ({"json": ["a", "list"]}, 400),
    ({"data": "x" * 2_000_000, "content_type": "application/json"}, 413),
    # Brackets a million deep would run Python's own parser out of stack (a 500 once).
    ({"data": "[" * 500_000 + "]" * 500_000, "content_type": "application/json"}, 400),
    ({"json": {"title": nested(33)}}, 400),  # 34 deep with the body itself
    ({"data": b"\xff\xfe{", "content_type": "application/json"}, 400),
])  # fmt: skip
def test_bad_bodies_get_json_errors(app, request_kwargs, status):
    _, header = token_of(app, "r.khan")
    response = app.test_client().post("/api/v1/actions/receive-support-request",
                                        headers=header, **request_kwargs)  # fmt: skip
    assert response.status_code == status and "error" in response.get_json()


def test_a_version_beyond_any_items_is_refused_beside_the_field_not_overflowed(app):
    _, header = token_of(app, "r.khan")
    response = app.test_client().post(
        "/api/v1/actions/assess-support-request", headers=header,
        json={"reference": "SR-1", "expected_version": 2**63, "significant_impact": False,
              "note": "n"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.get_json() == {
        "error": "expected_version: must be a whole number from 1 to 2147483647",
        "field": "expected_version",
    }


def test_a_method_an_address_does_not_take_says_which_it_does(app):
    _, header = token_of(app, "r.khan")
    client = app.test_client()
    api = client.get("/api/v1/actions/receive-support-request", headers=header)
    assert api.status_code == 405 and api.headers["Allow"] == "OPTIONS, POST"
    assert "error" in api.get_json()
    page = client.delete("/sign-in")
    assert page.status_code == 405 and page.headers["Allow"] == "GET, HEAD, OPTIONS, POST"


def test_unknown_routes_and_bad_queries_answer_in_json(app):
    _, header = token_of(app, "g.hale")
    api = app.test_client()
    assert api.get("/api/v1/nowhere", headers=header).status_code == 404
    bad = api.get("/api/v1/boards/support?page=0", headers=header)
    assert bad.status_code == 400 and bad.get_json()["error"].startswith("page:")
