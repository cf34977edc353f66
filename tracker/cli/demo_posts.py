"""The demo's posts: the standard ones, each filled or left vacant, and one force post."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.cli.demo_cast import (
    COMMS_LEAD,
    COMMS_POST,
    GOLD,
    HEAD_OF_INTELLIGENCE,
    LEAD_OFFICER,
    RTTCG_CHAIR,
    Commands,
)
from tracker.people.commands import AssignPost, EstablishPost
from tracker.people.standard_posts import STANDARD_POSTS, soc_lead

# Who holds which post; the others (the RIG chair, the ROCC, the on-call duty officer and
# three forces' SOC leads) are vacant, as posts sometimes are.
HOLDERS = {
    "head-of-intelligence": HEAD_OF_INTELLIGENCE,
    "weekly-tasking-meeting-chair": HEAD_OF_INTELLIGENCE,
    "rttcg-chair": RTTCG_CHAIR,
    "gold-recovery-board-chair": GOLD,
    soc_lead("West Midlands"): LEAD_OFFICER,
    COMMS_POST: COMMS_LEAD,
}


def demo_posts(today: date, now: datetime) -> Commands:
    """Establish the posts and fill those the demo's people hold, from a year ago."""
    posts = (*STANDARD_POSTS, (COMMS_POST, "Head of Corporate Communications"))
    for post_id, title in posts:
        yield EstablishPost(actor="console:demo", post_id=post_id, title=title)
        if post_id in HOLDERS:
            yield AssignPost(
                actor="console:demo", post_id=post_id, holder=HOLDERS[post_id],
                since=today - timedelta(days=365),
            )  # fmt: skip
