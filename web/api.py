"""The JSON API under /api/v1: every action and every view, for systems rather than people.

Callers present a bearer token (``Authorization: Bearer trk.…``); a browser session does not
count here, so no request can ride on a signed-in user's cookie (the API takes no CSRF token).
Actions take the same input as the pages and are checked by the same rules, and errors are
JSON: 400 or 422 for bad input, 401, 403, 404, 409 for a conflict, 413, 429.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, jsonify, request

from tracker.accounts.account import READ
from tracker.acting import rules
from tracker.kernel.commands import Recorded
from tracker.kernel.errors import (
    ConcurrentChange,
    DuplicateItem,
    IllegalStep,
    InvalidInput,
    ItemNotFound,
    TrackerError,
)
from tracker.oversight.agenda import FORUMS, meeting_agenda
from tracker.oversight.figures import governance_figures
from tracker.oversight.reviews import SORTS, STATUSES, review_queue
from tracker.oversight.timeline import item_timeline
from web import oversight
from web.access import SIGNED_IN, needs, the_reader
from web.act import allowed_action
from web.app import csrf
from web.boards import BOARDS
from web.openapi import openapi_document
from web.reading import as_at, chosen, fresh_views, page_number, tracker, visible_item

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)

API_PAGE = 50


def plain(value: Any) -> Any:
    """Rows and figures as JSON holds them: dates and moments in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(each) for each in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def refusal(status: int, message: str, field: str | None = None) -> Any:
    body: dict[str, Any] = {"error": message}
    if field is not None:
        body["field"] = field
    return jsonify(body), status


@blueprint.route("/openapi.json")
@needs(SIGNED_IN)
def openapi() -> Any:
    """This API, described in OpenAPI 3.0."""
    return jsonify(openapi_document())


@blueprint.route("/me")
@needs(SIGNED_IN)
def me() -> Any:
    """Who the token belongs to: username, roles, permissions and clearance."""
    reader = the_reader()
    return jsonify(
        username=reader.username,
        display_name=reader.display_name,
        roles=list(reader.roles),
        permissions=sorted(reader.permissions),
        sensitive_cleared=reader.sensitive_cleared,
        forums=list(reader.forums),
    )


@blueprint.route("/actions/<slug>", methods=["POST"])
@needs(SIGNED_IN)  # each action's own permission is checked by tracker.acting.rules
def act(slug: str) -> Any:
    """Carry out an action; the body holds its input as a JSON object."""
    reader = the_reader()
    action = allowed_action(slug, reader)
    given = request.get_json(silent=True)
    if not isinstance(given, dict):
        return refusal(400, "the body must be a JSON object of the action's input")
    try:
        item = None
        if action.is_step:
            item = rules.item_acted_on(tracker(), action, given.get("reference"), reader)
        recorded: Recorded = rules.carry_out(tracker(), action, given, reader, item)
    except ItemNotFound:
        abort(404)  # said as for any page that is not there
    except InvalidInput as refused:
        return refusal(422, str(refused), refused.field)
    except (ConcurrentChange, DuplicateItem, IllegalStep) as conflict:
        return refusal(409, str(conflict))
    except TrackerError as refused:
        return refusal(422, str(refused))
    return jsonify(dataclasses.asdict(recorded)), 201


@blueprint.route("/boards/<any(tasking, support, register, learning):name>")
@needs(READ)
def board(name: str) -> Any:
    """A board's rows within the reader's clearance, a page at a time, now or as at."""
    shown, moment = BOARDS[name], as_at()
    asked: dict[str, Any] = {
        "as_at_position": moment.position,
        "page": page_number(),
        "per_page": API_PAGE,
    }
    if shown.sorts:
        asked["sort"] = chosen("sort", shown.sorts, shown.sorts[0])
    for argument, options in shown.filters:
        asked[argument] = chosen(argument, options, None)
    rows = shown.query(fresh_views(), sensitive_cleared=the_reader().sensitive_cleared, **asked)
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
        today=oversight.today_in_london(),
        owner=request.args.get("owner") or None,
        forum=request.args.get("forum") or None,
        status=chosen("status", STATUSES, None),
        sort=chosen("sort", tuple(SORTS), "due"),
        page=page_number(),
        per_page=API_PAGE,
    )
    return jsonify(entries=plain(entries))


@blueprint.route("/agenda")
@needs(READ)
def agenda() -> Any:
    """A meeting's agenda: ``forum`` and ``on`` (a date) as on the page."""
    forum = chosen("forum", FORUMS, FORUMS[0])
    on = oversight.day_asked("on", oversight.today_in_london())
    drawn_up = meeting_agenda(
        fresh_views(), forum, on, sensitive_cleared=the_reader().sensitive_cleared
    )
    return jsonify(plain(drawn_up))


@blueprint.route("/figures")
@needs(READ)
def figures() -> Any:
    """Governance figures for the last ``months`` months (default 12)."""
    raw = request.args.get("months", "12")
    if not raw.isdigit() or not 1 <= int(raw) <= oversight.MAX_MONTHS:
        abort(400, f"months: a whole number from 1 to {oversight.MAX_MONTHS}")
    counted = governance_figures(
        fresh_views(),
        sensitive_cleared=the_reader().sensitive_cleared,
        today=oversight.today_in_london(),
        months=int(raw),
    )
    return jsonify(plain(counted))
