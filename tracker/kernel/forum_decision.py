"""A forum's decision as the item it is about receives it: which forum, what, and when.

Decisions are recorded in ``tracker.decisions``; the items they decide (taskings, support
requests) are moved by them. This is what passes between the two, so neither area holds
the other's aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

APPROVED, WITH_CONDITIONS = "approved", "approved with conditions"
DECLINED, DEFERRED = "declined", "deferred"
# The forum took note of the item (a progress report, a monitoring review) and decided nothing
# that moves it.
NOTED = "noted"
OUTCOMES = (APPROVED, WITH_CONDITIONS, DECLINED, DEFERRED, NOTED)
# Outcomes that leave the item where it was.
UNMOVING = (DEFERRED, NOTED)


@dataclass(frozen=True)
class ForumDecision:
    """Decision ``reference`` of ``forum``, taken on ``decided_on`` with ``outcome``."""

    reference: str
    forum: str
    outcome: str
    decided_on: date
    rationale: str  # the action chosen, as the decision record states it

    @property
    def approves(self) -> bool:
        return self.outcome in (APPROVED, WITH_CONDITIONS)
