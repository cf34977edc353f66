"""What each action asks for, as a form and an API body: its inputs, their kinds and labels.

The actions themselves, and who may take them, are the domain's (``tracker.service``); this
says only how their commands' fields are shown and typed.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any

from tracker.service.catalogue import Action
from web.action_vocabulary import CHOICES, LABELS, LONG_TEXTS
from web.forum_names import FORUM_NAMES

INTERNAL_FIELDS = ("actor", "expected_version")
# Inputs whose options are records an admin manages, read when the form is drawn.
RECORDED_CHOICES = {name: lambda: tuple(FORUM_NAMES) for name in ("forum", "overseeing_board")}


def input_fields(action: Action) -> list[InputField]:
    """The input the command takes, in its own order, without who acts or the version
    (nor, for a step, which item: the page or the URL names it)."""
    hints = typing.get_type_hints(action.command)
    internal = (*INTERNAL_FIELDS, "reference") if action.is_step else INTERNAL_FIELDS
    return [
        InputField.of(action.command.__name__, f, hints[f.name])
        for f in dataclasses.fields(action.command)
        if f.name not in internal
    ]


@dataclass(frozen=True)
class InputField:
    """One input of a command: its name, kind of value, whether required, and its options."""

    name: str
    kind: str  # text, long text, secret, date, moment, yes/no, number, list, options list, choice
    required: bool
    options: tuple[str, ...] = ()

    @classmethod
    def of(cls, command: str, f: dataclasses.Field[Any], hint: Any) -> InputField:
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        options = CHOICES.get(f"{command}.{f.name}", CHOICES.get(f.name, ()))
        if f.name in RECORDED_CHOICES:
            options = RECORDED_CHOICES[f.name]()
        return cls(f.name, _kind(f.name, str(hint), options), required, options)

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name.replace("_", " ").capitalize())


def _kind(name: str, hint: str, options: tuple[str, ...]) -> str:
    if "list[dict" in hint:
        return "options list"
    if hint.startswith("list["):
        return "choices" if options else "list"
    if options:
        return "choice"
    if "datetime.datetime" in hint:
        return "moment"
    if "datetime.date" in hint:
        return "date"
    if hint in ("bool", "<class 'bool'>"):
        return "yes/no"
    if hint in ("int", "<class 'int'>", "int | None"):
        return "number"
    if name in ("password", "secret"):
        return "secret"
    return "long text" if name in LONG_TEXTS else "text"
