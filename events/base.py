"""What every stored event has in common: who recorded it, when, and a stable stored name.

Stored events outlive the code. Each concrete event class therefore declares the name it
is stored under (``TOPIC``), independent of the module it lives in, and a schema version
(``class_version``, upcast with ``upcast_vN_vN+1`` static methods when it changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

_acting_user: ContextVar[str | None] = ContextVar("acting_user", default=None)

_stored_names: dict[str, type] = {}


class NoActingUser(RuntimeError):
    """An event was about to be recorded without knowing who is recording it."""


@contextmanager
def acting_as(user: str) -> Iterator[None]:
    """Attribute every event recorded inside the block to ``user``."""
    if not user or not user.strip():
        raise NoActingUser("an acting user is required to record anything")
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def acting_user() -> str:
    """The user events are attributed to now; refuses when nobody is acting."""
    user = _acting_user.get()
    if user is None:
        raise NoActingUser("nothing may be recorded without an acting user")
    return user


def _register_stored_name(cls: type) -> None:
    name = cls.__dict__.get("TOPIC")
    if name is None:
        raise TypeError(f"{cls.__qualname__} must declare the name it is stored under (TOPIC)")
    if name in _stored_names and _stored_names[name] is not cls:
        raise TypeError(f"stored name {name!r} is already used by {_stored_names[name]}")
    _stored_names[name] = cls
    register_topic(name, cls)


def stored_event_classes() -> dict[str, type]:
    """Every concrete event class, by the name it is stored under."""
    return dict(_stored_names)


class _RecordedFact:
    """Shared behaviour of every event; concrete classes must declare their stored name.

    Abstract bases say ``abstract = True``; every other subclass registers its ``TOPIC``.
    """

    TOPIC: ClassVar[str]
    timestamp: datetime

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("abstract", False):
            _register_stored_name(cls)

    @property
    def recorded_at(self) -> datetime:
        """When the event was recorded (UTC)."""
        return self.timestamp

    @property
    def schema_version(self) -> int:
        return int(getattr(type(self), "class_version", 1))

    def apply(self, aggregate: Any) -> None:
        aggregate.apply(self)  # the aggregate decides what a fact means


class TrackerEvent(_RecordedFact, Aggregate.Event):
    """A fact recorded about an existing item, by ``actor``."""

    abstract = True
    actor: str


class TrackerCreated(_RecordedFact, Aggregate.Created):
    """The first fact of an item, by ``actor``."""

    abstract = True
    actor: str
