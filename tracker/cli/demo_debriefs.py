"""The demo's debriefs: the force's COVID-19 debriefs, their learning points and actions, and
a multi-agency debrief postponed and rescheduled."""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime, timedelta

from tracker.cli.demo_cast import COMMS_POST, DEBRIEF_LEAD, GOLD, Commands
from tracker.kernel.commands import Command, Recorded
from tracker.learning import commands as commands

BOARD = "Gold recovery board"
DEBRIEFS = [
    ("structured debrief", "Debrief of the two Silver groups"),
    ("questionnaire", "Business continuity recovery report (departmental questionnaires)"),
    ("hot debrief", "Co-ordination cell debrief"),
    ("review", "Recovery assessment for the national forum"),
]
LEARNING_POINTS = [
    ("resilience of key roles", "Build resilience for key roles into role profiles"),
    ("resilience of key roles", "Keep the same staff returning to key roles"),
    ("command structure", "Keep strictly to the Gold/Silver/Bronze structure"),
    ("planning", "Use existing plans before writing new ones"),
    ("decision recording", "Record decisions on one system with a clear audit trail"),
    ("roles and responsibilities", "Bring Bronze commanders and experts to key meetings"),
    ("command structure", "Empower Silver commanders to decide early"),
    ("roles and responsibilities", "Make roles clear when two Silver roles run together"),
    ("resourcing", "Consider planning support and a resourcing cell early"),
    ("communications", "Agree a communications strategy with the Silver commander early"),
]
# Observed at the co-ordination cell's hot debrief: practice to share, not a fault to fix.
NOTABLE_PRACTICE = (
    "communications",
    "The cell's daily call kept all four forces' picture current: share it for regional incidents",
)


def covid_debriefs(today: date, now: datetime) -> Commands:
    """The force's COVID-19 debriefs feeding a learning log overseen by a Gold recovery board."""
    references = yield from _debriefs_opened(today)
    observations = yield from _observations_accepted(references)
    yield from _covid_actions(today)
    cell = references[2]
    yield from _notable_practice(cell, observations[cell] + 1)
    yield commands.ReportDebrief(
        actor=DEBRIEF_LEAD, reference=cell, summary="All observations decided."
    )
    yield from _multi_agency_debrief(today)


def _debriefs_opened(today: date) -> Generator[Command, Recorded, list[str]]:
    references = []
    for kind, title in DEBRIEFS:
        recorded = yield commands.OpenDebrief(
            actor=DEBRIEF_LEAD, marking="OFFICIAL", kind=kind, title=title,
            of_what="COVID-19 response", lead=DEBRIEF_LEAD, held_on=today - timedelta(days=60),
        )  # fmt: skip
        references.append(recorded.reference)
    return references


def _observations_accepted(references: list[str]) -> Generator[Command, Recorded, dict[str, int]]:
    """Each learning point observed in a debrief in turn, and accepted under its theme; how
    many observations each debrief then has."""
    observations = dict.fromkeys(references, 0)
    for index, (theme, lesson) in enumerate(LEARNING_POINTS):
        debrief = references[index % len(references)]
        observations[debrief] += 1
        yield commands.RecordObservation(actor=DEBRIEF_LEAD, reference=debrief, text=lesson)
        yield commands.AcceptObservation(
            actor=DEBRIEF_LEAD, reference=debrief, number=observations[debrief], theme=theme
        )
    return observations


def _notable_practice(debrief: str, number: int) -> Commands:
    theme, practice = NOTABLE_PRACTICE
    yield commands.RecordObservation(actor=DEBRIEF_LEAD, reference=debrief, text=practice)
    yield commands.AcceptObservation(
        actor=DEBRIEF_LEAD, reference=debrief, number=number, theme=theme,
        nature="notable practice",
    )  # fmt: skip


def _multi_agency_debrief(today: date) -> Commands:
    """Commissioned with the Local Resilience Forum, postponed a week ago when the partners
    were called away, and rescheduled for three weeks ahead."""
    commissioned = yield commands.CommissionDebrief(
        actor=DEBRIEF_LEAD, marking="OFFICIAL", kind="structured debrief", level="multi-agency",
        title="Multi-agency debrief with the Local Resilience Forum",
        of_what="COVID-19 response", lead=DEBRIEF_LEAD, facilitator="Ch Insp M. Rees",
    )  # fmt: skip
    reference = commissioned.reference
    yield commands.ScheduleDebrief(
        actor=DEBRIEF_LEAD, reference=reference, scheduled_on=today - timedelta(days=7)
    )
    yield commands.PostponeDebrief(
        actor=DEBRIEF_LEAD, reference=reference,
        reason="The partners' leads were called to plan for a second wave; they asked for a "
        "later date.",
    )  # fmt: skip
    yield commands.RescheduleDebrief(
        actor=DEBRIEF_LEAD, reference=reference, scheduled_on=today + timedelta(days=21)
    )


def _covid_actions(today: date) -> Commands:
    yield from _role_profiles_action(today)
    yield from _decision_log_action(today)
    yield commands.RaiseLearningAction(
        actor=DEBRIEF_LEAD, learning_point="LP-10", owner=COMMS_POST,
        description="Template communications strategy for Silver commanders.",
        due_on=today - timedelta(days=3), overseeing_board=BOARD,
    )  # fmt: skip


def _role_profiles_action(today: date) -> Commands:
    """Raised, in progress, and given longer by Gold."""
    raised = yield commands.RaiseLearningAction(
        actor=DEBRIEF_LEAD, learning_point="LP-1", owner=DEBRIEF_LEAD,
        description="Add deputies and resilience to every key role profile.",
        due_on=today + timedelta(days=30), overseeing_board=BOARD,
    )  # fmt: skip
    yield commands.NoteLearningActionProgress(
        actor=DEBRIEF_LEAD, reference=raised.reference, note="Role profiles under review."
    )
    yield commands.ExtendLearningActionDueDate(
        actor=DEBRIEF_LEAD, reference=raised.reference, new_due_on=today + timedelta(days=60),
        approver="gold-recovery-board-chair", reason="Awaiting the regional job evaluation panel.",
    )  # fmt: skip


def _decision_log_action(today: date) -> Commands:
    """Raised, implemented and validated by Gold."""
    raised = yield commands.RaiseLearningAction(
        actor=DEBRIEF_LEAD, learning_point="LP-5", owner=DEBRIEF_LEAD,
        description="Adopt one decision log system for all command meetings.",
        due_on=today - timedelta(days=5), overseeing_board=BOARD,
    )  # fmt: skip
    yield commands.NoteLearningActionProgress(
        actor=DEBRIEF_LEAD, reference=raised.reference, note="Pilot at Silver meetings."
    )
    yield commands.ImplementLearningAction(
        actor=DEBRIEF_LEAD, reference=raised.reference,
        evidence="Decision log in use at all Gold and Silver meetings since the spring.",
    )  # fmt: skip
    yield commands.ValidateLearningAction(
        actor=GOLD, reference=raised.reference,
        note="Sampled five meetings' logs: complete.",
    )  # fmt: skip
