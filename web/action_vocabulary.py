"""The words of the actions' inputs: the options a field offers, which texts are long, and
labels where a field's own name would not do."""

from __future__ import annotations

from tracker.accounts.roles import CLEARANCES, ROLES
from tracker.kernel.forum_decision import OUTCOMES as DECISION_OUTCOMES
from tracker.kernel.markings import MARKINGS
from tracker.learning import debrief_lifecycle
from tracker.learning import point as learning_point
from tracker.support import lifecycle as support_request
from tracker.tasking import lifecycle as tasking
from tracker.tasking import requirements as tasking_requirements

CHOICES: dict[str, tuple[str, ...]] = {
    "marking": MARKINGS,
    "channel": support_request.CHANNELS,
    "authorised_as": support_request.AUTHORISERS,
    "RecordDecision.outcome": DECISION_OUTCOMES,
    "basis": tasking.BASES,
    "resourcing": tasking.RESOURCING,
    "force": tasking.REGION_FORCES,
    "ReportTaskingRequirementProgress.status": tasking_requirements.STATUSES,
    "theme": learning_point.THEMES,
    "CommissionDebrief.kind": debrief_lifecycle.KINDS,
    "OpenDebrief.kind": debrief_lifecycle.KINDS,
    "level": debrief_lifecycle.LEVELS,
    "nature": learning_point.NATURES,
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
    "scheduled_on": "To be held on",
    "summary": "Report summary",
    "requirement": "Requirement (its number in the force's list, from 1)",
    "operations": "Operations (since the requirement's last report)",
    "disruptions": "Disruptions (since the requirement's last report)",
    "arrests": "Arrests (since the requirement's last report)",
}
