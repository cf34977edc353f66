"""The API's views: the boards, an item and its timeline, the review queue, an agenda, the
figures; each within the reader's clearance, as the pages show them.

These routes join the ``api`` blueprint of ``web.api`` (so their endpoints are ``api.board``
and the rest); ``web.app`` imports every module of ``web`` before it registers a blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify

from tracker.accounts.roles import READ
from tracker.kernel.errors import TrackerError
from tracker.oversight.figures import governance_figures
from tracker.oversight.reviews import review_queue
from tracker.oversight.timeline import item_timeline
from web.access import needs, the_reader
from web.api import blueprint
from web.api_json import plain
from web.board_catalogue import BOARDS
from web.boards import board_rows
from web.oversight_asked import agenda_asked, months_asked, reviews_asked, today_in_london
from web.reading import as_at, fresh_views, page_number, visible_item

API_PAGE = 50


@blueprint.route("/boards/<any(tasking, support, register, learning, debriefs):name>")
@needs(READ)
def board(name: str) -> Any:
    """A board's rows within the reader's clearance, a page at a time, now or as at."""
    moment = as_at()
    asked, rows = board_rows(BOARDS[name], moment, page_number(), API_PAGE)
    return jsonify(board=name, page=asked["page"], as_at_position=moment.position, rows=plain(rows))


@blueprint.route("/items/<reference>")
@needs(READ)
def item(reference: str) -> Any:
    """An item as it stands: kind, state, marking, version and the steps allowed now."""
    found = visible_item(reference)
    return jsonify(
        reference=found.reference,
        kind=found.KIND,
        state=found.state,
        marking=found.marking,
        version=found.version,
        allowed_steps=list(found.allowed_steps()),
    )


@blueprint.route("/items/<reference>/timeline")
@needs(READ)
def timeline(reference: str) -> Any:
    """An item's events, oldest first, now or as at a moment."""
    found, moment = visible_item(reference), as_at()
    try:
        entries = item_timeline(
            fresh_views(),
            found.reference,
            sensitive_cleared=the_reader().sensitive_cleared,
            as_at_position=moment.position,
            page=page_number(),
        )
    except TrackerError:
        abort(404)
    return jsonify(reference=found.reference, entries=plain(entries))


@blueprint.route("/reviews")
@needs(READ)
def reviews() -> Any:
    """The review queue (filters as on the page: owner, forum, status, sort, page)."""
    entries = review_queue(
        fresh_views(),
        sensitive_cleared=the_reader().sensitive_cleared,
        today=today_in_london(),
        per_page=API_PAGE,
        **reviews_asked(),
    )
    return jsonify(entries=plain(entries))


@blueprint.route("/agenda")
@needs(READ)
def agenda() -> Any:
    """A meeting's agenda: ``forum`` and ``on`` (a date) as on the page."""
    return jsonify(plain(agenda_asked()))


@blueprint.route("/figures")
@needs(READ)
def figures() -> Any:
    """Governance figures for the last ``months`` months (default 12)."""
    months = months_asked()
    counted = governance_figures(
        fresh_views(),
        sensitive_cleared=the_reader().sensitive_cleared,
        today=today_in_london(),
        months=months,
    )
    return jsonify(plain(counted))
