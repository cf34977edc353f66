"""A decision's states, and which step leads where: reviewed, varied, confirmed, or ended."""

from __future__ import annotations

DECIDED = "decided"
UNDER_REVIEW = "under review"
VARIED = "varied"
SUPERSEDED = "superseded"
RESCINDED = "rescinded"
CONCLUDED = "concluded"

PUT_UNDER_REVIEW, CONFIRM, VARY = "put under review", "confirm", "vary"
SUPERSEDE, RESCIND, CONCLUDE = "supersede", "rescind", "conclude"

_ENDINGS = {SUPERSEDE: SUPERSEDED, RESCIND: RESCINDED, CONCLUDE: CONCLUDED}
LIFECYCLE = {
    DECIDED: {PUT_UNDER_REVIEW: UNDER_REVIEW, VARY: VARIED, **_ENDINGS},
    UNDER_REVIEW: {CONFIRM: DECIDED, VARY: VARIED, **_ENDINGS},
    # A varied decision may be varied again at a later meeting without a formal review.
    VARIED: {PUT_UNDER_REVIEW: UNDER_REVIEW, VARY: VARIED, **_ENDINGS},
    SUPERSEDED: {},
    RESCINDED: {},
    CONCLUDED: {},
}
