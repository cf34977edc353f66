"""JSON schemas of Python types as the API writes them, and of the actions' inputs."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from web.action_fields import InputField

SIMPLE: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
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


def schema_of(hint: Any) -> dict[str, Any]:
    """A JSON schema for a Python type as ``web.api_json.plain`` writes it."""
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


def _object_schema(kind: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    fields = [f.name for f in dataclasses.fields(kind)]
    return {
        "type": "object",
        "required": fields,
        "properties": {name: schema_of(hints[name]) for name in fields},
    }


def choice(options: Iterable[str]) -> dict[str, Any]:
    """One of ``options``."""
    return {"type": "string", "enum": list(options)}


def input_schema(f: InputField) -> dict[str, Any]:
    if f.kind == "choice":
        return choice(f.options)
    if f.kind == "choices":
        return {"type": "array", "items": choice(f.options)}
    return dict(INPUT_SCHEMAS[f.kind])
