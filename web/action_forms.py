"""A WTForms form for each action, made from its command's fields, and back to command input.

The form checks only the shape of the input (present, a date, a number); the command and
the item check the rest, and their refusals are shown beside the field they name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from tracker.acting.catalogue import Action
from tracker.kernel.clock import as_london
from web.action_fields import InputField, input_fields

TEXT_LIMIT, LONG_TEXT_LIMIT = 200, 50_000


def _validators(f: InputField, limit: int | None = None) -> list[Any]:
    checks: list[Any] = [InputRequired()] if f.required else [Optional()]
    if limit is not None:
        checks.append(Length(max=limit))
    return checks


def _choice(f: InputField) -> Field:
    options = [SelectChoice(option) for option in f.options]
    if not f.required:
        options.insert(0, SelectChoice("", "(none)"))
    return SelectField(f.label, choices=options, validators=_validators(f))


FIELD_MAKERS: dict[str, Callable[[InputField], Field]] = {
    "text": lambda f: StringField(f.label, validators=_validators(f, TEXT_LIMIT)),
    "long text": lambda f: TextAreaField(f.label, validators=_validators(f, LONG_TEXT_LIMIT)),
    "secret": lambda f: PasswordField(f.label, validators=_validators(f, 1024)),
    "date": lambda f: DateField(f.label, validators=_validators(f)),
    "moment": lambda f: DateTimeLocalField(
        f.label, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=_validators(f)
    ),
    "yes/no": lambda f: BooleanField(f.label),
    "number": lambda f: IntegerField(f.label, validators=_validators(f)),
    "choice": _choice,
    "choices": lambda f: SelectMultipleField(
        f.label, choices=[SelectChoice(o) for o in f.options], validators=_validators(f)
    ),
    "list": lambda f: TextAreaField(f.label, validators=_validators(f, LONG_TEXT_LIMIT)),
    "options list": lambda f: TextAreaField(f.label, validators=_validators(f, LONG_TEXT_LIMIT)),
}
HINTS = {
    "list": "One per line.",
    "options list": "One option per line: the option, then | and why it was rejected.",
    "moment": "London time.",
}


def form_class(action: Action) -> type[FlaskForm]:
    """A form class with one field per input of the action's command."""
    fields: dict[str, Any] = {f.name: FIELD_MAKERS[f.kind](f) for f in input_fields(action)}
    fields["expected_version"] = HiddenField()
    return type(f"{action.command.__name__}Form", (FlaskForm,), fields)


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


def hint_for(f: InputField) -> str:
    return HINTS.get(f.kind, "")
