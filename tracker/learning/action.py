"""A learning action: what an owner will do about a learning point, by when, under which board.

The due date moves only by an approved extension (an approver, a reason, a later date), so
the board overseeing the action can see every slip and who allowed it.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatchmethod
from typing import TYPE_CHECKING

from events import learning as learning_events
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_date, long_text, text
from tracker.learning.point import checked_link

OPEN = "open"
IN_PROGRESS = "in progress"
IMPLEMENTED = "implemented"
VALIDATED = "validated"
NOT_ADOPTED = "not adopted"

NOTE_PROGRESS, IMPLEMENT, VALIDATE = "note progress", "implement", "validate"
NOT_ADOPT, EXTEND, REASSIGN = "not adopt", "extend due date", "reassign"

LIFECYCLE = {
    OPEN: {
        NOTE_PROGRESS: IN_PROGRESS, NOT_ADOPT: NOT_ADOPTED, EXTEND: OPEN, REASSIGN: OPEN,
    },
    IN_PROGRESS: {
        NOTE_PROGRESS: IN_PROGRESS, IMPLEMENT: IMPLEMENTED, NOT_ADOPT: NOT_ADOPTED,
        EXTEND: IN_PROGRESS, REASSIGN: IN_PROGRESS,
    },
    IMPLEMENTED: {VALIDATE: VALIDATED},
    VALIDATED: {},
    NOT_ADOPTED: {},
}  # fmt: skip


class LearningAction(TrackerAggregate):
    """An action raised on a learning point, from open to validated or not adopted."""

    STORED_AS = "LearningAction"
    KIND = "learning action"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = ("description", "overseeing_board", "marking")

    if TYPE_CHECKING:  # set from learning_events.LearningActionRaised; see TrackerAggregate
        learning_point: str
        description: str
        owner: str
        due_on: date
        overseeing_board: str

    @classmethod
    def raise_for(
        cls,
        reference: str,
        *,
        learning_point: str,
        marking: str,
        description: str,
        owner: str,
        due_on: date | str,
        overseeing_board: str,
    ) -> LearningAction:
        """Raise an action on ``learning_point`` for ``owner``, due on ``due_on``."""
        return cls._create(
            learning_events.LearningActionRaised,
            id=item_id(reference),
            reference=reference,
            marking=checked_marking(marking),
            learning_point=checked_link("learning_point", learning_point),
            description=long_text("description", description),
            owner=text("owner", owner),
            due_on=a_date("due_on", due_on),
            overseeing_board=text("overseeing_board", overseeing_board),
        )

    def note_progress(self, note: str) -> None:
        """A progress note; the first one puts the action in progress."""
        note = long_text("note", note)
        self._check_step(NOTE_PROGRESS)
        self.trigger_event(learning_events.LearningActionProgressNoted, note=note)

    def implement(self, evidence: str) -> None:
        evidence = long_text("evidence", evidence)
        self._check_step(IMPLEMENT)
        self.trigger_event(learning_events.LearningActionImplemented, evidence=evidence)

    def validate(self, validated_by: str, note: str, owner_now: str | None = None) -> None:
        """``validated_by`` confirmed that the implemented action delivers the lesson: someone
        independent of it, neither its owner (``owner_now``, when a post owns it, is the
        person holding the post) nor whoever recorded it as implemented."""
        validated_by = text("validated_by", validated_by)
        note = long_text("note", note)
        self._check_step(VALIDATE)
        if validated_by in (self.owner, owner_now):
            raise self._refuse(f"{validated_by} owns the action; its validator must be "
                               "independent of it (the overseeing board's)")  # fmt: skip
        if validated_by == self.implemented_by:
            raise self._refuse(f"{validated_by} recorded it as implemented; its validator "
                               "must be independent of it (the overseeing board's)")  # fmt: skip
        self.trigger_event(
            learning_events.LearningActionValidated, validated_by=validated_by, note=note
        )

    def not_adopt(self, rationale: str) -> None:
        rationale = long_text("rationale", rationale)
        self._check_step(NOT_ADOPT)
        self.trigger_event(learning_events.LearningActionNotAdopted, rationale=rationale)

    def extend_due_date(
        self, new_due_on: date | str, approver: str, reason: str, one_person: bool = False
    ) -> None:
        """Move the due date later, as approved by ``approver`` for ``reason``; ``one_person``
        says the approver and the owner are the same person now (through a post)."""
        new_due_on = a_date("new_due_on", new_due_on)
        approver = text("approver", approver, required=False)
        reason = long_text("reason", reason)
        self._check_step(EXTEND)
        self._check_extension(new_due_on, approver, one_person)
        self.trigger_event(
            learning_events.LearningActionDueDateExtended,
            old_due_on=self.due_on,
            new_due_on=new_due_on,
            approver=approver,
            reason=reason,
        )

    def _check_extension(self, new_due_on: date, approver: str, one_person: bool) -> None:
        """An extension names who approved it and moves the due date later."""
        if not approver:
            raise self._refuse(
                "the due date moves only by an approved extension: name the approver"
            )
        if approver == self.owner or one_person:
            raise self._refuse(f"{approver} owns the action and cannot approve its own "
                               "extension; name someone else (the overseeing board's)")  # fmt: skip
        if new_due_on <= self.due_on:
            raise self._refuse(
                f"an extension must move the due date later than {self.due_on.isoformat()}"
            )

    def reassign(self, new_owner: str, reason: str) -> None:
        new_owner = text("new_owner", new_owner)
        reason = long_text("reason", reason)
        self._check_step(REASSIGN)
        if new_owner == self.owner:
            raise self._refuse(f"the action is already owned by {new_owner}")
        self.trigger_event(
            learning_events.LearningActionReassigned,
            old_owner=self.owner,
            new_owner=new_owner,
            reason=reason,
        )

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: learning_events.LearningActionRaised) -> None:
        for name in (
            "reference", "marking", "learning_point", "description", "owner", "due_on",
            "overseeing_board",
        ):  # fmt: skip
            setattr(self, name, getattr(event, name))
        self.state = OPEN
        self.progress: tuple[str, ...] = ()
        self.evidence = self.implemented_by = ""
        self.validated_by = ""
        self.validation_note = ""
        self.rationale = ""
        self.extensions = 0

    @apply.register
    def _(self, event: learning_events.LearningActionProgressNoted) -> None:
        self.state = IN_PROGRESS
        self.progress = (*self.progress, event.note)

    @apply.register
    def _(self, event: learning_events.LearningActionImplemented) -> None:
        self.state, self.evidence = IMPLEMENTED, event.evidence
        self.implemented_by = event.actor

    @apply.register
    def _(self, event: learning_events.LearningActionValidated) -> None:
        self.state = VALIDATED
        self.validated_by, self.validation_note = event.validated_by, event.note

    @apply.register
    def _(self, event: learning_events.LearningActionNotAdopted) -> None:
        self.state, self.rationale = NOT_ADOPTED, event.rationale

    @apply.register
    def _(self, event: learning_events.LearningActionDueDateExtended) -> None:
        self.due_on = event.new_due_on
        self.extensions += 1

    @apply.register
    def _(self, event: learning_events.LearningActionReassigned) -> None:
        self.owner = event.new_owner
