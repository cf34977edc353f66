"""The posts a region's tracker starts with.

Admins establish more (``establish-post``); these are the ones the domain names: those who
authorise, review, chair and lead (which post chairs each forum is in ``tracker.forums``).
``tracker demo`` establishes and fills them.
"""

from __future__ import annotations

from events.parties import soc_lead_post as soc_lead
from tracker.tasking.lifecycle import REGION_FORCES

__all__ = ["MONITORING_REVIEWER", "STANDARD_POSTS", "soc_lead"]

STANDARD_POSTS: tuple[tuple[str, str], ...] = (
    ("head-of-intelligence", "Head of Intelligence"),
    ("on-call-duty-officer", "On-call duty officer"),
    ("weekly-tasking-meeting-chair", "Weekly tasking meeting chair"),
    ("rttcg-chair", "RTTCG chair"),
    ("rig-chair", "RIG chair"),
    ("rocc", "Regional Organised Crime Co-ordinator (ROCC)"),
    ("gold-recovery-board-chair", "Gold Recovery Board chair"),
    ("sgg-commodities-chair", "Strategic Governance Group (Commodities) chair"),
    ("sgg-vulnerabilities-chair", "Strategic Governance Group (Vulnerabilities) chair"),
    ("sgg-prosperity-chair", "Strategic Governance Group (Prosperity) chair"),
    ("gold-commander", "Gold commander"),
    ("silver-commander", "Silver commander"),
    ("bronze-commander", "Bronze commander"),
    ("governance-board-chair", "Governance board chair"),
    *((soc_lead(force), f"SOC lead, {force}") for force in REGION_FORCES),
)

# Who reviews a monitored support request each week, with the NCA's ROCC.
MONITORING_REVIEWER = "head-of-intelligence"
