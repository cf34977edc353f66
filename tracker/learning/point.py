"""A learning point from a debrief observation: an issue (a lesson identified), until it is
learned, or notable practice, which is shared rather than fixed and so needs no action.

When is a lesson learned? Once every action raised on the point is settled (validated, or
not adopted with a rationale) and at least one of them was validated: a point whose every
action was not adopted has changed nothing, so it stays open for another action. After a
recurrence reopens a point as "not learned", the actions that failed to prevent it no
longer count: the lesson is learned again only when an action raised since the reopening
is validated (and, as before, every action is settled).
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING

from events.learning import (
    ActionRaised,
    ActionSettled,
    LearningPointIdentified,
    LearningPointReopened,
    LessonLearned,
)
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_whole_number, choice, long_text, text

THEMES = (
    "command structure",
    "roles and responsibilities",
    "resilience of key roles",
    "communications",
    "planning",
    "decision recording",
    "resourcing",
    "other",
)

# What a learning point is: a lesson identified, or practice others should follow.
ISSUE, NOTABLE_PRACTICE = "issue", "notable practice"
NATURES = (ISSUE, NOTABLE_PRACTICE)

IDENTIFIED = "identified"
BEING_ACTIONED = "being actioned"
LEARNED = "learned"
NOT_LEARNED = "not learned"

RAISE, SETTLE, LEARN, REOPEN = "raise action", "settle action", "learn lesson", "reopen"

LIFECYCLE = {
    IDENTIFIED: {RAISE: BEING_ACTIONED},
    # "learn lesson" is taken by settling the last action, when the rule above holds.
    BEING_ACTIONED: {RAISE: BEING_ACTIONED, SETTLE: BEING_ACTIONED, LEARN: LEARNED},
    LEARNED: {REOPEN: NOT_LEARNED},
    NOT_LEARNED: {RAISE: BEING_ACTIONED},
    # Notable practice is shared, not fixed: it is in a state of its own from the start,
    # takes no action and is never "learned".
    NOTABLE_PRACTICE: {},
}

# How an action is settled; until then it is outstanding.
OUTSTANDING, VALIDATED, NOT_ADOPTED = "outstanding", "validated", "not adopted"
SETTLED_AS = (VALIDATED, NOT_ADOPTED)


class LearningPoint(TrackerAggregate):
    """A lesson identified, its actions, and whether it has been learned; or notable practice."""

    STORED_AS = "LearningPoint"
    KIND = "learning point"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = ("text", "theme", "marking")

    if TYPE_CHECKING:  # set from LearningPointIdentified; see TrackerAggregate
        text: str
        theme: str
        debrief: str
        observation: int
        nature: str

    @classmethod
    def identify(
        cls,
        reference: str,
        *,
        marking: str,
        text: str,
        theme: str,
        debrief: str,
        observation: int,
        nature: str = ISSUE,
    ) -> LearningPoint:
        """Identify a lesson (or notable practice) from observation ``observation`` of
        debrief ``debrief``."""
        return cls._create(
            LearningPointIdentified,
            id=item_id(reference),
            reference=reference,
            marking=checked_marking(marking),
            text=long_text("text", text),
            theme=choice("theme", theme, THEMES),
            debrief=checked_link("debrief", debrief),
            observation=a_whole_number("observation", observation, least=1),
            nature=choice("nature", nature, NATURES),
        )

    def _steps_ruled_out(self) -> set[str]:
        # "learn lesson" is taken by itself when the last action settles, never by a user.
        return {LEARN} if self.outstanding_actions else {LEARN, SETTLE}

    def raise_action(self, action_reference: str) -> None:
        """Note the action raised on this point; a learned lesson takes none until reopened."""
        action_reference = checked_link("action_reference", action_reference)
        self._check_step(RAISE)
        if action_reference in self.actions:
            raise self._refuse(f"{action_reference} is already an action of this point")
        self.trigger_event(ActionRaised, action_reference=action_reference)

    def settle_action(self, action_reference: str, how: str) -> None:
        """Note an action validated or not adopted; the last one may make the lesson learned."""
        action_reference = checked_link("action_reference", action_reference)
        how = choice("how", how, SETTLED_AS)
        self._check_step(SETTLE)
        status = self.actions.get(action_reference)
        if status is None:
            raise self._refuse(f"{action_reference} is not an action of this learning point")
        if status != OUTSTANDING:
            raise self._refuse(f"{action_reference} was already settled as {status!r}")
        self.trigger_event(ActionSettled, action_reference=action_reference, how=how)
        if self.lesson_is_learned:
            self._check_step(LEARN)
            self.trigger_event(LessonLearned)

    @property
    def lesson_is_learned(self) -> bool:
        """Every action settled, and one raised since the last reopening validated."""
        all_settled = all(s != OUTSTANDING for s in self.actions.values())
        return all_settled and any(self.actions[a] == VALIDATED for a in self.current_actions)

    @property
    def outstanding_actions(self) -> tuple[str, ...]:
        return tuple(a for a, s in self.actions.items() if s == OUTSTANDING)

    def reopen(self, debrief: str, observation: int) -> None:
        """The learned lesson recurred, seen in ``observation`` of ``debrief``: not learned."""
        debrief = checked_link("debrief", debrief)
        observation = a_whole_number("observation", observation, least=1)
        self._check_step(REOPEN)
        self.trigger_event(LearningPointReopened, debrief=debrief, observation=observation)

    def note_repeat(self, debrief: str, observation: int) -> None:
        """A new observation repeats this lesson: reopen it if it was learned."""
        if self.state == LEARNED:
            self.reopen(debrief, observation)

    def _amended_value(self, field: str, value: str) -> str:
        if field == "theme":
            return choice("new_value", value, THEMES)
        return super()._amended_value(field, value)

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: LearningPointIdentified) -> None:
        for name in ("reference", "marking", "text", "theme", "debrief", "observation", "nature"):
            setattr(self, name, getattr(event, name))
        self.state = NOTABLE_PRACTICE if event.nature == NOTABLE_PRACTICE else IDENTIFIED
        self.actions: dict[str, str] = {}
        # The actions that count towards learning the lesson: those since the last reopening.
        self.current_actions: tuple[str, ...] = ()
        self.recurrences: tuple[tuple[str, int], ...] = ()

    @apply.register
    def _(self, event: ActionRaised) -> None:
        self.state = BEING_ACTIONED
        self.actions = {**self.actions, event.action_reference: OUTSTANDING}
        self.current_actions = (*self.current_actions, event.action_reference)

    @apply.register
    def _(self, event: ActionSettled) -> None:
        self.actions = {**self.actions, event.action_reference: event.how}

    @apply.register
    def _(self, event: LessonLearned) -> None:
        self.state = LEARNED

    @apply.register
    def _(self, event: LearningPointReopened) -> None:
        self.state = NOT_LEARNED
        self.current_actions = ()
        self.recurrences = (*self.recurrences, (event.debrief, event.observation))


def checked_link(field: str, value: object, *, required: bool = True) -> str:
    """A reference to another item (e.g. "LP-3"), refused naming ``field`` when malformed."""
    return text(field, value, max_length=40, required=required).upper()
