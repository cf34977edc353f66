"""The region's forums as its terms of reference set them up, before any admin changes them.

Their names are the ones the record has always used (a decision names its forum by name),
so the record written before forums were records reads as it did. An admin rearranges a
forum's chair or schedule, or establishes a new forum, by an event (``tracker.forums``).
"""

from __future__ import annotations

from tracker.forums.terms import ForumTerms

WEEKLY_MEETING = "weekly tasking meeting"
RTTCG = "RTTCG"
RIG = "RIG"
# The Head of Intelligence and the NCA's ROCC review each monitored request for support.
MONITORING_MEETING = "HoI-ROCC monitoring meeting"
GOLD_RECOVERY_BOARD = "Gold recovery board"

# The first seven in the order the decision register has always kept them (``forum_rank``).
STANDARD_FORUMS: tuple[ForumTerms, ...] = (
    ForumTerms(WEEKLY_MEETING, "WTM", "weekly-tasking-meeting-chair", "tuesday 10:00",
               "Decides requests for support and ratifies emergency authorisations."),
    ForumTerms(RTTCG, "RTTCG", "rttcg-chair", "first thursday 10:00",
               "Regional Tasking and Co-ordination Group: NCA taskings and "
               "significant-impact requests."),
    ForumTerms(RIG, "RIG", "rig-chair", "",
               "Regional Intelligence Group: assesses requests of significant impact."),
    ForumTerms("Gold command meeting", "GOLD", "gold-commander", "", "Strategic command."),
    ForumTerms("Silver command meeting", "SILVER", "silver-commander", "", "Tactical command."),
    ForumTerms("Bronze command meeting", "BRONZE", "bronze-commander", "",
               "Operational command."),
    ForumTerms("governance board", "BOARD", "governance-board-chair", "",
               "Reviews the record's audit trail and the assurance figures."),
    ForumTerms(MONITORING_MEETING, "MON", "head-of-intelligence", "monday 14:00",
               "Weekly review of each monitored request for support with the ROCC."),
    ForumTerms("SGG Commodities", "SGGC", "sgg-commodities-chair", "",
               "Strategic Governance Group: commodities (drugs, firearms)."),
    ForumTerms("SGG Vulnerabilities", "SGGV", "sgg-vulnerabilities-chair", "",
               "Strategic Governance Group: vulnerabilities (exploitation, trafficking)."),
    ForumTerms("SGG Prosperity", "SGGP", "sgg-prosperity-chair", "",
               "Strategic Governance Group: prosperity (fraud, money laundering, cyber)."),
    ForumTerms(GOLD_RECOVERY_BOARD, "GRB", "gold-recovery-board-chair", "",
               "Oversees recovery and the learning actions of debriefs."),
)  # fmt: skip
