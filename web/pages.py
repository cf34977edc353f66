"""The home page: the reader's own reviews first, then the way to everything else."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from tracker.accounts.roles import READ
from tracker.kernel.clock import london_today
from tracker.oversight.reviews import review_queue
from tracker.people.post_queries import parties_of
from web.access import PUBLIC, needs, the_reader
from web.reading import fresh_views

blueprint = Blueprint("pages", __name__)


@blueprint.route("/")
@needs(PUBLIC)
def home() -> Any:
    """Signed in: what is due for the reader. Otherwise: the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    reader = the_reader()
    if not reader.may(READ):
        return render_template("home.html", reviews=None)
    today = london_today()
    views = fresh_views()
    reviews = review_queue(
        views, sensitive_cleared=reader.sensitive_cleared, today=today,
        owner=parties_of(views, reader.username), per_page=20,
    )  # fmt: skip
    return render_template("home.html", reviews=reviews, today=today)
