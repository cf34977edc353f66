"""A WTForms form for each action, made from its command's fields.

The form checks only the shape of the input (present, a date, a number); the command and
the item check the rest, and their refusals are shown beside the field they name. What was
typed becomes the command's input in ``web.action_input``.
"""

from __future__ import annotations

from collections.abc import Callable
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

from tracker.service.catalogue import Action
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


def hint_for(f: InputField) -> str:
    return HINTS.get(f.kind, "")
