"""What each command on debriefs, learning points and learning actions does: load, decide, record.

An accepted observation and its new learning point, a repeated lesson reopened, or a settled
action and its point, are recorded in one transaction (with the reference counter when a new
item is numbered); a step that changes one learning action alone is its aggregate's method."""

from __future__ import annotations

from collections.abc import Callable

from tracker.forums.finding import the_forum
from tracker.kernel.clock import london_today
from tracker.kernel.commands import (
    Handlers,
    ItemCommand,
    Recorded,
    Records,
    fields_of,
    steps,
)
from tracker.kernel.markings import inherited_marking
from tracker.learning.action import LearningAction
from tracker.learning.commands import (
    AcceptObservation,
    CommissionDebrief,
    ExtendLearningActionDueDate,
    HoldDebrief,
    ImplementLearningAction,
    NoteLearningActionProgress,
    OpenDebrief,
    PostponeDebrief,
    RaiseLearningAction,
    ReassignLearningAction,
    RecordLearningActionNotAdopted,
    RecordObservation,
    RejectObservation,
    ReportDebrief,
    RescheduleDebrief,
    ScheduleDebrief,
    ValidateLearningAction,
)
from tracker.learning.debrief import Debrief
from tracker.learning.point import LearningPoint, checked_link


def commission_debrief(app: Records, cmd: CommissionDebrief) -> Recorded:
    counter, reference = app.new_reference("DB")
    return app.record(Debrief.commission(reference, **fields_of(cmd)), counter)


def open_debrief(app: Records, cmd: OpenDebrief) -> Recorded:
    """Commissioned and held at once, on a day that has come (in London)."""
    counter, reference = app.new_reference("DB")
    debrief = Debrief.open(reference, today=london_today(), **fields_of(cmd))
    return app.record(debrief, counter)


def hold_debrief(app: Records, cmd: HoldDebrief) -> Recorded:
    """Held on a day that has come (in London)."""
    debrief = app.load(Debrief, cmd.reference, cmd.expected_version)
    debrief.hold(cmd.held_on, today=london_today())
    return app.record(debrief)


def record_observation(app: Records, cmd: RecordObservation) -> Recorded:
    debrief = app.load(Debrief, cmd.reference, cmd.expected_version)
    repeats = checked_link("repeats", cmd.repeats, required=False)
    if not repeats:
        debrief.record_observation(cmd.text)
        return app.record(debrief)
    point = app.load(LearningPoint, repeats)  # a lesson that does not exist is refused
    number = debrief.record_observation(cmd.text, repeats=point.reference)
    point.note_repeat(debrief.reference, number)
    return app.record(debrief, point)


def accept_observation(app: Records, cmd: AcceptObservation) -> Recorded:
    debrief = app.load(Debrief, cmd.reference, cmd.expected_version)
    counter, reference = app.new_reference("LP")
    observation = debrief.accept_observation(
        cmd.number, cmd.theme, learning_point=reference, nature=cmd.nature
    )
    point = LearningPoint.identify(
        reference,
        marking=inherited_marking(debrief, cmd.marking),
        text=cmd.text or observation.text,
        theme=cmd.theme,
        debrief=debrief.reference,
        observation=observation.number,
        nature=cmd.nature,
    )
    return app.record(point, debrief, counter)  # the caller learns the new point's reference


def reject_observation(app: Records, cmd: RejectObservation) -> Recorded:
    debrief = app.load(Debrief, cmd.reference, cmd.expected_version)
    debrief.reject_observation(cmd.number, cmd.reason)
    return app.record(debrief)


def raise_learning_action(app: Records, cmd: RaiseLearningAction) -> Recorded:
    point = app.load(LearningPoint, checked_link("learning_point", cmd.learning_point))
    counter, reference = app.new_reference("LA")
    point.raise_action(reference)
    board = the_forum(app, "overseeing_board", cmd.overseeing_board)
    given = fields_of(cmd) | {"learning_point": point.reference, "overseeing_board": board.name,
                              "marking": inherited_marking(point, cmd.marking)}  # fmt: skip
    action = LearningAction.raise_for(reference, **given)
    return app.record(action, point, counter)


def _settle_action(app: Records, cmd: ItemCommand, step: Callable[..., object]) -> Recorded:
    """Validate or not adopt the action, and note it on its point in the same transaction."""
    action = app.load(LearningAction, cmd.reference, cmd.expected_version)
    step(action, **fields_of(cmd, "reference"))
    point = app.load(LearningPoint, action.learning_point)
    point.settle_action(action.reference, action.state)
    return app.record(action, point)


def validate_learning_action(app: Records, cmd: ValidateLearningAction) -> Recorded:
    """Validated by the person acting: the record names who, never a typed name."""

    def validate(action: LearningAction, note: str) -> None:
        action.validate(validated_by=cmd.actor, note=note, owner_now=app.holder_of(action.owner))

    return _settle_action(app, cmd, validate)


def extend_learning_action_due_date(app: Records, cmd: ExtendLearningActionDueDate) -> Recorded:
    """An extension approved by someone other than the owner, even through a post they hold."""
    action = app.load(LearningAction, cmd.reference, cmd.expected_version)
    owner, approver = app.holder_of(action.owner), app.holder_of(cmd.approver)
    action.extend_due_date(cmd.new_due_on, cmd.approver, cmd.reason,
                           one_person=owner is not None and owner == approver)  # fmt: skip
    return app.record(action)


def record_learning_action_not_adopted(
    app: Records, cmd: RecordLearningActionNotAdopted
) -> Recorded:
    return _settle_action(app, cmd, LearningAction.not_adopt)


HANDLERS: Handlers = {
    CommissionDebrief: commission_debrief,
    OpenDebrief: open_debrief,
    **steps(
        Debrief,
        {
            ScheduleDebrief: Debrief.schedule,
            PostponeDebrief: Debrief.postpone,
            RescheduleDebrief: Debrief.reschedule,
        },
    ),
    HoldDebrief: hold_debrief,
    RecordObservation: record_observation,
    AcceptObservation: accept_observation,
    RejectObservation: reject_observation,
    **steps(Debrief, {ReportDebrief: Debrief.report}),
    RaiseLearningAction: raise_learning_action,
    ValidateLearningAction: validate_learning_action,
    RecordLearningActionNotAdopted: record_learning_action_not_adopted,
    ExtendLearningActionDueDate: extend_learning_action_due_date,
    **steps(
        LearningAction,
        {
            NoteLearningActionProgress: LearningAction.note_progress,
            ImplementLearningAction: LearningAction.implement,
            ReassignLearningAction: LearningAction.reassign,
        },
    ),
}
