"""A formal NCA tasking: a request under s.5(1)(a) or a direction under s.5(5).

Its bases, states and steps are in ``lifecycle``.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import tasking as tasking_events
from events.parties import post_party
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.errors import InvalidInput
from tracker.kernel.forum_decision import UNMOVING, ForumDecision
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_date, choice, long_text, text, text_list
from tracker.people.standard_posts import soc_lead
from tracker.tasking.lifecycle import (
    ACCEPT,
    ACCEPTED,
    BASES,
    COMPLETE,
    COMPLETED,
    DECIDED_BY,
    DECLINE,
    DECLINED,
    DIRECTION,
    IN_PROGRESS,
    LIFECYCLE,
    PRESENT,
    PRESENTED,
    RECEIVED,
    REFER_BACK,
    REFERRED_BACK,
    REGION_FORCES,
    REPORT_BACK,
    REPORT_PROGRESS,
    REPORTED_BACK,
    REQUEST,
    RESOURCING,
)
from tracker.tasking.requirement_reports import checked_report
from tracker.tasking.requirements import ForceRequirements, placed

# Before the RTTCG accepts a tasking nothing is yet required of the forces; once it is
# completed (or was never taken on) their requirements are settled.
TAKES_REQUIREMENT_PROGRESS = (ACCEPTED, IN_PROGRESS)


class Tasking(TrackerAggregate):
    """A tasking of the NCA Director General, from receipt to the report back."""

    STORED_AS = "Tasking"
    KIND = "tasking"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = (
        "title", "description", "assists_nca_functions", "threat_area", "lead_officer",
        "nca_reference", "marking",
    )  # fmt: skip

    if TYPE_CHECKING:  # set from tasking_events.TaskingReceived; see TrackerAggregate
        basis: str
        nca_reference: str
        received_on: date
        title: str
        description: str
        assists_nca_functions: str
        threat_area: str
        lead_officer: str
        resourcing: str

    @classmethod
    def receive(
        cls,
        reference: str,
        *,
        marking: str,
        basis: str,
        nca_reference: str,
        received_on: date,
        title: str,
        description: str,
        assists_nca_functions: str,
        threat_area: str,
        lead_officer: str,
        resourcing: str,
    ) -> Tasking:
        """Log a tasking as received from the NCA."""
        basis = choice("basis", basis, BASES)
        # s.5(2): a request must say how it would assist the NCA's functions.
        assists = long_text("assists_nca_functions", assists_nca_functions,
                            required=basis == REQUEST)  # fmt: skip
        return cls._create(
            tasking_events.TaskingReceived,
            id=item_id(reference),
            reference=reference,
            marking=checked_marking(marking),
            basis=basis,
            nca_reference=text("nca_reference", nca_reference, required=False),
            received_on=a_date("received_on", received_on),
            title=text("title", title),
            description=long_text("description", description),
            assists_nca_functions=assists,
            threat_area=text("threat_area", threat_area),
            # A tasking may arrive before its lead is named: it is unowned until then.
            lead_officer=text("lead_officer", lead_officer, required=False),
            resourcing=choice("resourcing", resourcing, RESOURCING),
        )

    @property
    def is_direction(self) -> bool:
        return self.basis == DIRECTION

    def place_requirements(self, force: str, requirements: list[str], owner: str = "") -> None:
        """Place (or place again) what the tasking requires of ``force``, owned there by
        ``owner``: the owner named before, or else the force's SOC lead's post."""
        force = choice("force", force, REGION_FORCES)
        requirements = list(text_list("requirements", requirements))
        if not requirements:
            raise InvalidInput("requirements", "at least one requirement is needed")
        if self.is_closed:
            raise self._refuse(f"the tasking is {self.state!r}; requirements can no longer change")
        owner = text("owner", owner, required=False) or self._owner_of(force)
        self.trigger_event(
            tasking_events.TaskingRequirementsPlaced,
            force=force, requirements=requirements, owner=owner,
        )  # fmt: skip

    def _owner_of(self, force: str) -> str:
        earlier = self.requirements.get(force)
        return earlier.owner if earlier else post_party(soc_lead(force))

    def report_requirement_progress(self, *, today: date, **report: Any) -> None:
        """Record progress on one requirement of one force (``requirement_reports``)."""
        if self.state not in TAKES_REQUIREMENT_PROGRESS:
            raise self._refuse(
                f"the tasking is {self.state!r}: its requirements take progress once the "
                f"{DECIDED_BY} has accepted it and until it is completed"
            )
        fields = checked_report(
            self.requirements, received_on=self.received_on, today=today, **report
        )
        self.trigger_event(tasking_events.TaskingRequirementProgressed, **fields)

    def present(self, meeting_on: date, note: str) -> None:
        self._check_step(PRESENT)
        self.trigger_event(
            tasking_events.TaskingPresented,
            meeting_on=a_date("meeting_on", meeting_on),
            note=long_text("note", note, required=False),
        )

    def take_decision(self, decision: ForumDecision) -> bool:
        """Accepted or declined by the RTTCG's decision; whether the tasking moved.

        A deferral, or the RTTCG noting it, leaves it where it is; so does a decision about a
        tasking that awaits none (a review of one in progress, say).
        """
        if self.state not in (RECEIVED, PRESENTED):
            return False
        if decision.forum != DECIDED_BY:
            raise self._refuse(
                f"a tasking is accepted or declined by the {DECIDED_BY}; "
                f"{decision.reference} is a decision of the {decision.forum}"
            )
        if decision.outcome in UNMOVING:
            return False
        step = self.accept if decision.approves else self.decline
        step(decision.rationale, decision.reference, decision.decided_on)
        return True

    def accept(self, rationale: str, decision_reference: str, decided_on: date) -> None:
        self._check_step(ACCEPT)
        self._decided(tasking_events.TaskingAccepted, rationale, decision_reference, decided_on)

    def decline(self, rationale: str, decision_reference: str, decided_on: date) -> None:
        self._refuse_for_direction(DECLINE)
        self._check_step(DECLINE)
        self._decided(tasking_events.TaskingDeclined, rationale, decision_reference, decided_on)

    def _decided(
        self,
        event: type[tasking_events.TaskingAccepted | tasking_events.TaskingDeclined],
        rationale: str,
        decision_reference: str,
        decided_on: date,
    ) -> None:
        self.trigger_event(
            event,
            rationale=long_text("rationale", rationale),
            decision_reference=text("decision_reference", decision_reference, max_length=40),
            decided_on=a_date("decided_on", decided_on),
        )

    def refer_back(self, rationale: str) -> None:
        self._refuse_for_direction(REFER_BACK)
        self._check_step(REFER_BACK)
        self.trigger_event(
            tasking_events.TaskingReferredBack, rationale=long_text("rationale", rationale)
        )

    def record_representation(self, representation: str, made_by: str) -> None:
        if not self.is_direction:
            raise self._refuse("representations are recorded about directions; a request may be "
                               "declined or referred back instead")  # fmt: skip
        if self.is_closed:
            raise self._refuse(f"the direction is {self.state!r}")
        self.trigger_event(
            tasking_events.RepresentationRecorded,
            representation=long_text("representation", representation),
            made_by=text("made_by", made_by),
        )

    def report_progress(self, update: str, reported_on: date) -> None:
        self._check_step(REPORT_PROGRESS)
        self.trigger_event(
            tasking_events.TaskingProgressReported,
            update=long_text("update", update),
            reported_on=a_date("reported_on", reported_on),
        )

    def complete(self, outcome: str) -> None:
        self._check_step(COMPLETE)
        self.trigger_event(tasking_events.TaskingCompleted, outcome=long_text("outcome", outcome))

    def report_back(self, report: str, reported_on: date) -> None:
        self._check_step(REPORT_BACK)
        self.trigger_event(
            tasking_events.TaskingReportedBack,
            report=long_text("report", report),
            reported_on=a_date("reported_on", reported_on),
        )

    def _steps_ruled_out(self) -> set[str]:
        return {DECLINE, REFER_BACK} if self.is_direction else set()

    def _refuse_for_direction(self, step: str) -> None:
        if self.is_direction:
            raise self._refuse(
                f"a direction under s.5(5) cannot {step}; record a representation about it instead"
            )

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: tasking_events.TaskingReceived) -> None:
        for name in (
            "reference", "marking", "basis", "nca_reference", "received_on", "title",
            "description", "assists_nca_functions", "threat_area", "lead_officer", "resourcing",
        ):  # fmt: skip
            setattr(self, name, getattr(event, name))
        self.state = RECEIVED
        self.requirements: dict[str, ForceRequirements] = {}
        self.representations: tuple[str, ...] = ()
        self.progress: tuple[str, ...] = ()
        self.rationale = ""
        self.decision_reference = ""
        self.outcome = ""

    @apply.register
    def _(self, event: tasking_events.TaskingRequirementsPlaced) -> None:
        earlier = self.requirements.get(event.force)
        now = placed(earlier, event.force, event.owner, event.requirements)
        self.requirements = {**self.requirements, event.force: now}

    @apply.register
    def _(self, event: tasking_events.TaskingRequirementProgressed) -> None:
        now = self.requirements[event.force].progressed(event)
        self.requirements = {**self.requirements, event.force: now}

    @apply.register
    def _(self, event: tasking_events.TaskingPresented) -> None:
        self.state = PRESENTED

    @apply.register
    def _(self, event: tasking_events.TaskingAccepted) -> None:
        self.state, self.rationale = ACCEPTED, event.rationale
        self.decision_reference = event.decision_reference

    @apply.register
    def _(self, event: tasking_events.TaskingDeclined) -> None:
        self.state, self.rationale = DECLINED, event.rationale
        self.decision_reference = event.decision_reference

    @apply.register
    def _(self, event: tasking_events.TaskingReferredBack) -> None:
        self.state, self.rationale = REFERRED_BACK, event.rationale

    @apply.register
    def _(self, event: tasking_events.RepresentationRecorded) -> None:
        self.representations = (*self.representations, event.representation)

    @apply.register
    def _(self, event: tasking_events.TaskingProgressReported) -> None:
        self.state = IN_PROGRESS
        self.progress = (*self.progress, event.update)

    @apply.register
    def _(self, event: tasking_events.TaskingCompleted) -> None:
        self.state, self.outcome = COMPLETED, event.outcome

    @apply.register
    def _(self, event: tasking_events.TaskingReportedBack) -> None:
        self.state = REPORTED_BACK
