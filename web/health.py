"""Health checks for load balancers and operators."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from web.access import PUBLIC, needs

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
@needs(PUBLIC)
def alive() -> Any:
    """The process answers: nothing is read, so this is also the cheapest route there is."""
    return jsonify(status="alive")
