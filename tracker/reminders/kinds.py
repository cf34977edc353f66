"""The kinds of reminder: the owner's stages, the chair's, and the digests."""

from __future__ import annotations

DUE_SOON, DUE, OVERDUE, ESCALATION = "due soon", "due", "overdue", "escalation"
STALLED = "stalled"  # to the chair: nothing recorded on the item for a set time
MEETING_DIGEST, CHAIN_DIGEST = "meeting digest", "chain digest"
KINDS = (DUE_SOON, DUE, OVERDUE, ESCALATION, STALLED, MEETING_DIGEST, CHAIN_DIGEST)
# These chase one item; a digest names what it digests (a forum, the chain) instead.
ITEM_KINDS = (DUE_SOON, DUE, OVERDUE, ESCALATION, STALLED)
