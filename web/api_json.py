"""The API's answers as JSON holds them: rows and figures as plain values, refusals as errors."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

from flask import jsonify, request

# A body nested deeper than this is no action's input: refused before it is read further.
MOST_NESTING = 32


class UnreadableBody(ValueError):
    """The body is not JSON the API can take; says why."""


def json_body() -> Any:
    """The request's JSON body; ``UnreadableBody`` when it is not JSON, or nests too deep
    (Python's own parser would otherwise run out of stack on a body of brackets)."""
    text = request.get_data(as_text=True)
    try:
        given = json.loads(text)
    except (ValueError, RecursionError):
        raise UnreadableBody("the body must be a JSON object of the action's input") from None
    if _depth(given) > MOST_NESTING:
        raise UnreadableBody(f"the body nests more than {MOST_NESTING} levels deep")
    return given


def _depth(value: Any) -> int:
    """How deeply ``value`` nests, counted without recursion."""
    deepest, waiting = 0, [(value, 1)]
    while waiting:
        each, depth = waiting.pop()
        if isinstance(each, dict | list):
            deepest = max(deepest, depth)
            children = each.values() if isinstance(each, dict) else each
            waiting.extend((child, depth + 1) for child in children)
    return deepest


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
