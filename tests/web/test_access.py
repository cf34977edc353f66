"""Every URL rule of the app, for every role and clearance: a new route without the right
check fails here, and undeclared routes are refused to everyone by the guard itself."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.web.conftest import csrf_token, sign_in
from tracker.accounts.commands import IssueApiToken
from tracker.accounts.roles import ADMINISTER, AUDIT, DEBRIEF_LEAD, PERMISSIONS, READ
from tracker.accounts.tokens import new_token
from tracker.cli.demo_users import DEMO_USERS
from tracker.service.catalogue import ACTIONS
from web.access import PUBLIC, SIGNED_IN, needs

# The permission each endpoint needs. A new endpoint must be added here, deliberately.
EXPECTED = {
    "static": PUBLIC,
    "health.alive": PUBLIC,
    "health.ready": PUBLIC,
    "admin.users": ADMINISTER,
    "posts.posts": ADMINISTER,
    "forums.forums": ADMINISTER,
    "notifications.mine": SIGNED_IN,
    "notifications.failed": ADMINISTER,
    "pages.home": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.sign_out": SIGNED_IN,
    "boards.board": READ,
    "items.item": READ,
    "act.act": "the action's own",
    "oversight.reviews": READ,
    "oversight.agenda": READ,
    "oversight.figures": READ,
    "account.account": SIGNED_IN,
    "account.password": SIGNED_IN,
    "account.tokens": SIGNED_IN,
    "account.revoke": SIGNED_IN,
    "api.openapi": SIGNED_IN,
    "api.me": SIGNED_IN,
    "api.act": "the action's own",
    "api.board": READ,
    "api.item": READ,
    "api.timeline": READ,
    "api.reviews": READ,
    "api.agenda": READ,
    "api.figures": READ,
    "audit.search_trail": AUDIT,
    "audit.export_trail": AUDIT,
    "audit.verify_chain": AUDIT,
}
# Values to fill each rule's arguments with; every value is tried.
SAMPLES = {
    "name": ["tasking", "support", "register", "learning", "debriefs"],
    "reference": ["TSK-1", "SR-1", "SR-2", "WTM-1", "LP-1", "LA-1", "DEB-1"],
    "filename": ["tracker.css"],
    "slug": list(ACTIONS),
    "file_type": ["csv", "json", "pdf"],
}
# An item of each kind for the actions that are steps of one (None: a step of any item).
STEP_SAMPLES = {"tasking": "TSK-1", "support request": "SR-1", "decision": "WTM-1",
                "debrief": "DB-1", "learning action": "LA-1", None: "TSK-1"}  # fmt: skip
USERS = {username: (roles, clearance) for username, _, roles, clearance, _ in DEMO_USERS}
ANONYMOUS = None


def urls(app: Flask) -> list[tuple[str, str, str]]:
    """Every (endpoint, method, url) the app serves, arguments filled from SAMPLES."""
    found = []
    for rule in app.url_map.iter_rules():
        missing = set(rule.arguments) - set(SAMPLES)
        assert not missing, f"{rule.rule}: add sample values for {missing} to SAMPLES"
        fillings = [{}]
        for argument in sorted(rule.arguments):
            fillings = [f | {argument: value} for f in fillings for value in SAMPLES[argument]]
        method = "GET" if "GET" in rule.methods else "POST"
        for filling in fillings:
            action = ACTIONS.get(filling.get("slug", ""))
            if action is not None and action.is_step:
                filling["reference"] = STEP_SAMPLES[action.step_of]
            with app.test_request_context():
                found.append((rule.endpoint, method, app.url_for(rule.endpoint, **filling)))
    return found


def needed_by(endpoint: str, url: str) -> str | frozenset[str]:
    """What opening ``url`` needs: the endpoint's permission, or its action's own."""
    if EXPECTED[endpoint] != "the action's own":
        return EXPECTED[endpoint]
    return ACTIONS[url.split("/act")[-1].split("/")[1].split("?")[0]].needs


def permissions_of(username: str | None) -> set[str]:
    if username is None:
        return set()
    roles, _ = USERS[username]
    return set().union(*(PERMISSIONS[role] for role in roles))


def fetch(client, method: str, url: str, token: str | None = None):
    """GET or POST ``url`` as the client's user: the API with their bearer token."""
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(url, method=method, headers=headers, json={})
    elif method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client, "/sign-in")})
    response.get_data()
    response.close()  # a static file's handle is closed only with its response
    return response


def client_of(app: Flask, username: str | None):
    client = app.test_client()
    if username is not None:
        assert sign_in(client, username).status_code == 302
    return client


def test_every_endpoint_declares_the_permission_this_table_expects(demo_app):
    declared = {
        endpoint: getattr(view, "needs", "nothing declared")
        for endpoint, view in demo_app.view_functions.items()
        if endpoint != "static"
    }
    own = {k: SIGNED_IN if v == "the action's own" else v for k, v in EXPECTED.items()}
    assert declared == {k: v for k, v in own.items() if k != "static"}


@pytest.fixture(scope="module")
def tokens(demo_tracker) -> dict[str, str]:
    """A bearer token for each demo user, for the API's rules."""
    made = {}
    for username in USERS:
        token_id, secret = new_token()
        issued = IssueApiToken(actor=username, username=username, label="route test",
                               token_id=token_id, secret=secret)  # fmt: skip
        demo_tracker.handle(issued)
        made[username] = issued.bearer
    return made


@pytest.mark.parametrize("username", [ANONYMOUS, *USERS])
def test_each_role_opens_exactly_what_its_permissions_allow(demo_app, tokens, username):
    held, client = permissions_of(username), client_of(demo_app, username)
    # GETs first: a POST (signing out) may end the session.
    for endpoint, method, url in sorted(urls(demo_app), key=lambda u: u[1] != "GET"):
        needed = needed_by(endpoint, url)
        response = fetch(client, method, url, tokens.get(username))
        where = f"{username} {method} {url} ({needed}): {response.status_code}"
        allowed = (
            needed == SIGNED_IN
            or needed in held
            or (isinstance(needed, frozenset) and needed & held)
        )
        if needed == PUBLIC:
            assert response.status_code in (200, 302), where
            assert "/sign-in?next" not in response.headers.get("Location", ""), where
        elif username is None and url.startswith("/api/"):
            assert response.status_code == 401, where
        elif username is None:
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/sign-in?next="), where
        elif allowed:  # 404: above clearance; 400, 409, 422: the empty input refused
            assert response.status_code not in (401, 403) and response.status_code < 500, where
        else:
            assert response.status_code == 403, where


def test_the_api_ignores_a_signed_in_session(demo_app):
    client = client_of(demo_app, "g.hale")
    for _, method, url in urls(demo_app):
        if url.startswith("/api/"):
            assert fetch(client, method, url).status_code == 401, url


def sensitive_references(tracker) -> set[str]:
    events = [tracker.mapper.to_domain_event(n)
              for n in tracker.recorder.select_notifications(start=None, limit=100_000)]  # fmt: skip
    references = {e.reference for e in events if hasattr(e, "marking") and hasattr(e, "reference")}
    return {r for r in references if tracker.item(r).marking == "OFFICIAL-SENSITIVE"}


def test_a_reader_without_clearance_finds_no_sensitive_item_on_any_page(
    demo_app, demo_tracker, tokens
):
    hidden = sensitive_references(demo_tracker)
    assert hidden, "the demo has OFFICIAL-SENSITIVE items"
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(hidden))) + r")\b")
    client = demo_app.test_client()
    sign_in(client, "v.ward")
    for endpoint, method, url in urls(demo_app):
        if method != "GET" or endpoint == "static":
            continue
        response = fetch(client, "GET", url, tokens["v.ward"])  # the API by v.ward's token
        page = response.get_data(as_text=True)
        if any(f"/{reference}" in url for reference in hidden):
            assert response.status_code == 404, url  # as if it did not exist
        assert not pattern.search(page), f"{url} shows {pattern.search(page).group(0)}"
    cleared = demo_app.test_client()
    sign_in(cleared, "g.hale")
    assert all(cleared.get(f"/items/{reference}").status_code == 200 for reference in hidden)


def test_a_route_added_without_a_permission_is_refused_to_everyone(demo_tracker):
    from tests.web.conftest import make_app

    app = make_app(demo_tracker)
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    app.add_url_rule("/declared", "declared", needs(DEBRIEF_LEAD)(lambda: "fine"))
    client = app.test_client()
    sign_in(client, "g.hale")
    assert client.get("/forgotten").status_code == 403
    app.extensions["tracker"].views.close()
