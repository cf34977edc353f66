"""The boards' paths in the OpenAPI document: their sorts and filters, their rows' schemas."""

from __future__ import annotations

from typing import Any

from tracker.decisions.register import DecisionDetails
from tracker.learning.log_details import DebriefDetails, LearningPointDetails
from tracker.support.board import SupportRequestDetails
from tracker.tasking.board import TaskingDetails
from web.board_catalogue import BOARDS
from web.openapi_parts import AS_AT, PAGE, get_path, query
from web.openapi_types import choice, schema_of

ROWS = {
    "tasking": TaskingDetails,
    "support": SupportRequestDetails,
    "register": DecisionDetails,
    "learning": LearningPointDetails,
    "debriefs": DebriefDetails,
}


def board_path(name: str) -> dict[str, Any]:
    shown = BOARDS[name]
    parameters = [PAGE, AS_AT]
    if shown.sorts:
        parameters.append(query("sort", choice(shown.sorts)))
    for argument, options in shown.filters:
        parameters.append(query(argument, choice(options)))
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
    return get_path(f"board-{name}", shown.title, ok, *parameters)
