"""What each command on a tasking does: ``HANDLERS``, for ``tracker.service.dispatch``."""

from __future__ import annotations

from tracker.kernel.clock import london_today
from tracker.kernel.commands import Handlers, Recorded, Records, fields_of, steps
from tracker.tasking.commands import (
    CompleteTasking,
    PlaceTaskingRequirements,
    PresentTasking,
    ReceiveTasking,
    RecordRepresentation,
    ReferBackTasking,
    ReportBackTasking,
    ReportTaskingProgress,
    ReportTaskingRequirementProgress,
)
from tracker.tasking.tasking import Tasking


def receive_tasking(app: Records, cmd: ReceiveTasking) -> Recorded:
    counter, reference = app.new_reference("TSK")
    return app.record(Tasking.receive(reference, **fields_of(cmd)), counter)


def report_requirement_progress(app: Records, cmd: ReportTaskingRequirementProgress) -> Recorded:
    tasking = app.load(Tasking, cmd.reference, cmd.expected_version)
    tasking.report_requirement_progress(today=london_today(), **fields_of(cmd, "reference"))
    return app.record(tasking)


HANDLERS: Handlers = {
    ReceiveTasking: receive_tasking,
    ReportTaskingRequirementProgress: report_requirement_progress,
    **steps(
        Tasking,
        {
            PlaceTaskingRequirements: Tasking.place_requirements,
            PresentTasking: Tasking.present,
            ReferBackTasking: Tasking.refer_back,
            RecordRepresentation: Tasking.record_representation,
            ReportTaskingProgress: Tasking.report_progress,
            CompleteTasking: Tasking.complete,
            ReportBackTasking: Tasking.report_back,
        },
    ),
}
