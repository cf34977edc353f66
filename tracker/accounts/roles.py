"""Roles, clearances and what each role may do.

Roles are those of DESIGN.md; each grants permissions, and a user may hold several (a
decision maker who also logs requests, say). Clearance decides whether OFFICIAL-SENSITIVE
items exist for the user at all.
"""

from __future__ import annotations

VIEWER, STAFF, DECISION_MAKER = "viewer", "staff", "decision-maker"
DEBRIEF_LEAD, GOVERNANCE, ADMIN = "debrief-lead", "governance", "admin"
ROLES = (VIEWER, STAFF, DECISION_MAKER, DEBRIEF_LEAD, GOVERNANCE, ADMIN)

OFFICIAL_CLEARANCE, SENSITIVE_CLEARANCE = "official", "official-sensitive"
CLEARANCES = (OFFICIAL_CLEARANCE, SENSITIVE_CLEARANCE)

# What each role may do. Reading is every role's but the admin's: managing accounts gives
# no sight of the casework (an admin who must read it holds a second role).
READ, LOG, DECIDE, LEARN = "read", "log", "decide", "learn"
AUDIT, ADMINISTER = "audit", "administer"
PERMISSIONS = {
    VIEWER: {READ},
    STAFF: {READ, LOG},
    DECISION_MAKER: {READ, DECIDE},
    DEBRIEF_LEAD: {READ, LEARN},
    GOVERNANCE: {READ, AUDIT},
    ADMIN: {ADMINISTER},
}
