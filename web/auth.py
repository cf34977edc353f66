"""Signing in and out. Messages never say whether a username exists."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from tracker.accounts.sign_in import sign_in as signed_in
from web.access import PUBLIC, SIGNED_IN, SignedIn, needs
from web.app import limiter

blueprint = Blueprint("auth", __name__)

REFUSED = "That username and password do not match an active account."

log = logging.getLogger(__name__)


class SignInForm(FlaskForm):  # type: ignore[misc]
    username = StringField("Username", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


def _sign_in_limit() -> str:
    return str(current_app.config["SIGN_IN_LIMIT"])


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link borrow our name."""
    # Browsers read "/\\host" as "//host": a backslash anywhere is refused too.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("pages.home")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@needs(PUBLIC)
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> Any:
    """Ask for a username and password; on success start a fresh session."""
    form = SignInForm()
    if form.validate_on_submit():
        tracker = current_app.extensions["tracker"].tracker
        # Recorded either way (SignedIn or SignInRefused, with the reason) for the audit.
        reader = signed_in(tracker, form.username.data or "", form.password.data or "")
        if reader is not None:
            session.clear()  # a new session at sign-in: nothing of an earlier one carries over
            login_user(SignedIn(reader))
            session.permanent = True
            log.info("signed in", extra={"user": reader.username})
            return redirect(_safe_next(request.args.get("next")))
        log.warning("sign-in refused")  # the name typed is in the event, not the log
        flash(REFUSED, "error")
    return render_template("sign_in.html", form=form)


@blueprint.route("/sign-out", methods=["POST"])
@needs(SIGNED_IN)
def sign_out() -> Any:
    """End the session."""
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.sign_in"))
