"""A debrief of an operation or incident, and the observations it records.

Each observation is numbered within its debrief (1, 2, ...) and is decided once: accepted
as a learning point with a theme, or rejected with a reason. A debrief closes only when
every observation has been decided, so none is lost.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events.debrief import (
    DebriefClosed,
    DebriefOpened,
    ObservationAccepted,
    ObservationRecorded,
    ObservationRejected,
)
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.errors import InvalidInput
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_date, choice, long_text, text
from tracker.learning.observation import ACCEPTED, REJECTED, Observation
from tracker.learning.point import THEMES, checked_link

KINDS = ("hot debrief", "structured debrief", "questionnaire", "review")
OPEN = "open"
CLOSED = "closed"

RECORD, ACCEPT, REJECT, CLOSE = (
    "record observation", "accept observation", "reject observation", "close",
)  # fmt: skip

LIFECYCLE = {
    OPEN: {RECORD: OPEN, ACCEPT: OPEN, REJECT: OPEN, CLOSE: CLOSED},
    CLOSED: {},
}


class Debrief(TrackerAggregate):
    """A hot debrief, structured debrief, questionnaire or review, from opening to closing."""

    STORED_AS = "Debrief"
    KIND = "debrief"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = ("title", "of_what", "lead", "kind", "marking")

    if TYPE_CHECKING:  # set from DebriefOpened; see TrackerAggregate
        kind: str
        title: str
        of_what: str
        lead: str
        held_on: date

    @classmethod
    def open(
        cls,
        reference: str,
        *,
        marking: str,
        kind: str,
        title: str,
        of_what: str,
        lead: str,
        held_on: date | str,
    ) -> Debrief:
        """Open a debrief of an operation or incident."""
        return cls._create(
            DebriefOpened,
            id=item_id(reference),
            reference=reference,
            marking=checked_marking(marking),
            kind=choice("kind", kind, KINDS),
            title=text("title", title),
            of_what=text("of_what", of_what),
            lead=text("lead", lead),
            held_on=a_date("held_on", held_on),
        )

    def record_observation(self, text: str, repeats: str = "") -> int:
        """Record the next observation; returns its number within the debrief."""
        observation = long_text("text", text)
        repeats = checked_link("repeats", repeats, required=False)
        self._check_step(RECORD)
        number = len(self.observations) + 1
        self.trigger_event(ObservationRecorded, number=number, text=observation, repeats=repeats)
        return number

    def accept_observation(self, number: int, theme: str, learning_point: str) -> Observation:
        """The observation becomes the learning point ``learning_point``, under ``theme``."""
        theme = choice("theme", theme, THEMES)
        learning_point = checked_link("learning_point", learning_point)
        self._check_step(ACCEPT)
        observation = self._undecided(number)
        self.trigger_event(
            ObservationAccepted, number=number, learning_point=learning_point, theme=theme
        )
        return observation

    def reject_observation(self, number: int, reason: str) -> None:
        reason = long_text("reason", reason)
        self._check_step(REJECT)
        self._undecided(number)
        self.trigger_event(ObservationRejected, number=number, reason=reason)

    def _steps_ruled_out(self) -> set[str]:
        if self.state != OPEN:
            return set()
        undecided = any(not o.is_decided for o in self.observations)
        # Observations are decided before the debrief closes, and only those there are.
        return {CLOSE} if undecided else {ACCEPT, REJECT}

    def close(self, summary: str) -> None:
        summary = long_text("summary", summary)
        self._check_step(CLOSE)
        pending = [str(o.number) for o in self.observations if not o.is_decided]
        if pending:
            raise self._refuse(
                f"observation(s) {', '.join(pending)} must be accepted or rejected "
                "before the debrief is closed"
            )
        self.trigger_event(DebriefClosed, summary=summary)

    def observation(self, number: int) -> Observation:
        """Observation ``number``; refused when the debrief has no such observation."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidInput("number", f"must be a whole number; got {number!r}")
        if not 1 <= number <= len(self.observations):
            raise InvalidInput(
                "number",
                f"{self.reference} has no observation {number}; it has {len(self.observations)}",
            )
        return self.observations[number - 1]

    def _undecided(self, number: int) -> Observation:
        observation = self.observation(number)
        if observation.status == ACCEPTED:
            raise self._refuse(
                f"observation {number} was already accepted as {observation.learning_point}"
            )
        if observation.status == REJECTED:
            raise self._refuse(f"observation {number} was already rejected")
        return observation

    def _amended_value(self, field: str, value: str) -> str:
        if field == "kind":
            return choice("new_value", value, KINDS)
        return super()._amended_value(field, value)

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: DebriefOpened) -> None:
        for name in ("reference", "marking", "kind", "title", "of_what", "lead", "held_on"):
            setattr(self, name, getattr(event, name))
        self.state = OPEN
        self.observations: tuple[Observation, ...] = ()
        self.summary = ""

    @apply.register
    def _(self, event: ObservationRecorded) -> None:
        added = Observation(event.number, event.text, event.repeats)
        self.observations = (*self.observations, added)

    @apply.register
    def _(self, event: ObservationAccepted) -> None:
        self._decide(
            event.number, status=ACCEPTED, learning_point=event.learning_point, theme=event.theme
        )

    @apply.register
    def _(self, event: ObservationRejected) -> None:
        self._decide(event.number, status=REJECTED, reason=event.reason)

    @apply.register
    def _(self, event: DebriefClosed) -> None:
        self.state, self.summary = CLOSED, event.summary

    def _decide(self, number: int, **decision: Any) -> None:
        decided = replace(self.observations[number - 1], **decision)
        self.observations = tuple(decided if o.number == number else o for o in self.observations)
