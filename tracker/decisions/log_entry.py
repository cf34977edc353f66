"""What a forum's decision log entry must hold, each part checked as it is entered.

Its number in its forum's series (the forum's terms are in ``tracker.forums``), its
rationale in the National Decision Model's order, an outcome (with conditions only where
approved with conditions) and when it was made.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tracker.decisions.options import OPTIONS, checked_options
from tracker.kernel.errors import InvalidInput
from tracker.kernel.forum_decision import OUTCOMES, WITH_CONDITIONS
from tracker.kernel.validation import a_date, a_moment, choice, flag, long_text

# A policy-file entry made this long after the decision is no longer contemporaneous.
RETROSPECTIVE_AFTER = timedelta(hours=12)
# Clocks of the recorder's device and the server may differ a little.
FUTURE_TOLERANCE = timedelta(minutes=5)

NDM_FIELDS = ("information_and_intelligence", "threat_and_risk", "powers_and_policy")


def checked_rationale(decided: datetime, **given: Any) -> dict[str, Any]:
    """The National Decision Model's elements in its order; every one is required."""
    rationale: dict[str, Any] = {name: long_text(name, given[name]) for name in NDM_FIELDS}
    rationale[OPTIONS] = checked_options(given[OPTIONS])
    rationale["action_chosen"] = long_text("action_chosen", given["action_chosen"])
    review = a_date("review_on", given["review_on"])
    if review < decided.date():
        raise InvalidInput("review_on", "is before the decision was made")
    rationale["review_on"] = review
    return rationale


def checked_outcome(outcome: Any, conditions: Any) -> tuple[str, str]:
    outcome = choice("outcome", outcome, OUTCOMES)
    conditions = long_text("conditions", conditions, required=outcome == WITH_CONDITIONS)
    if conditions and outcome != WITH_CONDITIONS:
        raise InvalidInput("conditions", f"are given only for an outcome {WITH_CONDITIONS!r}")
    return outcome, conditions


def checked_timing(
    decided_at: Any, now: Any, retrospective: Any, reason: Any
) -> tuple[datetime, bool, str]:
    """When it was decided, and whether the entry is retrospective (then with its reason)."""
    now = a_moment("now", now)
    decided = a_moment("decided_at", decided_at)
    if decided > now + FUTURE_TOLERANCE:
        raise InvalidInput("decided_at", "is in the future; record a decision once it is made")
    reason = long_text("retrospective_reason", reason, required=False)
    late = now - decided > RETROSPECTIVE_AFTER
    # A reason for recording late is itself a statement that the entry is retrospective.
    retrospective = flag("retrospective", retrospective) or late or bool(reason)
    if retrospective and not reason:
        hours = int((now - decided).total_seconds() // 3600)
        why = f"recorded {hours} h after the decision" if late else "marked retrospective"
        raise InvalidInput("retrospective_reason", f"is required: the entry is {why}")
    return decided, retrospective, reason


def sequence_number(reference: str, series: str) -> int:
    """The decision's number in its forum's ``series`` ("RTTCG-12" -> 12)."""
    prefix, _, number = reference.rpartition("-")
    if prefix != series or not number.isdigit():
        raise InvalidInput("reference", f"{reference!r} is not in the series {series}")
    return int(number)
