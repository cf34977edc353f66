"""Signing in and out: a fresh session, one message for every failure, limits, cookie flags."""

from __future__ import annotations

import pytest

from tests.cast import CastTracker
from tests.web.conftest import CSRF_TOKEN, csrf_token, make_app, sign_in
from tracker.accounts.commands import DeactivateUser
from web.auth import REFUSED
from web.settings import flask_settings


def test_signing_in_starts_a_new_session_and_lands_where_asked(demo_app):
    client = demo_app.test_client()
    assert client.get("/boards/tasking").headers["Location"] == "/sign-in?next=%2Fboards%2Ftasking"
    client.get("/sign-in")
    before = client.get_cookie("tracker").value
    response = client.post("/sign-in?next=%2Fboards%2Ftasking", data={
        "username": "r.khan", "password": "demo tracker password", "csrf_token": csrf_token(client)})  # fmt: skip
    assert response.headers["Location"] == "/boards/tasking"
    assert client.get_cookie("tracker").value != before
    assert "DC Rana Khan" in client.get("/").get_data(as_text=True)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(demo_app):
    answers = set()
    for username, password in [("r.khan", "not the password"), ("nobody.here", "not the password")]:
        client = demo_app.test_client()
        response = sign_in(client, username, password)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert REFUSED.replace("'", "&#39;") in page and "Sign in" in page
        answers.add(CSRF_TOKEN.sub("", page.replace(username, "NAME")))
    assert len(answers) == 1


def test_only_a_local_path_is_followed_after_signing_in(demo_app):
    for target in ["https://evil.example/", "//evil.example/x", "/\\evil.example"]:
        client = demo_app.test_client()
        response = client.post("/sign-in", query_string={"next": target}, data={
            "username": "r.khan", "password": "demo tracker password", "csrf_token": csrf_token(client)})  # fmt: skip
        assert response.headers["Location"] == "/", target


def test_a_form_without_its_csrf_token_is_refused(demo_app):
    client = demo_app.test_client()
    response = client.post(
        "/sign-in", data={"username": "r.khan", "password": "demo tracker password"}
    )
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert "DC Rana Khan" not in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_sign_in_attempts_are_limited(demo_tracker):
    app = make_app(demo_tracker, SIGN_IN_LIMIT="3 per minute")
    client = app.test_client()
    codes = [sign_in(client, "r.khan", "wrong password!").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Too many attempts" in sign_in(client, "r.khan").get_data(as_text=True)
    app.extensions["tracker"].views.close()


def attempts_from(app, client_address: str, count: int) -> list[int]:
    """Sign-in attempts by one client, as the proxy in front says who it is."""
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
    return [sign_in(client, "r.khan", "wrong password!").status_code for _ in range(count)]


def test_behind_a_trusted_proxy_each_client_has_its_own_sign_in_limit(demo_tracker):
    app = make_app(demo_tracker, SIGN_IN_LIMIT="2 per minute", TRUSTED_PROXIES=1)
    assert attempts_from(app, "10.1.1.1", 3) == [200, 200, 429]
    assert attempts_from(app, "10.2.2.2", 1) == [200]  # not counted with the proxy's others
    app.extensions["tracker"].views.close()


def test_without_a_trusted_proxy_a_forged_client_address_gains_nothing(demo_tracker):
    app = make_app(demo_tracker, SIGN_IN_LIMIT="2 per minute")
    assert attempts_from(app, "10.1.1.1", 2) == [200, 200]
    assert attempts_from(app, "10.2.2.2", 1) == [429]
    app.extensions["tracker"].views.close()


def test_a_trusted_proxies_setting_that_is_not_a_count_is_refused_by_name():
    with pytest.raises(ValueError, match="TRACKER_TRUSTED_PROXIES"):
        flask_settings({"TRACKER_TRUSTED_PROXIES": "yes", "TRACKER_SECRET_KEY": "k" * 40})


def test_session_cookie_flags_and_secure_cookies_when_asked(demo_tracker):
    plain = make_app(demo_tracker)
    secure = make_app(demo_tracker, SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-tracker",
                      PREFER_HTTPS=True)  # fmt: skip
    for app, flags in [(plain, ["HttpOnly", "SameSite=Lax"]), (secure, ["Secure", "HttpOnly"])]:
        client = app.test_client()
        cookie = sign_in(client, "r.khan").headers["Set-Cookie"]
        assert all(flag in cookie for flag in flags), cookie
    assert "Strict-Transport-Security" in secure.test_client().get("/sign-in").headers
    assert "Strict-Transport-Security" not in plain.test_client().get("/sign-in").headers
    for app in (plain, secure):
        app.extensions["tracker"].views.close()


def test_a_deactivated_user_is_signed_out_at_their_next_click(tmp_path):
    from tracker.cli.demo import load_demo

    tracker = CastTracker(f"sqlite:///{tmp_path / 't.sqlite'}", create_schema=True)
    load_demo(tracker)
    app = make_app(tracker)
    client = app.test_client()
    sign_in(client, "r.khan")
    assert client.get("/boards/tasking").status_code == 200
    tracker.handle(DeactivateUser(actor="admin", username="r.khan", reason="Left the unit."))
    assert client.get("/boards/tasking").status_code == 302
    app.extensions["tracker"].views.close()
    tracker.close()


def test_signing_out_ends_the_session(signed_in):
    client = signed_in("g.hale")
    assert client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    assert client.get("/boards/register").status_code == 302


def test_every_page_carries_the_security_headers(signed_in):
    client = signed_in("g.hale")
    for url in ["/", "/sign-in", "/boards/tasking", "/items/TSK-1", "/no-such-page"]:
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy, url
        assert "script-src 'self'" in policy and "default-src 'self'" in policy
        assert (
            headers["Referrer-Policy"] == "same-origin"
            and headers["X-Content-Type-Options"] == "nosniff"
        )
        assert headers["Cache-Control"] == "no-store"
