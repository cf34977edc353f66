"""Commands: one frozen dataclass per user action, checked for shape when built.

Pages, the API, the CLI and workers all build these. Each area's ``handlers`` module ends
with its ``HANDLERS``, the function that carries out each of its commands;
``tracker.service.dispatch`` joins them, and ``Tracker.handle`` looks a command up there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol, Self, TypeVar

from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.errors import InvalidInput
from tracker.kernel.numbering import Counter
from tracker.kernel.references import checked_reference
from tracker.kernel.stored import StoredAggregate
from tracker.kernel.validation import text

A = TypeVar("A", bound=StoredAggregate)


@dataclass(frozen=True)
class Recorded:
    """What a command recorded: the item, its new version, and the log position reached."""

    reference: str
    version: int
    position: int


@dataclass(frozen=True, kw_only=True)
class Command:
    """Every command names the user acting.

    ``PARTIES`` names the inputs that say who owns or leads: each must name a person or a
    post, and the record keeps it in its canonical form (``Records.party``), so ownership
    follows the post from holder to holder. ``PEOPLE`` names the inputs that say who did
    something (decided, authorised, approved): a post given there is recorded as the person
    holding it at that moment.
    """

    PARTIES: ClassVar[tuple[str, ...]] = ()
    PEOPLE: ClassVar[tuple[str, ...]] = ()
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
        check_expected_version(self.expected_version)


# The highest version any item can reach (the store's column is a 32-bit integer or wider).
MOST_VERSION = 2**31 - 1


def check_expected_version(version: object) -> None:
    """The version a user saw: none, or a whole number from 1 to ``MOST_VERSION``."""
    if version is not None and (type(version) is not int or not 1 <= version <= MOST_VERSION):
        raise InvalidInput("expected_version", f"must be a whole number from 1 to {MOST_VERSION}")


class Records(Protocol):
    """What a handler asks of the application (``tracker.service.application.Tracker``)."""

    def load(self, kind: type[A], reference: str, expected_version: int | None = None) -> A:
        """The item as recorded now; refused if it changed since ``expected_version``."""

    def item(self, reference: str) -> TrackerAggregate:
        """Any kind of item, by its reference."""

    def new_reference(self, series: str) -> tuple[Counter, str]:
        """The next reference in ``series``, with its counter to record alongside the item."""

    def record(self, item: StoredAggregate, *others: StoredAggregate) -> Recorded:
        """Saves ``item`` (and anything saved with it) in one transaction."""

    def position(self) -> int:
        """How far the log has got."""

    def party(self, field: str, value: Any) -> str:
        """The person or post ``value`` names, as the record keeps it (``events.parties``);
        refused as ``field``'s input when it names neither."""

    def holder_of(self, party: str) -> str | None:
        """The username of the person ``party`` is now (a post's holder); None for nobody."""


class Service(Records, Protocol):
    """What a process acting on its own (the reminder scan) asks of the application."""

    def handle(self, command: Command) -> Recorded:
        """Carries out one command, as a user's would be."""

    def position_at(self, moment: datetime) -> int:
        """The position the log had reached at ``moment``."""


Handler = Callable[[Any, Any], Recorded]
Handlers = dict[type[Command], Handler]


def fields_of(command: Command, *leave_out: str) -> dict[str, Any]:
    """A command's own input, without who is acting or which version they saw."""
    skip = {"actor", "expected_version", *leave_out}
    return {k: v for k, v in vars(command).items() if k not in skip}


def steps(kind: type[A], methods: Mapping[type[ItemCommand], Callable[..., object]]) -> Handlers:
    """Handlers for commands that are each one step of ``kind``: load the item, call the
    method with the command's own fields, record."""

    def handler(method: Callable[..., object]) -> Handler:
        def take_step(app: Records, cmd: ItemCommand) -> Recorded:
            item = app.load(kind, cmd.reference, cmd.expected_version)
            method(item, **fields_of(cmd, "reference"))
            return app.record(item)

        return take_step

    return {command: handler(method) for command, method in methods.items()}
