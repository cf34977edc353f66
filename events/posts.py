"""Facts of posts: a post is established, then held by one person at a time.

Each assignment is an event, so the record shows who held a post on any day, and so who
an item owned by the post was owned by.
"""

from __future__ import annotations

from datetime import date

from events.base import TrackerCreated, TrackerEvent


class PostEstablished(TrackerCreated):
    """The post ``post_id`` (e.g. "head-of-intelligence"), titled ``title``, exists; vacant."""

    TOPIC = "PostEstablished"
    post_id: str
    title: str


class PostAssigned(TrackerEvent):
    """The vacant post is held by the person ``holder`` (a username) from ``since``."""

    TOPIC = "PostAssigned"
    holder: str
    since: date
    note: str


class PostHandedOver(TrackerEvent):
    """The post passed from ``previous`` to ``holder`` on ``since``."""

    TOPIC = "PostHandedOver"
    holder: str
    previous: str
    since: date
    note: str


class PostVacated(TrackerEvent):
    """``previous`` no longer holds the post from ``since``; nobody does."""

    TOPIC = "PostVacated"
    previous: str
    since: date
    reason: str
