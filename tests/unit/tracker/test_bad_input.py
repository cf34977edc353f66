"""Every command, given missing, oversized or malformed input, refuses clearly and records nothing.

The demo scenarios give one valid example of every kind of step; before each is carried
out, every one of its fields is tried empty, far too long and of the wrong type.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from tracker.cli.demo import SCENARIOS
from tracker.kernel.commands import Command
from tracker.kernel.errors import InvalidInput, TrackerError
from tracker.service.application import Tracker
from tracker.service.dispatch import HANDLERS

MUTATIONS = {
    "missing": lambda value: "" if not isinstance(value, list) else [],
    "oversized": lambda value: "x" * 50_001,
    "malformed": lambda value: {"not": "valid"},
}


def required_fields(command: Command) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(command)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


def broken_versions(command: Command):
    """Every field made too long or of the wrong type; required ones also left empty."""
    required = required_fields(command)
    for f in dataclasses.fields(command):
        value = getattr(command, f.name)
        for how, mutate in MUTATIONS.items():
            if how == "missing" and f.name not in required:
                continue  # an optional field may be left out
            if f.name == "expected_version" and how == "missing":
                continue
            yield f"{type(command).__name__}.{f.name} {how}", f.name, mutate(value)


def demo_commands(app: Tracker):
    """Runs the demo, yielding each command just before it is given."""
    for scenario in SCENARIOS:
        now = datetime.now(UTC)  # decisions are judged late or not by the clock
        commands, recorded = scenario(now.date(), now), None
        while True:
            try:
                command = commands.send(recorded) if recorded else next(commands)
            except StopIteration:
                break
            yield command
            recorded = app.handle(command)


def test_the_demo_exercises_every_kind_of_command_but_a_few_listed_here():
    app = Tracker("memory://")
    seen = {type(c) for c in demo_commands(app)}
    untried = {c.__name__ for c in HANDLERS} - {c.__name__ for c in seen}
    # Exercised with bad input in their own area's tests instead.
    assert untried <= {
        "AmendItem", "RecordReview", "DeclineTasking", "ReferBackTasking", "RecordRepresentation",
        "CompleteTasking", "ReportBackTasking", "RatifySupportRequest", "NotRatifySupportRequest",
        "CloseSupportRequest", "PutDecisionUnderReview", "ConfirmDecision", "VaryDecision",
        "RescindDecision", "ConcludeDecision", "HoldDebrief", "RejectObservation",
        "RecordLearningActionNotAdopted", "ReassignLearningAction", "ScheduleReminder",
        "MarkReminderSent", "CancelReminder", "RecordReminderFailure", "ChangeUserRoles",
        "ChangeUserClearance", "ChangeUserForums", "ChangeUserDetails", "SetPassword",
        "DeactivateUser", "ReactivateUser", "IssueApiToken", "RevokeApiToken", "VacatePost",
    }  # fmt: skip


def test_a_demo_command_built_from_input_without_a_required_field_is_refused_by_name():
    app = Tracker("memory://")
    tried = 0
    for command in demo_commands(app):
        kind, actor = type(command), command.actor
        given = {f.name: getattr(command, f.name) for f in dataclasses.fields(command)}
        given.pop("actor")
        for name in required_fields(command):
            if name == "actor":
                continue
            tried += 1
            with pytest.raises(InvalidInput) as refused:
                kind.from_input({k: v for k, v in given.items() if k != name}, actor=actor)
            assert (refused.value.field, refused.value.problem) == (name, "is required")
        for extra in ({"colour": "red"}, {"actor": "someone.else"}, {1: "x"}):
            with pytest.raises(InvalidInput, match="is not something"):
                kind.from_input(given | extra, actor=actor)
        assert kind.from_input(given, actor=actor) == command
    assert tried > 150


def test_every_bad_field_of_every_demo_command_is_refused_and_records_nothing():
    app = Tracker("memory://")
    accepted, tried = [], 0
    for command in demo_commands(app):
        for label, name, bad in broken_versions(command):
            tried += 1
            before = app.position()
            try:
                broken = dataclasses.replace(command, **{name: bad})
                app.handle(broken)
            except TrackerError:
                assert app.position() == before, f"{label}: recorded despite the refusal"
                continue
            except Exception as error:
                pytest.fail(f"{label}: unclear error {type(error).__name__}: {error}")
            accepted.append(label)
    assert accepted == []
    assert tried > 500  # the demo really covers the commands
