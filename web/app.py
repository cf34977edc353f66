"""The application factory: one Flask app with a blueprint per area.

The app holds one ``Tracker`` (the write side) and one ``Projector`` (the views) for its
process; pages read the views, commands go through ``Tracker.handle``.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import web
from tracker.ops.production import refuse_unsafe_production
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector
from web.access import install_access
from web.cells import cell, london
from web.error_pages import install_error_pages
from web.headers import install_headers
from web.names import who
from web.request_log import install_request_log
from web.services import Services
from web.settings import flask_settings

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


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

    _install_guards(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    app.add_template_filter(london)
    app.add_template_filter(cell)
    app.add_template_filter(who)
    install_headers(app)
    install_error_pages(app)
    return app


def _install_guards(app: Flask) -> None:
    """What every request passes first: trusted proxies, CSRF, rate limits, access, its log."""
    _trust_proxies(app, app.config.get("TRUSTED_PROXIES", 0))
    csrf.init_app(app)
    limiter.init_app(app)
    install_access(app, _login_manager(app))
    install_request_log(app)


def _login_manager(app: Flask) -> LoginManager:
    login = LoginManager(app)
    login.login_view = "auth.sign_in"
    login.login_message = "Please sign in to see that page."
    login.session_protection = "strong"
    return login


def _trust_proxies(app: Flask, hops: int) -> None:
    """Behind ``hops`` proxies (the TLS proxy: 1), the client's address and scheme are the
    ones they pass on: sign-in limits then count each client, not the proxy, apart."""
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _blueprints() -> list[Blueprint]:
    """Every module of this package that defines ``blueprint`` is an area of the app.

    Each module is imported before any blueprint is registered, so an area's routes may sit
    in more than one module (``web.api`` and ``web.api_reads``): each blueprint counts once.
    """
    found: list[Blueprint] = []
    for module in pkgutil.iter_modules(web.__path__):
        area = importlib.import_module(f"web.{module.name}")
        blueprint = getattr(area, "blueprint", None)
        if isinstance(blueprint, Blueprint) and blueprint not in found:
            found.append(blueprint)
    return found
