"""The signed-in user's own account: their password and their API tokens.

A token's secret is shown once, when it is made, and never stored: only its digest is.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for

from tracker.accounts.commands import IssueApiToken, RevokeApiToken, SetPassword
from tracker.accounts.sign_in import Reader, account_of, by_password
from tracker.accounts.tokens import new_token
from tracker.kernel.errors import TrackerError
from web.access import SIGNED_IN, needs, the_reader
from web.account_forms import PasswordForm, RevokeForm, TokenForm
from web.reading import tracker

blueprint = Blueprint("account", __name__, url_prefix="/account")


def _page(**shown: Any) -> Any:
    account = account_of(tracker(), the_reader().username)
    shown.setdefault("password_form", PasswordForm(prefix="password"))
    shown.setdefault("token_form", TokenForm(prefix="token"))
    return render_template("account.html", account=account, revoke_form=RevokeForm(), **shown)


@blueprint.route("/")
@needs(SIGNED_IN)
def account() -> Any:
    """The reader's roles, clearance, forums, tokens, and forms to change them."""
    return _page()


@blueprint.route("/password", methods=["POST"])
@needs(SIGNED_IN)
def password() -> Any:
    """Change one's own password, giving the current one."""
    form, reader = PasswordForm(prefix="password"), the_reader()
    if form.validate_on_submit() and _password_changed(form, reader):
        flash("Your password is changed.", "success")
        return redirect(url_for("account.account"))
    return _page(password_form=form), 422


def _password_changed(form: PasswordForm, reader: Reader) -> bool:
    """Whether the new password is set; if not, the form says why beside the field."""
    if by_password(tracker(), reader.username, form.current.data or "") is None:
        form.current.errors = ["That is not your current password."]
        return False
    command = SetPassword(actor=reader.username, username=reader.username,
                          password=form.new.data or "")  # fmt: skip
    try:
        tracker().handle(command)
    except TrackerError as refused:
        form.new.errors = [str(refused).removeprefix("password: ")]
        return False
    return True


@blueprint.route("/tokens", methods=["POST"])
@needs(SIGNED_IN)
def tokens() -> Any:
    """Make an API token; its secret is shown this once."""
    form, reader = TokenForm(prefix="token"), the_reader()
    if not form.validate_on_submit():
        return _page(token_form=form), 422
    token_id, secret = new_token()
    command = IssueApiToken(
        actor=reader.username,
        username=reader.username,
        label=form.label.data or "",
        token_id=token_id,
        secret=secret,
    )
    tracker().handle(command)
    return _page(new_bearer=command.bearer)


@blueprint.route("/tokens/revoke", methods=["POST"])
@needs(SIGNED_IN)
def revoke() -> Any:
    """Revoke one of one's own tokens at once."""
    form, reader = RevokeForm(), the_reader()
    if form.validate_on_submit():
        try:
            tracker().handle(
                RevokeApiToken(
                    actor=reader.username,
                    username=reader.username,
                    token_id=form.token_id.data,
                    reason="revoked by its holder",
                )
            )
        except TrackerError as refused:
            flash(str(refused), "error")
        else:
            flash("The token is revoked.", "success")
    return redirect(url_for("account.account"))
