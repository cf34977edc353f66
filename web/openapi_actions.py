"""The actions' paths in the OpenAPI document: each body made from its command's own fields."""

from __future__ import annotations

from typing import Any

from tracker.service.catalogue import Action
from web.action_fields import input_fields
from web.openapi_parts import answers, refused
from web.openapi_types import input_schema

RECORDED = {
    "type": "object",
    "required": ["reference", "version", "position"],
    "properties": {
        "reference": {"type": "string"},
        "version": {"type": "integer"},
        "position": {"type": "integer"},
    },
}


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


def action_path(action: Action) -> dict[str, Any]:
    responses = answers(RECORDED, "201")
    responses["409"] = refused("changed since you saw it, or not allowed in its state")
    responses["422"] = refused("input refused; `field` names the input")
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
