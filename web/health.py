"""Health checks for load balancers and operators.

``/healthz``: the process answers (alive). ``/readyz``: the database, the broker, the
views' lag and the beat's last tick, as JSON; 200 when ready, 503 when not. Both are
public, like any probe's target, so they tell counts, times and error kinds only: no
item, no user, no address of a server.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Blueprint, current_app, jsonify

from tracker.ops.readiness import ReadinessSettingRefused, readiness
from web.access import PUBLIC, needs

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
@needs(PUBLIC)
def alive() -> Any:
    """The process answers: nothing is read, so this is also the cheapest route there is."""
    return jsonify(status="alive")


@blueprint.route("/readyz")
@needs(PUBLIC)
def ready() -> Any:
    """Whether this deployment can serve: each check with its numbers, 503 if one fails."""
    services = current_app.extensions["tracker"]
    views = services.views
    try:
        found = readiness(
            views.engine,
            services.tracker.position,
            [projection.name for projection in views.projections],
            in_process=views.in_process,
            environ=os.environ,
        )
    except ReadinessSettingRefused as refused:  # a threshold set wrongly: say which
        return jsonify(ready=False, error=str(refused)), 503
    return jsonify(found), 200 if found["ready"] else 503
