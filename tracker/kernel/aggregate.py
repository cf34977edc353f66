"""What every tracked item shares: a reference, a marking, a lifecycle, amendments and reviews.

A subclass declares ``STORED_AS`` (its stored name, independent of this module's path),
``KIND`` (what users call it), ``LIFECYCLE`` (state -> {step: next state}) and
``AMENDABLE`` (the text fields a correction may change). Decisions check rules and
trigger events; ``apply`` only evolves state, with no rules, clock or I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any, ClassVar, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, CanInitAggregate, CanMutateAggregate
from eventsourcing.utils import register_topic

from events.base import acting_user
from events.common import ItemAmended, ReviewRecorded
from tracker.kernel.errors import IllegalStep, InvalidInput, RuleBroken
from tracker.kernel.validation import long_text, text

OFFICIAL, SENSITIVE = "OFFICIAL", "OFFICIAL-SENSITIVE"
# The longest reference of all, a reminder's key: item (40), kind (16), due moment (30)
# and the recipient's address (254, the longest SMTP allows; reminders.reminder).
LONGEST_REFERENCE = 40 + 16 + 30 + 254
MARKINGS = (OFFICIAL, SENSITIVE)
ITEM_NAMESPACE = uuid5(NAMESPACE_URL, "urn:tracker:item")

Lifecycle = Mapping[str, Mapping[str, str]]


def item_id(reference: str) -> UUID:
    """Every item's id derives from its reference, so a reference can only be used once."""
    return uuid5(ITEM_NAMESPACE, reference.strip().upper())


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


class TrackerAggregate(StoredAggregate):
    """Base of every item."""

    KIND: ClassVar[str]
    LIFECYCLE: ClassVar[Lifecycle] = {}
    AMENDABLE: ClassVar[tuple[str, ...]] = ()

    # Each kind sets ``reference``, ``marking`` and ``state`` when its first event applies,
    # the others when an amendment or a review applies. Declared for the type checker only:
    # class annotations at run time would make the library add them to ``__init__``.
    if TYPE_CHECKING:
        reference: str
        marking: str
        state: str
        amendments: tuple[str, ...]
        next_review: date | None
        last_review: datetime | None

    # -- lifecycle ------------------------------------------------------------------------

    def allowed_steps(self) -> tuple[str, ...]:
        """The steps a user may take now: the lifecycle's, less those this item's rules forbid."""
        ruled_out = self._steps_ruled_out()
        return tuple(s for s in self.LIFECYCLE.get(self.state, {}) if s not in ruled_out)

    def _steps_ruled_out(self) -> set[str]:
        """Steps the lifecycle allows from this state but this item's own facts forbid."""
        return set()

    def _check_step(self, step: str) -> str:
        """The state ``step`` leads to from here; refused with the steps that are allowed."""
        steps = self.LIFECYCLE.get(self.state, {})
        if step not in steps:
            raise IllegalStep(self.KIND, self.reference, self.state, step, self.allowed_steps())
        return steps[step]

    @property
    def is_closed(self) -> bool:
        return not self.LIFECYCLE.get(self.state)

    def _refuse(self, rule: str) -> RuleBroken:
        return RuleBroken(self.reference, rule)

    # -- corrections and reviews ----------------------------------------------------------

    def amend(self, field: str, new_value: str, reason: str) -> None:
        """Correct a recorded field; the earlier value stays in the trail."""
        if field not in self.AMENDABLE:
            allowed = ", ".join(self.AMENDABLE) or "none"
            raise InvalidInput("field", f"{field!r} cannot be amended; amendable: {allowed}")
        reason = long_text("reason", reason)
        new_value = self._amended_value(field, new_value)
        old_value = str(getattr(self, field))
        if new_value == old_value:
            raise self._refuse(f"{field} already reads {new_value!r}: nothing to amend")
        self.trigger_event(
            ItemAmended, field=field, old_value=old_value, new_value=new_value, reason=reason
        )

    def _amended_value(self, field: str, value: str) -> str:
        if field == "marking":
            if value not in MARKINGS:
                raise InvalidInput("new_value", f"a marking must be one of {', '.join(MARKINGS)}")
            return value
        return long_text("new_value", value)

    def record_review(self, note: str, next_review: date | None) -> None:
        """Note a review and when the item should next be looked at."""
        note = long_text("note", note)
        if self.is_closed:
            raise self._refuse(f"{self.KIND} is {self.state!r}; a closed item is not reviewed")
        self.trigger_event(ReviewRecorded, note=note, next_review=next_review)

    # -- evolving state -------------------------------------------------------------------

    # Subclasses define their own ``@singledispatchmethod apply`` whose fallback calls
    # ``super().apply(event)``, so these shared facts reach every kind of item.
    @singledispatchmethod
    def apply(self, event: object) -> None:
        """Events an item does not care about change nothing."""

    @apply.register
    def _(self, event: ItemAmended) -> None:
        setattr(self, event.field, event.new_value)
        self.amendments = (*getattr(self, "amendments", ()), event.field)

    @apply.register
    def _(self, event: ReviewRecorded) -> None:
        self.next_review = event.next_review
        self.last_review = event.timestamp


def checked_marking(value: Any) -> str:
    if value not in MARKINGS:
        raise InvalidInput("marking", f"must be one of {', '.join(MARKINGS)}; got {value!r}")
    return str(value)


def inherited_marking(source: TrackerAggregate, given: str = "") -> str:
    """A new item drawn from ``source`` is marked at least as highly as its source.

    Lowering it would copy sensitive text into an OFFICIAL item; that takes an amendment
    with a reason, recorded on its own.
    """
    if not given:
        return source.marking
    marking = checked_marking(given)
    if MARKINGS.index(marking) < MARKINGS.index(source.marking):
        raise InvalidInput(
            "marking",
            f"cannot be lower than {source.reference}'s {source.marking}; "
            "amend the marking afterwards, with a reason, if it really is lower",
        )
    return marking


def checked_reference(value: Any, max_length: int = 40) -> str:
    return text("reference", value, max_length=max_length).upper()
