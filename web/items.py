"""An item's page: what it is now (or was, as at a moment) and its timeline.

An item above the reader's clearance is "no such item" (404), the same answer as for a
reference that was never used, so the page cannot tell a reader that it exists.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from tracker.accounts.roles import READ
from tracker.kernel.errors import ItemNotFound
from tracker.oversight.timeline import item_timeline
from tracker.service.rules import derived_offered, steps_offered
from web.access import needs, the_reader
from web.reading import as_at, fresh_views, page_number, tracker, visible_item

blueprint = Blueprint("items", __name__, url_prefix="/items")

TIMELINE_PAGE = 100


@blueprint.route("/<reference>")
@needs(READ)
def item(reference: str) -> Any:
    """The item's state, the steps it allows, and its timeline (oldest first)."""
    found = visible_item(reference)
    moment, page = as_at(), page_number()
    newest_first = request.args.get("order") == "newest"
    try:
        entries = item_timeline(
            fresh_views(), found.reference, sensitive_cleared=the_reader().sensitive_cleared,
            as_at_position=moment.position, newest_first=newest_first, page=page,
            per_page=TIMELINE_PAGE,
        )  # fmt: skip
    except ItemNotFound:
        abort(404)  # as at that moment the item did not exist yet (or was out of sight)
    return render_template(
        "item.html", item=found, entries=entries, as_at=moment, page=page,
        newest_first=newest_first, has_next=len(entries) == TIMELINE_PAGE,
        actions=steps_offered(tracker(), found, the_reader()) if moment.now else [],
        derived=derived_offered(found, the_reader()) if moment.now else [],
    )  # fmt: skip
