"""Commands on NCA taskings, one per user action, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from tracker.commands import Command, ItemCommand, Recorded, fields_of, handles, handles_steps
from tracker.tasking import Tasking

if TYPE_CHECKING:
    from tracker.application import Tracker


@dataclass(frozen=True, kw_only=True)
class ReceiveTasking(Command):
    marking: str
    basis: str
    received_on: date | str
    title: str
    description: str
    threat_area: str
    lead_officer: str
    resourcing: str
    assists_nca_functions: str = ""
    nca_reference: str = ""


@dataclass(frozen=True, kw_only=True)
class PlaceTaskingRequirements(ItemCommand):
    force: str
    requirements: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class PresentTasking(ItemCommand):
    meeting_on: date | str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AcceptTasking(ItemCommand):
    rationale: str


@dataclass(frozen=True, kw_only=True)
class DeclineTasking(ItemCommand):
    rationale: str


@dataclass(frozen=True, kw_only=True)
class ReferBackTasking(ItemCommand):
    rationale: str


@dataclass(frozen=True, kw_only=True)
class RecordRepresentation(ItemCommand):
    representation: str
    made_by: str


@dataclass(frozen=True, kw_only=True)
class ReportTaskingProgress(ItemCommand):
    update: str
    reported_on: date | str


@dataclass(frozen=True, kw_only=True)
class CompleteTasking(ItemCommand):
    outcome: str


@dataclass(frozen=True, kw_only=True)
class ReportBackTasking(ItemCommand):
    report: str
    reported_on: date | str


@handles(ReceiveTasking)
def receive_tasking(app: Tracker, cmd: ReceiveTasking) -> Recorded:
    counter, reference = app.new_reference("TSK")
    return app.record(Tasking.receive(reference, **fields_of(cmd)), counter)


handles_steps(
    Tasking,
    {
        PlaceTaskingRequirements: "place_requirements",
        PresentTasking: "present",
        AcceptTasking: "accept",
        DeclineTasking: "decline",
        ReferBackTasking: "refer_back",
        RecordRepresentation: "record_representation",
        ReportTaskingProgress: "report_progress",
        CompleteTasking: "complete",
        ReportBackTasking: "report_back",
    },
)
