"""Commands: one frozen dataclass per user action, checked for shape when built.

Pages, the API, the CLI and workers all build these. Each area's module registers a
handler per command with ``@handles``; ``Tracker.handle`` finds it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from tracker.aggregate import TrackerAggregate, checked_reference
from tracker.errors import InvalidInput
from tracker.validation import text

if TYPE_CHECKING:
    from tracker.application import Tracker


@dataclass(frozen=True)
class Recorded:
    """What a command recorded: the item, its new version, and the log position reached."""

    reference: str
    version: int
    position: int


@dataclass(frozen=True, kw_only=True)
class Command:
    """Every command names the user acting."""

    actor: str

    @classmethod
    def from_input(cls, data: Mapping[str, Any], *, actor: str) -> Self:
        """Builds the command from named input (a form, a JSON body, a CLI) for ``actor``,
        the signed-in user: the input cannot say who is acting. A missing or unknown
        field is refused as InvalidInput rather than Python's TypeError."""
        fields = {f.name: f for f in dataclasses.fields(cls)}
        not_taken = (set(data) - set(fields)) | ({"actor"} & set(data))
        unknown = sorted(str(key) for key in not_taken)
        if unknown:
            raise InvalidInput(unknown[0], f"is not something {cls.__name__} takes as input")
        for name, f in fields.items():
            required = f.default is MISSING and f.default_factory is MISSING
            if required and name != "actor" and name not in data:
                raise InvalidInput(name, "is required")
        return cls(**data, actor=actor)

    def __post_init__(self) -> None:
        self._set("actor", text("actor", self.actor, max_length=100))

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)


@dataclass(frozen=True, kw_only=True)
class ItemCommand(Command):
    """A command on an existing item. ``expected_version`` is the version the user saw:

    when given, a change recorded since then is refused as a conflict.
    """

    REFERENCE_LENGTH: ClassVar[int] = 40

    reference: str
    expected_version: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set("reference", checked_reference(self.reference, self.REFERENCE_LENGTH))
        if self.expected_version is not None and (
            type(self.expected_version) is not int or self.expected_version < 1
        ):
            raise InvalidInput("expected_version", "must be a whole number from 1")


C = TypeVar("C", bound=Command)
Handler = Callable[["Tracker", Any], Recorded]
HANDLERS: dict[type[Command], Handler] = {}


def handles(command_class: type[C]) -> Callable[[Callable[[Tracker, C], Recorded]], Handler]:
    """Registers the function that carries out ``command_class``."""

    def register(handler: Callable[[Tracker, C], Recorded]) -> Handler:
        if command_class in HANDLERS:
            raise TypeError(f"{command_class.__name__} already has a handler")
        HANDLERS[command_class] = handler
        return handler

    return register


def fields_of(command: Command, *leave_out: str) -> dict[str, Any]:
    """A command's own input, without who is acting or which version they saw."""
    skip = {"actor", "expected_version", *leave_out}
    return {k: v for k, v in vars(command).items() if k not in skip}


def take_step(
    app: Tracker, cmd: ItemCommand, *, kind: type[TrackerAggregate], step: str
) -> Recorded:
    """Load the item, take ``step`` with the command's own fields, record."""
    item = app.load(kind, cmd.reference, cmd.expected_version)
    getattr(item, step)(**fields_of(cmd, "reference"))
    return app.record(item)


def handles_steps(kind: type[TrackerAggregate], steps: Mapping[type[ItemCommand], str]) -> None:
    """Registers commands that are each one step of ``kind``: the method that takes it."""
    for command_class, step in steps.items():
        handles(command_class)(partial(take_step, kind=kind, step=step))
