"""Facts of forums: a forum is established with its terms, which an admin may rearrange.

A forum's terms are its chair (a post), its meeting schedule (in Europe/London) and the
series its decisions are numbered in. The region's standard forums are known before any
of these are recorded (``tracker.forums.standard_forums``); an event records each change.
"""

from __future__ import annotations

from events.base import TrackerCreated, TrackerEvent


class ForumEstablished(TrackerCreated):
    """The forum ``name`` exists, chaired by the post ``chair_post``.

    ``schedule`` reads like "tuesday 10:00" or "first thursday 10:00", or is "" for a forum
    that sits when called; ``series`` numbers its decisions ("RTTCG" gives RTTCG-1, ...).
    """

    TOPIC = "ForumEstablished"
    name: str
    series: str
    chair_post: str
    schedule: str
    purpose: str


class ForumRearranged(TrackerEvent):
    """The forum's chair or schedule changed, for ``reason``; its name and series never do."""

    TOPIC = "ForumRearranged"
    chair_post: str
    schedule: str
    reason: str


class ForumSeriesClaimed(TrackerCreated):
    """The decision series ``series`` belongs to the new forum ``forum`` and no other."""

    TOPIC = "ForumSeriesClaimed"
    series: str
    forum: str
