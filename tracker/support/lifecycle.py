"""A support request's channels, forums and outcomes, its states, and which step leads where.

The emergency route has states of its own, so the lifecycle alone refuses authorising a
gateway request, or listing or deciding an emergency request: an emergency request is
authorised at once, then ratified (and monitored) or not ratified at the next weekly
tasking meeting. "Not ratified" is a terminal state apart from "closed": governance must
see emergency authorisations the meeting refused, not a support that ran to its outcome.

"Supported" and "partly supported" are outcomes of a decision; the request then sits in
"monitored" until it is closed with an outcome. A deferral by the weekly meeting is listed
again; a deferral by the RTTCG goes back to the RTTCG.
"""

from __future__ import annotations

from datetime import timedelta

from tracker.kernel.forum_decision import APPROVED, DECLINED, WITH_CONDITIONS
from tracker.kernel.forum_decision import DEFERRED as DEFERRED_OUTCOME

REVIEW_INTERVAL = timedelta(days=7)

GATEWAY, EMERGENCY_ROUTE = "gateway", "emergency route"
CHANNELS = (GATEWAY, EMERGENCY_ROUTE)
AUTHORISERS = ("Head of Intelligence", "on-call duty officer")
# The post of each capacity an emergency authorisation is given in (tracker.people).
AUTHORISING_POSTS = dict(zip(AUTHORISERS, ("head-of-intelligence", "on-call-duty-officer"),
                             strict=True))  # fmt: skip
WEEKLY_MEETING, RTTCG = "weekly tasking meeting", "RTTCG"
OUTCOMES = ("supported", "partly supported", "not supported", "deferred")
RATIFIED = "ratified"

RECEIVED = "received"
RECEIVED_BY_EMERGENCY_ROUTE = "received by emergency route"
AUTHORISED = "authorised, awaiting ratification"
ASSESSED = "assessed"
LISTED = "listed for weekly tasking meeting"
DEFERRED = "deferred"
REFERRED_TO_RIG = "referred to RIG"
REFERRED_TO_RTTCG = "referred to RTTCG"
DEFERRED_BY_RTTCG = "deferred by RTTCG"
MONITORED = "monitored"
NOT_SUPPORTED = "not supported"
NOT_RATIFIED = "not ratified"
CLOSED = "closed"

AUTHORISE, RATIFY, NOT_RATIFY = "authorise by emergency route", "ratify", "not ratify"
ASSESS, LIST = "assess", "list for weekly tasking meeting"
REFER_TO_RIG, REFER_TO_RTTCG = "refer to RIG", "refer to RTTCG"
SUPPORT, PARTLY_SUPPORT, NOT_SUPPORT, DEFER = "support", "partly support", "not support", "defer"
REVIEW_MONITORING, CLOSE = "review monitoring", "close"

# The forum each state waits for; its decision about the request is what moves it on.
AWAITING = {AUTHORISED: WEEKLY_MEETING, LISTED: WEEKLY_MEETING, REFERRED_TO_RTTCG: RTTCG}
# What a forum's decision outcome means for the request it decides ("noted" decides nothing).
OUTCOME_OF_DECISION = dict(
    zip((APPROVED, WITH_CONDITIONS, DECLINED, DEFERRED_OUTCOME), OUTCOMES, strict=True)
)

STEP_FOR_OUTCOME = dict(zip(OUTCOMES, (SUPPORT, PARTLY_SUPPORT, NOT_SUPPORT, DEFER), strict=True))


def _decisions(deferred: str) -> dict[str, str]:
    return {SUPPORT: MONITORED, PARTLY_SUPPORT: MONITORED, NOT_SUPPORT: NOT_SUPPORTED,
            DEFER: deferred}  # fmt: skip


LIFECYCLE = {
    RECEIVED: {ASSESS: ASSESSED},
    RECEIVED_BY_EMERGENCY_ROUTE: {AUTHORISE: AUTHORISED},
    AUTHORISED: {RATIFY: MONITORED, NOT_RATIFY: NOT_RATIFIED},
    # Assessing again corrects an assessment before anything follows from it.
    ASSESSED: {ASSESS: ASSESSED, LIST: LISTED, REFER_TO_RIG: REFERRED_TO_RIG},
    LISTED: _decisions(DEFERRED),
    DEFERRED: {LIST: LISTED},
    REFERRED_TO_RIG: {REFER_TO_RTTCG: REFERRED_TO_RTTCG},
    REFERRED_TO_RTTCG: _decisions(DEFERRED_BY_RTTCG),
    DEFERRED_BY_RTTCG: {REFER_TO_RTTCG: REFERRED_TO_RTTCG},
    MONITORED: {REVIEW_MONITORING: MONITORED, CLOSE: CLOSED},
    NOT_SUPPORTED: {},
    NOT_RATIFIED: {},
    CLOSED: {},
}


def state_after_decision(forum: str, outcome: str) -> str:
    """Where a forum's decision with ``outcome`` leaves the request it decided."""
    decided_from = REFERRED_TO_RTTCG if forum == RTTCG else LISTED
    return LIFECYCLE[decided_from][STEP_FOR_OUTCOME[outcome]]
