"""The API's OpenAPI 3.0 document, made from the same catalogue and rows the API serves.

Action bodies come from ``web.action_fields`` (the commands' own fields); answers from the rows'
dataclasses. So a new command or a new column appears here without anyone writing it twice.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any

from tracker.acting.catalogue import ACTIONS, Action
from tracker.decisions.register import DecisionDetails
from tracker.learning.log import LearningPointDetails
from tracker.oversight.agenda import FORUMS, Agenda
from tracker.oversight.figures import GovernanceFigures
from tracker.oversight.reviews import SORTS, STATUSES, ReviewEntry
from tracker.oversight.timeline import TimelineEntry
from tracker.support.board import SupportRequestDetails
from tracker.tasking.board import TaskingDetails
from web.action_fields import InputField, input_fields
from web.boards import BOARDS
from web.reading import MAX_PAGE

ERROR = {"$ref": "#/components/schemas/Error"}
ROWS = {
    "tasking": TaskingDetails,
    "support": SupportRequestDetails,
    "register": DecisionDetails,
    "learning": LearningPointDetails,
}
PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
}
AS_AT = {
    "name": "as_at",
    "in": "query",
    "required": False,
    "description": "A moment (ISO 8601; London time when it has no offset): as it stood then",
    "schema": {"type": "string", "format": "date-time"},
}
REFERENCE = {
    "name": "reference",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z]+-[0-9]{1,9}$"},
}


def schema_of(hint: Any) -> dict[str, Any]:
    """A JSON schema for a Python type as ``web.api.plain`` writes it."""
    if dataclasses.is_dataclass(hint):
        return _object_schema(hint)
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        given = [a for a in arguments if a is not type(None)]
        inner = schema_of(given[0]) if len(given) == 1 else {}
        return {**inner, "nullable": True} if type(None) in arguments else inner
    if origin in (list, tuple):
        return {"type": "array", "items": schema_of(arguments[0]) if arguments else {}}
    if origin is dict:
        return {"type": "object", "additionalProperties": schema_of(arguments[1])}
    return SIMPLE.get(hint, {})


SIMPLE: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
}


def _object_schema(kind: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    fields = [f.name for f in dataclasses.fields(kind)]
    return {
        "type": "object",
        "required": fields,
        "properties": {name: schema_of(hints[name]) for name in fields},
    }


INPUT_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "long text": {"type": "string"},
    "secret": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "moment": {"type": "string", "format": "date-time"},
    "yes/no": {"type": "boolean"},
    "number": {"type": "integer"},
    "list": {"type": "array", "items": {"type": "string"}},
    "options list": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["option", "rejected_because"],
            "properties": {"option": {"type": "string"}, "rejected_because": {"type": "string"}},
        },
    },
}


def input_schema(f: InputField) -> dict[str, Any]:
    if f.kind == "choice":
        return {"type": "string", "enum": list(f.options)}
    if f.kind == "choices":
        return {"type": "array", "items": {"type": "string", "enum": list(f.options)}}
    return dict(INPUT_SCHEMAS[f.kind])


def body_schema(action: Action) -> dict[str, Any]:
    properties = {f.name: input_schema(f) for f in input_fields(action)}
    required = [f.name for f in input_fields(action) if f.required]
    properties["expected_version"] = {
        "type": "integer",
        "minimum": 1,
        "description": "the version you saw: refused if changed",
    }
    if action.is_step:
        properties["reference"] = {"type": "string", "description": "the item acted on"}
        required.insert(0, "reference")
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def answers(ok: dict[str, Any], status: str = "200") -> dict[str, Any]:
    described = {status: {"description": "done", "content": {"application/json": {"schema": ok}}}}
    for code, why in [
        ("400", "malformed request"),
        ("401", "no valid bearer token"),
        ("403", "your roles do not allow it"),
        ("404", "no such item you may see"),
        ("413", "body too large"),
        ("429", "too many requests"),
    ]:
        described[code] = {"description": why, "content": {"application/json": {"schema": ERROR}}}
    return described


def action_path(action: Action) -> dict[str, Any]:
    recorded = {
        "type": "object",
        "required": ["reference", "version", "position"],
        "properties": {
            "reference": {"type": "string"},
            "version": {"type": "integer"},
            "position": {"type": "integer"},
        },
    }
    responses = answers(recorded, "201")
    responses["409"] = {
        "description": "changed since you saw it, or not allowed in its state",
        "content": {"application/json": {"schema": ERROR}},
    }
    responses["422"] = {
        "description": "input refused; `field` names the input",
        "content": {"application/json": {"schema": ERROR}},
    }
    return {
        "post": {
            "operationId": action.slug,
            "summary": action.title,
            "description": f"Needs one of: {', '.join(sorted(action.needs))}.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": body_schema(action)}},
            },
            "responses": responses,
        }
    }


def board_path(name: str) -> dict[str, Any]:
    shown = BOARDS[name]
    parameters = [PAGE, AS_AT]
    if shown.sorts:
        parameters.append(
            {
                "name": "sort",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(shown.sorts)},
            }
        )
    for argument, options in shown.filters:
        parameters.append(
            {
                "name": argument,
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(options)},
            }
        )
    ok = {
        "type": "object",
        "required": ["board", "page", "rows"],
        "properties": {
            "board": {"type": "string"},
            "page": {"type": "integer"},
            "as_at_position": {"type": "integer", "nullable": True},
            "rows": {"type": "array", "items": schema_of(ROWS[name])},
        },
    }
    return {
        "get": {
            "operationId": f"board-{name}",
            "summary": shown.title,
            "parameters": parameters,
            "responses": answers(ok),
        }
    }


def _get(operation: str, summary: str, ok: dict[str, Any], *parameters: Any) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": list(parameters),
            "responses": answers(ok),
        }
    }


@cache
def openapi_document() -> dict[str, Any]:
    """The whole document (made once a process)."""
    item = {
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
    timeline = {
        "type": "object",
        "required": ["reference", "entries"],
        "properties": {
            "reference": {"type": "string"},
            "entries": {"type": "array", "items": schema_of(TimelineEntry)},
        },
    }
    me = {
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
    reviews = {
        "type": "object",
        "required": ["entries"],
        "properties": {"entries": {"type": "array", "items": schema_of(ReviewEntry)}},
    }
    text_query = {"type": "string", "maxLength": 200}
    paths: dict[str, Any] = {
        "/api/v1/me": _get("me", "Who the token belongs to", me),
        "/api/v1/openapi.json": _get("openapi", "This document", {"type": "object"}),
        "/api/v1/items/{reference}": _get("item", "An item as it stands", item, REFERENCE),
        "/api/v1/items/{reference}/timeline": _get(
            "timeline", "An item's events", timeline, REFERENCE, AS_AT, PAGE
        ),
        "/api/v1/reviews": _get(
            "reviews",
            "The review queue",
            reviews,
            PAGE,
            {"name": "owner", "in": "query", "required": False, "schema": text_query},
            {"name": "forum", "in": "query", "required": False, "schema": text_query},
            {
                "name": "status",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(STATUSES)},
            },
            {
                "name": "sort",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(SORTS)},
            },
        ),
        "/api/v1/agenda": _get(
            "agenda",
            "A meeting's agenda",
            schema_of(Agenda),
            {
                "name": "forum",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(FORUMS)},
            },
            {
                "name": "on",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "format": "date"},
            },
        ),
        "/api/v1/figures": _get(
            "figures",
            "Governance figures",
            schema_of(GovernanceFigures),
            {
                "name": "months",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 120},
            },
        ),
    }
    for name in BOARDS:
        paths[f"/api/v1/boards/{name}"] = board_path(name)
    for action in ACTIONS.values():
        paths[f"/api/v1/actions/{action.slug}"] = action_path(action)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ROCU tracker API",
            "version": "1",
            "description": "Every action and view of the tracker. Items above the "
            "caller's clearance are never returned: they are 404.",
        },
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}, "field": {"type": "string"}},
                }
            },
        },
        "paths": paths,
    }
