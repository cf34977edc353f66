"""What the OpenAPI document's paths share: the error answer, the common parameters, the
answers every operation may give, and a GET."""

from __future__ import annotations

from typing import Any

from web.reading import MAX_PAGE

ERROR = {"$ref": "#/components/schemas/Error"}
REFUSALS = [
    ("400", "malformed request"),
    ("401", "no valid bearer token"),
    ("403", "your roles do not allow it"),
    ("404", "no such item you may see"),
    ("413", "body too large"),
    ("429", "too many requests"),
]


def query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query-string parameter."""
    return {"name": name, "in": "query", "required": False, "schema": schema}


PAGE = query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE})
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


def refused(why: str) -> dict[str, Any]:
    """An answer that refuses, saying ``why``, with the error as its body."""
    return {"description": why, "content": {"application/json": {"schema": ERROR}}}


def answers(ok: dict[str, Any], status: str = "200") -> dict[str, Any]:
    described = {status: {"description": "done", "content": {"application/json": {"schema": ok}}}}
    for code, why in REFUSALS:
        described[code] = refused(why)
    return described


def get_path(operation: str, summary: str, ok: dict[str, Any], *parameters: Any) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": list(parameters),
            "responses": answers(ok),
        }
    }
