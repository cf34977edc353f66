"""Who may open what: every endpoint declares the permission it needs, or it is refused.

The check runs before every request, so a route added without ``@needs`` is closed to
everyone (fail closed) rather than open. Accounts are read from the log on every request:
a deactivation or a change of role or clearance takes effect on the next click.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, g, jsonify, request
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user

from tracker.accounts.sign_in import Reader, by_token, current_reader

PUBLIC = "public"  # the sign-in page, static files and health checks
SIGNED_IN = "signed in"  # any signed-in user, e.g. to sign out or change their password

F = TypeVar("F", bound=Callable[..., Any])


def needs(permission: str) -> Callable[[F], F]:
    """Declares what a view needs: a permission of tracker.accounts.account, SIGNED_IN or PUBLIC."""

    def declare(view: F) -> F:
        view.needs = permission  # type: ignore[attr-defined]
        return view

    return declare


class SignedIn(UserMixin):  # type: ignore[misc]
    """Flask-Login's user: the reader, as the log says they are now."""

    def __init__(self, reader: Reader):
        self.reader = reader

    def get_id(self) -> str:
        return self.reader.username


class Anonymous(AnonymousUserMixin):  # type: ignore[misc]
    reader = None


def the_reader() -> Reader:
    """The reader of this request: the API's token holder, or the signed-in user."""
    reader = g.get("api_reader") or current_user.reader
    assert reader is not None, "a view needing a permission ran without a reader"
    return reader  # type: ignore[no-any-return]


def _api_reader() -> Reader | None:
    """The API accepts only a bearer token, never the session cookie (it takes no CSRF token)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return by_token(current_app.extensions["tracker"].tracker, header.removeprefix("Bearer "))


def _api_refusal(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tracker"'
    return response


def _guard_api(needed: str) -> Response | None:
    """A bearer token whose holder has ``needed``, or a JSON refusal (401, 403)."""
    reader = _api_reader()
    if reader is None:
        return _api_refusal(401, "a valid bearer token is required")
    if needed != SIGNED_IN and not reader.may(needed):
        return _api_refusal(403, f"your roles do not allow this ({needed})")
    g.api_reader = reader
    return None


def _signed_in(username: str) -> SignedIn | None:
    """The session's user as the log says they are now; None if no longer active."""
    reader = current_reader(current_app.extensions["tracker"].tracker, username)
    return SignedIn(reader) if reader is not None else None


def install_access(app: Flask, login: LoginManager) -> None:
    """Loads the user for each request and refuses what they may not open."""
    login.anonymous_user = Anonymous
    login.user_loader(_signed_in)

    @app.before_request
    def guard() -> Any:
        if request.endpoint is None or request.endpoint == "static":
            return None  # no such page (the 404 follows), or the vendored style sheet
        view = app.view_functions[request.endpoint]
        needed = getattr(view, "needs", None)
        if needed == PUBLIC:
            return None
        if needed is None:
            abort(403)  # a route nobody declared a permission for is open to nobody
        if request.blueprint == "api":
            return _guard_api(needed)
        if not current_user.is_authenticated:
            return login.unauthorized()
        if needed != SIGNED_IN and not current_user.reader.may(needed):
            abort(403)
        return None
