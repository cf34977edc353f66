"""A debrief of an operation or incident, and the observations it records.

Its states and steps are in ``debrief_lifecycle``. Each observation is numbered within its
debrief (1, 2, ...) and is decided once: accepted as a learning point (an issue or notable
practice) with a theme, or rejected with a reason. A debrief is reported only when every
observation has been decided, so none is lost.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events.debrief import (
    DebriefCommissioned,
    DebriefHeld,
    DebriefOpened,
    DebriefPostponed,
    DebriefReported,
    DebriefRescheduled,
    DebriefScheduled,
    ObservationAccepted,
    ObservationRecorded,
    ObservationRejected,
)
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.errors import InvalidInput
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_date, choice, long_text, text
from tracker.learning.debrief_lifecycle import (
    ACCEPT,
    COMMISSIONED,
    HELD,
    HOLD,
    KINDS,
    LEVELS,
    LIFECYCLE,
    POSTPONE,
    POSTPONED,
    RECORD,
    REJECT,
    REPORT,
    REPORTED,
    RESCHEDULE,
    SCHEDULE,
    SCHEDULED,
    level_of,
)
from tracker.learning.observation import ACCEPTED, REJECTED, Observation
from tracker.learning.point import ISSUE, NATURES, THEMES, checked_link

# What a debrief is, as commissioned; each may be corrected later (but its dates).
DESCRIPTION = ("reference", "marking", "kind", "level", "title", "of_what", "lead", "facilitator")


class Debrief(TrackerAggregate):
    """A hot debrief, structured debrief, questionnaire or review, from commission to report."""

    STORED_AS = "Debrief"
    KIND = "debrief"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = ("title", "of_what", "lead", "facilitator", "kind", "level", "marking")

    if TYPE_CHECKING:  # set from DebriefCommissioned or DebriefOpened; see TrackerAggregate
        kind: str
        level: str
        title: str
        of_what: str
        lead: str
        facilitator: str
        scheduled_on: date | None
        held_on: date | None
        postponed_reason: str
        summary: str
        observations: tuple[Observation, ...]

    @classmethod
    def commission(
        cls,
        reference: str,
        *,
        marking: str,
        kind: str,
        level: str,
        title: str,
        of_what: str,
        lead: str,
        facilitator: str,
    ) -> Debrief:
        """Commission a debrief of an operation or incident; it is scheduled next."""
        described = _described(marking, kind, level, title, of_what, lead, facilitator)
        return cls._create(
            DebriefCommissioned, id=item_id(reference), reference=reference, **described
        )

    @classmethod
    def open(
        cls,
        reference: str,
        *,
        today: date,
        marking: str,
        kind: str,
        title: str,
        of_what: str,
        lead: str,
        held_on: date | str,
        level: str = "",
        facilitator: str = "",
    ) -> Debrief:
        """Commission a debrief held on ``held_on`` and hold it at once (a hot debrief, held
        straight after the incident); at the level its kind suggests and facilitated by its
        lead unless told otherwise."""
        kind = choice("kind", kind, KINDS)
        lead = text("lead", lead)
        described = _described(
            marking, kind, level or level_of(kind), title, of_what, lead, facilitator or lead
        )
        return cls._create(
            DebriefOpened,
            id=item_id(reference),
            reference=reference,
            **described,
            held_on=_held_by(today, held_on),
        )

    def schedule(self, scheduled_on: date | str) -> None:
        """The debrief is to be held on ``scheduled_on``."""
        day = a_date("scheduled_on", scheduled_on)
        self._check_step(SCHEDULE)
        self.trigger_event(DebriefScheduled, scheduled_on=day)

    def postpone(self, reason: str) -> None:
        """The debrief will not be held on the day it was scheduled for, for ``reason``."""
        reason = long_text("reason", reason)
        self._check_step(POSTPONE)
        self.trigger_event(DebriefPostponed, was_scheduled_on=self.scheduled_on, reason=reason)

    def reschedule(self, scheduled_on: date | str) -> None:
        """The postponed debrief is to be held on ``scheduled_on`` instead."""
        day = a_date("scheduled_on", scheduled_on)
        self._check_step(RESCHEDULE)
        self.trigger_event(DebriefRescheduled, scheduled_on=day)

    def hold(self, held_on: date | str, *, today: date) -> None:
        """The debrief was held on ``held_on``; its observations can be recorded now."""
        day = _held_by(today, held_on)
        self._check_step(HOLD)
        self.trigger_event(DebriefHeld, held_on=day)

    def record_observation(self, text: str, repeats: str = "") -> int:
        """Record the next observation; returns its number within the debrief."""
        observation = long_text("text", text)
        repeats = checked_link("repeats", repeats, required=False)
        self._check_step(RECORD)
        number = len(self.observations) + 1
        self.trigger_event(ObservationRecorded, number=number, text=observation, repeats=repeats)
        return number

    def accept_observation(
        self, number: int, theme: str, learning_point: str, nature: str = ISSUE
    ) -> Observation:
        """The observation becomes the learning point ``learning_point``, under ``theme``: an
        issue, or notable practice."""
        theme = choice("theme", theme, THEMES)
        nature = choice("nature", nature, NATURES)
        learning_point = checked_link("learning_point", learning_point)
        self._check_step(ACCEPT)
        observation = self._undecided(number)
        self.trigger_event(
            ObservationAccepted,
            number=number,
            learning_point=learning_point,
            theme=theme,
            nature=nature,
        )
        return observation

    def reject_observation(self, number: int, reason: str) -> None:
        reason = long_text("reason", reason)
        self._check_step(REJECT)
        self._undecided(number)
        self.trigger_event(ObservationRejected, number=number, reason=reason)

    def _steps_ruled_out(self) -> set[str]:
        if self.state != HELD:
            return set()
        undecided = any(not o.is_decided for o in self.observations)
        # Observations are decided before the debrief is reported, and only those there are.
        return {REPORT} if undecided else {ACCEPT, REJECT}

    def report(self, summary: str) -> None:
        """Report the debrief, once every observation has been accepted or rejected."""
        summary = long_text("summary", summary)
        self._check_step(REPORT)
        pending = [str(o.number) for o in self.observations if not o.is_decided]
        if pending:
            raise self._refuse(
                f"observation(s) {', '.join(pending)} must be accepted or rejected "
                "before the debrief is reported"
            )
        self.trigger_event(DebriefReported, summary=summary)

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
        if field == "level":
            return choice("new_value", value, LEVELS)
        return super()._amended_value(field, value)

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: DebriefCommissioned) -> None:
        self._described_by(event, COMMISSIONED, held_on=None)

    @apply.register
    def _(self, event: DebriefOpened) -> None:
        self._described_by(event, HELD, held_on=event.held_on)

    @apply.register
    def _(self, event: DebriefScheduled | DebriefRescheduled) -> None:
        self.state, self.scheduled_on = SCHEDULED, event.scheduled_on

    @apply.register
    def _(self, event: DebriefPostponed) -> None:
        # The day it was scheduled for stays, until it is rescheduled, beside the reason.
        self.state, self.postponed_reason = POSTPONED, event.reason

    @apply.register
    def _(self, event: DebriefHeld) -> None:
        self.state, self.held_on = HELD, event.held_on

    @apply.register
    def _(self, event: ObservationRecorded) -> None:
        added = Observation(event.number, event.text, event.repeats)
        self.observations = (*self.observations, added)

    @apply.register
    def _(self, event: ObservationAccepted) -> None:
        self._decide(
            event.number, status=ACCEPTED, learning_point=event.learning_point,
            theme=event.theme, nature=event.nature,
        )  # fmt: skip

    @apply.register
    def _(self, event: ObservationRejected) -> None:
        self._decide(event.number, status=REJECTED, reason=event.reason)

    @apply.register
    def _(self, event: DebriefReported) -> None:
        self.state, self.summary = REPORTED, event.summary

    def _described_by(
        self, event: DebriefCommissioned | DebriefOpened, state: str, held_on: date | None
    ) -> None:
        for name in DESCRIPTION:
            setattr(self, name, getattr(event, name))
        self.state, self.scheduled_on, self.held_on = state, None, held_on
        self.postponed_reason, self.summary = "", ""
        self.observations = ()

    def _decide(self, number: int, **decision: Any) -> None:
        decided = replace(self.observations[number - 1], **decision)
        self.observations = tuple(decided if o.number == number else o for o in self.observations)


def _described(
    marking: str, kind: str, level: str, title: str, of_what: str, lead: str, facilitator: str
) -> dict[str, str]:
    """A debrief's description, each part checked and refused naming its field."""
    return {
        "marking": checked_marking(marking),
        "kind": choice("kind", kind, KINDS),
        "level": choice("level", level, LEVELS),
        "title": text("title", title),
        "of_what": text("of_what", of_what),
        "lead": text("lead", lead),
        "facilitator": text("facilitator", facilitator),
    }


def _held_by(today: date, held_on: date | str) -> date:
    """The day a debrief was held: refused if that day is still to come (in London)."""
    day = a_date("held_on", held_on)
    if day > today:
        raise InvalidInput(
            "held_on", f"{day.isoformat()} is still to come; a debrief is recorded once held"
        )
    return day
