"""The posts a region's tracker starts with, and which post chairs each forum.

Admins establish more (``establish-post``); these are the ones the domain names: those who
authorise, review, chair and lead. ``tracker demo`` establishes and fills them.
"""

from __future__ import annotations

from events.parties import soc_lead_post as soc_lead
from tracker.tasking.lifecycle import REGION_FORCES

__all__ = ["FORUM_CHAIRS", "MONITORING_REVIEWER", "STANDARD_POSTS", "soc_lead"]

STANDARD_POSTS: tuple[tuple[str, str], ...] = (
    ("head-of-intelligence", "Head of Intelligence"),
    ("on-call-duty-officer", "On-call duty officer"),
    ("weekly-tasking-meeting-chair", "Weekly tasking meeting chair"),
    ("rttcg-chair", "RTTCG chair"),
    ("rig-chair", "RIG chair"),
    ("rocc", "Regional Organised Crime Co-ordinator (ROCC)"),
    ("gold-recovery-board-chair", "Gold Recovery Board chair"),
    *((soc_lead(force), f"SOC lead, {force}") for force in REGION_FORCES),
)

# The post whose holder chairs each forum (and hears its digests and escalations).
FORUM_CHAIRS = {
    "weekly tasking meeting": "weekly-tasking-meeting-chair",
    "RTTCG": "rttcg-chair",
    "RIG": "rig-chair",
    "Gold recovery board": "gold-recovery-board-chair",
}
# Who reviews a monitored support request each week, with the NCA's ROCC.
MONITORING_REVIEWER = "head-of-intelligence"
