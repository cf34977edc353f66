"""The API's OpenAPI 3.0 document, made from the same catalogue and rows the API serves.

Action bodies come from ``web.action_fields`` (the commands' own fields); answers from the rows'
dataclasses. So a new command or a new column appears here without anyone writing it twice.
The paths are made by ``web.openapi_reads``, ``web.openapi_boards`` and ``web.openapi_actions``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from tracker.service.catalogue import ACTIONS
from web.board_catalogue import BOARDS
from web.openapi_actions import action_path
from web.openapi_boards import board_path
from web.openapi_reads import read_paths

INFO = {
    "title": "ROCU tracker API",
    "version": "1",
    "description": "Every action and view of the tracker. Items above the "
    "caller's clearance are never returned: they are 404.",
}
COMPONENTS = {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "schemas": {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"type": "string"}, "field": {"type": "string"}},
        }
    },
}


@cache
def openapi_document() -> dict[str, Any]:
    """The whole document (made once a process)."""
    paths = read_paths()
    for name in BOARDS:
        paths[f"/api/v1/boards/{name}"] = board_path(name)
    for action in ACTIONS.values():
        paths[f"/api/v1/actions/{action.slug}"] = action_path(action)
    return {
        "openapi": "3.0.3",
        "info": INFO,
        "security": [{"bearer": []}],
        "components": COMPONENTS,
        "paths": paths,
    }
