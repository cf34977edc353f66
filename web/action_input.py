"""What the user typed into an action's form, as its command takes it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm

from tracker.kernel.clock import as_london
from tracker.service.catalogue import Action
from web.action_fields import InputField, input_fields


def command_input(action: Action, form: FlaskForm) -> dict[str, Any]:
    """What the user typed, as the command takes it; empty optional inputs are left out."""
    given: dict[str, Any] = {}
    for f in input_fields(action):
        value = _converted(f, form[f.name].data)
        if value is not None:
            given[f.name] = value
    version = form.expected_version.data
    if version and version.isdigit():
        given["expected_version"] = int(version)
    return given


def _converted(f: InputField, value: Any) -> Any:
    if f.kind in ("list", "options list"):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        return [_option(line) for line in lines] if f.kind == "options list" else lines
    if f.kind == "moment" and isinstance(value, datetime):
        return as_london(value)
    if f.kind == "yes/no":
        return bool(value)
    if value in ("", None) and not f.required:
        return None
    if isinstance(value, date | int | list):
        return value
    return value if value is None else str(value)


def _option(line: str) -> dict[str, str]:
    option, _, why = line.partition("|")
    return {"option": option.strip(), "rejected_because": why.strip()}
