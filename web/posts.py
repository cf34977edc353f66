"""Posts for admins: who holds each, what to do about it, and the items nobody owns."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from tracker.accounts.roles import ADMINISTER
from tracker.oversight.unowned import unowned_items
from tracker.people.post_queries import Names, all_posts
from web.access import needs, the_reader
from web.reading import fresh_views

blueprint = Blueprint("posts", __name__, url_prefix="/admin")


@blueprint.route("/posts")
@needs(ADMINISTER)
def posts() -> Any:
    """Every post and its holder (or vacant); below, the open items whose owner is nobody."""
    engine = fresh_views()
    unowned = unowned_items(engine, sensitive_cleared=the_reader().sensitive_cleared)
    return render_template("posts.html", posts=all_posts(engine), unowned=unowned,
                           names=Names(engine))  # fmt: skip
