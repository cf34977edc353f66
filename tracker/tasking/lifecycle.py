"""An NCA tasking's bases, resourcing and forces, its states, and which step leads where.

A request under s.5(1)(a) may be declined or referred back; a direction under s.5(5) may
not (a representation about it is recorded instead), which the aggregate rules out.
"""

from __future__ import annotations

REQUEST = "request s.5(1)(a)"
DIRECTION = "direction s.5(5)"
BASES = (REQUEST, DIRECTION)
RESOURCING = ("designated resources", "business as usual")
DECIDED_BY = "RTTCG"  # the forum whose decision accepts, declines or refers it back
REGION_FORCES = ("West Midlands", "Warwickshire", "West Mercia", "Staffordshire")

RECEIVED = "received"
PRESENTED = "presented to RTTCG"
ACCEPTED = "accepted"
IN_PROGRESS = "in progress"
COMPLETED = "completed"
REPORTED_BACK = "reported back"
DECLINED = "declined"
REFERRED_BACK = "referred back"

PRESENT, ACCEPT, DECLINE, REFER_BACK = "present to RTTCG", "accept", "decline", "refer back"
REPORT_PROGRESS, COMPLETE, REPORT_BACK = "report progress", "complete", "report back"

LIFECYCLE = {
    RECEIVED: {PRESENT: PRESENTED, DECLINE: DECLINED, REFER_BACK: REFERRED_BACK},
    PRESENTED: {ACCEPT: ACCEPTED, DECLINE: DECLINED, REFER_BACK: REFERRED_BACK},
    ACCEPTED: {REPORT_PROGRESS: IN_PROGRESS, COMPLETE: COMPLETED},
    IN_PROGRESS: {REPORT_PROGRESS: IN_PROGRESS, COMPLETE: COMPLETED},
    COMPLETED: {REPORT_BACK: REPORTED_BACK},
    REPORTED_BACK: {},
    DECLINED: {},
    REFERRED_BACK: {},
}
