"""The JSON API under /api/v1: every action and every view, for systems rather than people.

Callers present a bearer token (``Authorization: Bearer trk.…``); a browser session does not
count here, so no request can ride on a signed-in user's cookie (the API takes no CSRF token).
Actions take the same input as the pages and are checked by the same rules, and errors are
JSON: 400 or 422 for bad input, 401, 403, 404, 409 for a conflict, 413, 429.

The views' routes are in ``web.api_reads``, on this same blueprint.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Blueprint, abort, jsonify

from tracker.accounts.sign_in import Reader
from tracker.kernel.commands import Recorded
from tracker.kernel.errors import (
    ConcurrentChange,
    DuplicateItem,
    IllegalStep,
    InvalidInput,
    ItemNotFound,
    NotAllowed,
    TrackerError,
)
from tracker.service import rules
from tracker.service.catalogue import Action
from web.access import SIGNED_IN, needs, the_reader
from web.act import allowed_action
from web.api_json import UnreadableBody, json_body, refusal
from web.app import csrf
from web.openapi import openapi_document
from web.reading import tracker

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)


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
@needs(SIGNED_IN)  # each action's own permission is checked by tracker.service.rules
def act(slug: str) -> Any:
    """Carry out an action; the body holds its input as a JSON object."""
    reader = the_reader()
    action = allowed_action(slug, reader)
    try:
        given = json_body()
    except UnreadableBody as unreadable:
        return refusal(400, str(unreadable))
    if not isinstance(given, dict):
        return refusal(400, "the body must be a JSON object of the action's input")
    try:
        recorded = _carry_out(action, given, reader)
    except ItemNotFound:
        abort(404)  # said as for any page that is not there
    except InvalidInput as refused:
        return refusal(422, str(refused), refused.field)
    except NotAllowed as refused:  # an owner reporting on what they do not own
        return refusal(403, str(refused))
    except (ConcurrentChange, DuplicateItem, IllegalStep) as conflict:
        return refusal(409, str(conflict))
    except TrackerError as refused:
        return refusal(422, str(refused))
    return jsonify(dataclasses.asdict(recorded)), 201


def _carry_out(action: Action, given: dict[str, Any], reader: Reader) -> Recorded:
    item = None
    if action.is_step:
        item = rules.item_acted_on(tracker(), action, given.get("reference"), reader)
    return rules.carry_out(tracker(), action, given, reader, item)
