"""Commands on NCA taskings, one per user action, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from tracker.commands import Command, ItemCommand, Recorded, fields_of, handles
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


def _on_tasking(app: Tracker, cmd: ItemCommand, step: str) -> Recorded:
    """Load the tasking, take ``step`` with the command's own fields, record."""
    tasking = app.load(Tasking, cmd.reference, cmd.expected_version)
    getattr(tasking, step)(**fields_of(cmd, "reference"))
    return app.record(tasking)


@handles(PlaceTaskingRequirements)
def place_tasking_requirements(app: Tracker, cmd: PlaceTaskingRequirements) -> Recorded:
    return _on_tasking(app, cmd, "place_requirements")


@handles(PresentTasking)
def present_tasking(app: Tracker, cmd: PresentTasking) -> Recorded:
    return _on_tasking(app, cmd, "present")


@handles(AcceptTasking)
def accept_tasking(app: Tracker, cmd: AcceptTasking) -> Recorded:
    return _on_tasking(app, cmd, "accept")


@handles(DeclineTasking)
def decline_tasking(app: Tracker, cmd: DeclineTasking) -> Recorded:
    return _on_tasking(app, cmd, "decline")


@handles(ReferBackTasking)
def refer_back_tasking(app: Tracker, cmd: ReferBackTasking) -> Recorded:
    return _on_tasking(app, cmd, "refer_back")


@handles(RecordRepresentation)
def record_representation(app: Tracker, cmd: RecordRepresentation) -> Recorded:
    return _on_tasking(app, cmd, "record_representation")


@handles(ReportTaskingProgress)
def report_tasking_progress(app: Tracker, cmd: ReportTaskingProgress) -> Recorded:
    return _on_tasking(app, cmd, "report_progress")


@handles(CompleteTasking)
def complete_tasking(app: Tracker, cmd: CompleteTasking) -> Recorded:
    return _on_tasking(app, cmd, "complete")


@handles(ReportBackTasking)
def report_back_tasking(app: Tracker, cmd: ReportBackTasking) -> Recorded:
    return _on_tasking(app, cmd, "report_back")
