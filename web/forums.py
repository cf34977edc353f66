"""Forums for admins: each forum's chair, schedule, series and members, and how to change them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from tracker.accounts.directory_queries import accounts
from tracker.accounts.roles import ADMINISTER
from tracker.forums.forum_queries import forum_catalogue
from tracker.forums.terms import forum_key
from tracker.people.post_queries import Names
from web.access import needs
from web.reading import fresh_views

blueprint = Blueprint("forums", __name__, url_prefix="/admin")


@blueprint.route("/forums")
@needs(ADMINISTER)
def forums() -> Any:
    """Every forum with its terms now, and who sits on it (from the accounts' forums)."""
    engine = fresh_views()
    catalogue = forum_catalogue(engine)
    members: dict[str, list[str]] = {forum_key(name): [] for name in catalogue.names}
    for account in accounts(engine, active_only=True, per_page=10_000):
        for forum in account.forums:
            members.setdefault(forum_key(forum), []).append(account.display_name)
    return render_template("forums.html", forums=catalogue, members=members, key=forum_key,
                           names=Names(engine))  # fmt: skip
