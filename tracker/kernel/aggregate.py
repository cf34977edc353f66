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
from typing import TYPE_CHECKING, ClassVar

from events.common import ItemAmended, ReviewRecorded
from tracker.kernel.errors import IllegalStep, InvalidInput, RuleBroken
from tracker.kernel.markings import (
    MARKINGS,
)
from tracker.kernel.stored import StoredAggregate
from tracker.kernel.validation import long_text

Lifecycle = Mapping[str, Mapping[str, str]]


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
