"""The application factory: one Flask app with a blueprint per area.

The app holds one ``Tracker`` (the write side) and one ``Projector`` (the views) for its
process; pages read the views, commands go through ``Tracker.handle``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import web
from tracker.application import Tracker
from tracker.ops.production import refuse_unsafe_production
from tracker.views.catalogue import projections
from tracker.views.engine import ViewEngine, view_engine
from tracker.views.projector import Projector
from web.access import install_access
from web.reading import cell, london
from web.request_log import install_request_log
from web.settings import flask_settings

# No inline script or style anywhere: the CSP forbids both.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@dataclass
class Services:
    """What every request of this process shares.

    ``views`` keeps the views up to date (its engine writes); pages read through ``reader``,
    whose transactions take no write lock, so on SQLite readers neither wait for each other
    nor hold up a writer however long they read (a large export, say).
    """

    tracker: Tracker
    views: Projector
    reader: ViewEngine = field(init=False)

    def __post_init__(self) -> None:
        self.reader = view_engine(self.tracker.env)

    def close(self) -> None:
        self.reader.dispose()
        self.views.close()
        self.tracker.close()


def create_app(settings: dict[str, Any] | None = None, tracker: Tracker | None = None) -> Flask:
    """The web application on ``tracker`` (default: the configured store).

    With ``TRACKER_ENV=production`` an unsafe configuration is refused first
    (``ProductionRefused``), before any database is opened.
    """
    refuse_unsafe_production(web=True, database=tracker.database_url if tracker else None)
    app = Flask(__name__)
    app.config.update(flask_settings())
    app.config.update(settings or {})
    tracker = tracker or Tracker()
    app.extensions["tracker"] = Services(tracker, Projector(tracker, projections()))

    _trust_proxies(app, app.config.get("TRUSTED_PROXIES", 0))
    csrf.init_app(app)
    limiter.init_app(app)
    login = LoginManager(app)
    login.login_view = "auth.sign_in"
    login.login_message = "Please sign in to see that page."
    login.session_protection = "strong"
    install_access(app, login)
    install_request_log(app)

    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    app.add_template_filter(london)
    app.add_template_filter(cell)
    _install_headers(app)
    _install_error_pages(app)
    return app


def _trust_proxies(app: Flask, hops: int) -> None:
    """Behind ``hops`` proxies (the TLS proxy: 1), the client's address and scheme are the
    ones they pass on: sign-in limits then count each client, not the proxy, apart."""
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _blueprints() -> list[Blueprint]:
    """Every module of this package that defines ``blueprint`` is an area of the app."""
    found = []
    for module in pkgutil.iter_modules(web.__path__):
        area = importlib.import_module(f"web.{module.name}")
        if isinstance(getattr(area, "blueprint", None), Blueprint):
            found.append(area.blueprint)
    return found


def _install_headers(app: Flask) -> None:
    @app.after_request
    def secure(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Cache-Control"] = "no-store"  # OFFICIAL-SENSITIVE pages stay out of caches
        if app.config["PREFER_HTTPS"] or request.is_secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response


def _own_words(error: Exception, status: int) -> str:
    """Our own 400s say what was wrong with the input, our own 403s which rule refused;
    other errors keep the page's message."""
    said = str(getattr(error, "description", "") or "")
    if status == 400:
        return said
    if status == 403 and said != getattr(type(error), "description", said):
        return said
    return ""


def _install_error_pages(app: Flask) -> None:
    messages = {
        400: "The request could not be understood.",
        401: "A valid bearer token is required.",
        405: "That method is not allowed here.",
        403: "You do not have permission to open this page.",
        404: "There is no such page, or no such item you may see.",
        413: "What was sent is too large: at most 1 MB of form or JSON input is accepted.",
        429: "Too many attempts: please wait a minute and try again.",
    }
    for status, message in messages.items():

        def page(error: Exception, status: int = status, message: str = message) -> Any:
            said = _own_words(error, status)
            if request.path.startswith("/api/"):
                return jsonify(error=said or message), status
            return render_template("error.html", status=status, message=said or message), status

        app.register_error_handler(status, page)
