"""The catalogue of what people can do: every command the pages and the API offer.

Each action names its command, the permission(s) that allow it, and the kind of item it
is a step of (none for an action that opens a new item). Pages and the API both build
the command with ``Command.from_input``, so the domain's checks are the one source of truth.
Reminders are the workers' business and are not offered.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from typing import Any

from tracker import (
    account_commands,
    debrief,
    decision,
    decision_commands,
    item_commands,
    learning_commands,
    learning_point,
    support_request,
    support_request_commands,
    tasking,
    tasking_commands,
)
from tracker.accounts import ADMINISTER, CLEARANCES, DECIDE, LEARN, LOG, ROLES
from tracker.aggregate import MARKINGS
from tracker.commands import Command, ItemCommand

INTERNAL_FIELDS = ("actor", "expected_version")
# Between words of a class name: "ReferSupportRequestToRIG" -> Refer Support Request To RIG.
WORD_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class Action:
    """One thing a user can do, as a page and as an API call."""

    slug: str
    command: type[Command]
    needs: frozenset[str]  # any one of these permissions allows it
    step_of: str | None  # the KIND of item it is a step of; None opens a new item

    @property
    def title(self) -> str:
        words = WORD_BREAK.sub(" ", self.command.__name__).split(" ")
        title = " ".join(w if w.isupper() else w.lower() for w in words)
        return title[0].upper() + title[1:]

    @property
    def is_step(self) -> bool:
        return issubclass(self.command, ItemCommand)

    def fields(self) -> list[InputField]:
        """The input the command takes, in its own order, without who acts or the version
        (nor, for a step, which item: the page or the URL names it)."""
        hints = typing.get_type_hints(self.command)
        internal = (*INTERNAL_FIELDS, "reference") if self.is_step else INTERNAL_FIELDS
        return [
            InputField.of(self.command.__name__, f, hints[f.name])
            for f in dataclasses.fields(self.command)
            if f.name not in internal
        ]


@dataclass(frozen=True)
class InputField:
    """One input of a command: its name, kind of value, whether required, and its options."""

    name: str
    kind: str  # text, long text, secret, date, moment, yes/no, number, list, options list, choice
    required: bool
    options: tuple[str, ...] = ()

    @classmethod
    def of(cls, command: str, f: dataclasses.Field[Any], hint: Any) -> InputField:
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        options = CHOICES.get(f"{command}.{f.name}", CHOICES.get(f.name, ()))
        return cls(f.name, _kind(f.name, str(hint), options), required, options)

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name.replace("_", " ").capitalize())


def _kind(name: str, hint: str, options: tuple[str, ...]) -> str:
    if "list[dict" in hint:
        return "options list"
    if hint.startswith("list["):
        return "choices" if options else "list"
    if options:
        return "choice"
    if "datetime.datetime" in hint:
        return "moment"
    if "datetime.date" in hint:
        return "date"
    if hint in ("bool", "<class 'bool'>"):
        return "yes/no"
    if hint in ("int", "<class 'int'>"):
        return "number"
    if name in ("password", "secret"):
        return "secret"
    return "long text" if name in LONG_TEXTS else "text"


CHOICES: dict[str, tuple[str, ...]] = {
    "marking": MARKINGS,
    "forum": decision.FORUMS,
    "channel": support_request.CHANNELS,
    "authorised_as": support_request.AUTHORISERS,
    "DecideSupportRequest.outcome": support_request.OUTCOMES,
    "RecordDecision.outcome": decision.OUTCOMES,
    "basis": tasking.BASES,
    "resourcing": tasking.RESOURCING,
    "force": tasking.REGION_FORCES,
    "theme": learning_point.THEMES,
    "OpenDebrief.kind": debrief.KINDS,
    "clearance": CLEARANCES,
    "roles": ROLES,
}
LONG_TEXTS = {
    "description", "rationale", "note", "reason", "evidence", "text", "conditions", "summary",
    "variation", "update", "report", "representation", "information_and_intelligence",
    "threat_and_risk", "powers_and_policy", "action_chosen", "retrospective_reason",
    "requirements", "new_value",
}  # fmt: skip
LABELS = {
    "information_and_intelligence": "Information and intelligence (NDM 1)",
    "threat_and_risk": "Threat and risk (NDM 2)",
    "powers_and_policy": "Powers and policy (NDM 3)",
    "options_considered": "Options considered and why each was rejected (NDM 4)",
    "action_chosen": "Action chosen (NDM 5)",
    "decided_at": "Decided at (London time)",
    "authorised_at": "Authorised at (London time)",
    "subject_reference": "Item this decision is about (reference)",
    "nca_reference": "NCA reference",
    "assists_nca_functions": "How it assists the NCA's functions",
}

# Which permission allows each area's commands; exceptions below.
AREA_NEEDS = {
    tasking_commands: {LOG},
    support_request_commands: {LOG},
    decision_commands: {DECIDE},
    learning_commands: {LEARN},
    item_commands: {LOG, DECIDE, LEARN},
    account_commands: {ADMINISTER},
}
NEEDS = {
    "AcceptTasking": {DECIDE},
    "DeclineTasking": {DECIDE},
    "ReferBackTasking": {DECIDE},
    "AuthoriseSupportRequest": {DECIDE},
    "DecideSupportRequest": {DECIDE},
    "RatifySupportRequest": {DECIDE},
    "NotRatifySupportRequest": {DECIDE},
    "RecordObservation": {LOG, LEARN},
    "NoteLearningActionProgress": {LOG, LEARN},
}
STEP_OF = {
    tasking_commands: tasking.Tasking.KIND,
    support_request_commands: support_request.SupportRequest.KIND,
    decision_commands: decision.Decision.KIND,
}
LEARNING_STEP_OF = {
    "RecordObservation": debrief.Debrief.KIND,
    "AcceptObservation": debrief.Debrief.KIND,
    "RejectObservation": debrief.Debrief.KIND,
    "CloseDebrief": debrief.Debrief.KIND,
}
NOT_OFFERED = {"IssueApiToken"}  # its secret is made by the server: see the API's token route


def _slug(command: type[Command]) -> str:
    return WORD_BREAK.sub("-", command.__name__).lower()


def _step_of(module: Any, command: type[Command]) -> str | None:
    if not issubclass(command, ItemCommand):
        return None
    if module is learning_commands:
        return LEARNING_STEP_OF.get(command.__name__, "learning action")
    return STEP_OF.get(module)  # None for item commands: a step of any kind of item


def _catalogue() -> dict[str, Action]:
    actions = {}
    for module, needs in AREA_NEEDS.items():
        for command in vars(module).values():
            if (
                isinstance(command, type)
                and issubclass(command, Command)
                and command.__module__ == module.__name__
                and command.__name__ not in NOT_OFFERED
                and dataclasses.is_dataclass(command)
                and not command.__dict__.get("__abstractmethods__")
                and command.__name__ not in ("AccountCommand",)
            ):
                allowed = frozenset(NEEDS.get(command.__name__, needs))
                slug = _slug(command)
                actions[slug] = Action(slug, command, allowed, _step_of(module, command))
    return actions


ACTIONS = _catalogue()
