"""Aggregates stored under a fixed name, whose events carry the acting user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self
from uuid import UUID

from eventsourcing.domain import Aggregate, CanInitAggregate, CanMutateAggregate
from eventsourcing.utils import register_topic

from events.base import acting_user


class StoredAggregate(Aggregate):
    """An aggregate stored under a fixed name, whose events carry the acting user."""

    STORED_AS: ClassVar[str]
    if TYPE_CHECKING:  # set by __init_subclass__; the library reads it with getattr
        TOPIC: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The library stores an aggregate's topic in its first event; pin it to a stable
        # name. Abstract bases declare none.
        if "STORED_AS" in cls.__dict__:
            cls.TOPIC = cls.STORED_AS
            register_topic(cls.STORED_AS, cls)

    @classmethod
    def _create(
        cls, event_class: type[CanInitAggregate[UUID]], *, id: UUID | None = None, **kwargs: Any
    ) -> Self:
        return super()._create(event_class, id=id, actor=acting_user(), **kwargs)

    def trigger_event(
        self, event_class: type[CanMutateAggregate[UUID]], *args: Any, **kwargs: Any
    ) -> None:
        super().trigger_event(event_class, *args, actor=acting_user(), **kwargs)
