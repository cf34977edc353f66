"""A debrief's kinds and levels, its states, and which step leads where.

A debrief runs as the College of Policing runs them: commissioned, scheduled for a day,
then held on a day, or postponed with a reason and rescheduled; observations are recorded
and decided once it is held, and it is reported when every one has been decided. A hot
debrief is held straight after the incident, so it may be commissioned and held at once
("opened"), as every debrief was before debriefs were planned in the tracker.

The kind is the debrief's form; the level is its scale: a hot debrief on the day, a
structured debrief with a facilitator, or a multi-agency debrief with the partners.
"""

from __future__ import annotations

KINDS = ("hot debrief", "structured debrief", "questionnaire", "review")
HOT, STRUCTURED, MULTI_AGENCY = "hot", "structured", "multi-agency"
LEVELS = (HOT, STRUCTURED, MULTI_AGENCY)

COMMISSIONED, SCHEDULED, POSTPONED = "commissioned", "scheduled", "postponed"
HELD, REPORTED = "held", "reported"

SCHEDULE, POSTPONE, RESCHEDULE, HOLD = "schedule", "postpone", "reschedule", "hold"
RECORD, ACCEPT, REJECT = "record observation", "accept observation", "reject observation"
REPORT = "report"

LIFECYCLE = {
    COMMISSIONED: {SCHEDULE: SCHEDULED},
    SCHEDULED: {HOLD: HELD, POSTPONE: POSTPONED},
    POSTPONED: {RESCHEDULE: SCHEDULED},
    HELD: {RECORD: HELD, ACCEPT: HELD, REJECT: HELD, REPORT: REPORTED},
    REPORTED: {},
}


def level_of(kind: str) -> str:
    """The level a debrief opened at once is held at unless told: hot for a hot debrief,
    structured for any other (as a debrief opened before there were levels is read)."""
    return HOT if kind == "hot debrief" else STRUCTURED
