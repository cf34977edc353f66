"""The views' paths in the OpenAPI document (but the boards'): who the token is, an item and
its timeline, the review queue, an agenda, the figures."""

from __future__ import annotations

from typing import Any

from tracker.forums.catalogue import STANDARD
from tracker.oversight.agenda import Agenda
from tracker.oversight.figures import GovernanceFigures
from tracker.oversight.lateness import STATUSES
from tracker.oversight.reviews import SORTS, ReviewEntry
from tracker.oversight.timeline_entries import TimelineEntry
from web.openapi_parts import AS_AT, PAGE, REFERENCE, get_path, query
from web.openapi_types import choice, schema_of

ITEM = {
    "type": "object",
    "required": ["reference", "kind", "state", "marking", "version"],
    "properties": {
        "reference": {"type": "string"},
        "kind": {"type": "string"},
        "state": {"type": "string"},
        "marking": {"type": "string"},
        "version": {"type": "integer"},
        "allowed_steps": {"type": "array", "items": {"type": "string"}},
    },
}
ME = {
    "type": "object",
    "required": ["username", "roles", "permissions", "sensitive_cleared"],
    "properties": {
        "username": {"type": "string"},
        "display_name": {"type": "string"},
        "roles": {"type": "array", "items": {"type": "string"}},
        "permissions": {"type": "array", "items": {"type": "string"}},
        "sensitive_cleared": {"type": "boolean"},
        "forums": {"type": "array", "items": {"type": "string"}},
    },
}
TEXT_QUERY = {"type": "string", "maxLength": 200}
# The standard forums; one an admin establishes is asked for by its name just the same.
AGENDA_ASKED = (
    query("forum", {"type": "string", "examples": list(STANDARD.names)}),
    query("on", {"type": "string", "format": "date"}),
)
MONTHS = query("months", {"type": "integer", "minimum": 1, "maximum": 120})


def read_paths() -> dict[str, Any]:
    """Every view's path but the boards', in the order the document lists them."""
    agenda, figures = schema_of(Agenda), schema_of(GovernanceFigures)
    return {
        "/api/v1/me": get_path("me", "Who the token belongs to", ME),
        "/api/v1/openapi.json": get_path("openapi", "This document", {"type": "object"}),
        "/api/v1/items/{reference}": get_path("item", "An item as it stands", ITEM, REFERENCE),
        "/api/v1/items/{reference}/timeline": _timeline_path(),
        "/api/v1/reviews": _reviews_path(),
        "/api/v1/agenda": get_path("agenda", "A meeting's agenda", agenda, *AGENDA_ASKED),
        "/api/v1/figures": get_path("figures", "Governance figures", figures, MONTHS),
    }


def _timeline_path() -> dict[str, Any]:
    timeline = {
        "type": "object",
        "required": ["reference", "entries"],
        "properties": {
            "reference": {"type": "string"},
            "entries": {"type": "array", "items": schema_of(TimelineEntry)},
        },
    }
    return get_path("timeline", "An item's events", timeline, REFERENCE, AS_AT, PAGE)


def _reviews_path() -> dict[str, Any]:
    reviews = {
        "type": "object",
        "required": ["entries"],
        "properties": {"entries": {"type": "array", "items": schema_of(ReviewEntry)}},
    }
    return get_path(
        "reviews", "The review queue", reviews, PAGE, query("owner", TEXT_QUERY),
        query("forum", TEXT_QUERY), query("status", choice(STATUSES)),
        query("sort", choice(SORTS)),
    )  # fmt: skip
