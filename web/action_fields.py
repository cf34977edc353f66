"""What each action asks for, as a form and an API body: its inputs, their kinds and labels.

The actions themselves, and who may take them, are the domain's (``tracker.acting``); this
says only how their commands' fields are shown and typed.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any

from tracker.accounts.account import CLEARANCES, ROLES
from tracker.acting.catalogue import Action
from tracker.decisions import decision
from tracker.kernel.aggregate import MARKINGS
from tracker.learning import debrief
from tracker.learning import point as learning_point
from tracker.support import request as support_request
from tracker.tasking import tasking

INTERNAL_FIELDS = ("actor", "expected_version")


def input_fields(action: Action) -> list[InputField]:
    """The input the command takes, in its own order, without who acts or the version
    (nor, for a step, which item: the page or the URL names it)."""
    hints = typing.get_type_hints(action.command)
    internal = (*INTERNAL_FIELDS, "reference") if action.is_step else INTERNAL_FIELDS
    return [
        InputField.of(action.command.__name__, f, hints[f.name])
        for f in dataclasses.fields(action.command)
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
