"""What a report of progress on one of a force's requirements must say, checked before it is
recorded: which requirement, its status, a note, evidence when met, the day, the counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import a_date, a_whole_number, choice, long_text
from tracker.tasking.lifecycle import REGION_FORCES
from tracker.tasking.requirements import MET, STATUSES, ForceRequirements


def checked_report(
    forces: dict[str, ForceRequirements],
    *,
    force: Any,
    requirement: Any,
    status: Any,
    note: Any,
    evidence: Any,
    reported_on: Any,
    received_on: date,
    today: date,
    operations: Any = None,
    disruptions: Any = None,
    arrests: Any = None,
) -> dict[str, Any]:
    """The report's fields as the event records them; refused, naming the input, when any
    is missing or wrong."""
    force = choice("force", force, REGION_FORCES)
    if force not in forces:
        raise InvalidInput("force", f"no requirements are placed on {force}; place them first")
    status = choice("status", status, STATUSES)
    return {
        "force": force,
        "requirement": requirement,
        "wording": forces[force].requirement(requirement).text,
        "status": status,
        "note": long_text("note", note),
        "evidence": _evidence(evidence, status),
        "reported_on": _reported_on(reported_on, received_on, today),
        "operations": a_whole_number("operations", operations, required=False),
        "disruptions": a_whole_number("disruptions", disruptions, required=False),
        "arrests": a_whole_number("arrests", arrests, required=False),
    }


def _evidence(value: Any, status: str) -> str:
    evidence = long_text("evidence", value, required=False)
    # A requirement is shown to be met, not said to be.
    if status == MET and not evidence:
        raise InvalidInput("evidence", "is required for a requirement met: say what shows it "
                           "(an operation's reference, a published product, a report)")  # fmt: skip
    return evidence


def _reported_on(value: Any, received_on: date, today: date) -> date:
    day = a_date("reported_on", value)
    if day > today:
        raise InvalidInput("reported_on", f"{day.isoformat()} is still to come; report "
                           "progress once it is made")  # fmt: skip
    if day < received_on:
        raise InvalidInput("reported_on", f"{day.isoformat()} is before the tasking was "
                           f"received ({received_on.isoformat()})")  # fmt: skip
    return day
