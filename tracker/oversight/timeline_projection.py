"""The per-item timeline: every event of an item, with who, when, when decided, why and amendments.

One row per event, keyed by its log position and never changed afterwards, so "as at"
position p is simply the item's rows up to p. Whether a reader may see the timeline at all
turns on the item's marking, which amendments can change either way: a small versioned
table of items keeps each marking for the positions it held. Reminders chase an item, so
their events show on the chased item's timeline too ("who was chased and when").

User accounts, posts and forums are recorded here too, as items of kind "user account",
"post" and "forum" marked OFFICIAL, so every grant and revocation of a role, clearance or
token, who held which post when, and who chaired a forum, is in the audit trail
(``tracker.oversight.audit``); no secret (a token's digest) is ever copied into a row.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from eventsourcing.utils import resolve_topic
from sqlalchemy import Connection, select

from events import accounts, common, forums, posts, reminder
from events.base import TrackerCreated
from tracker.accounts.account import UserAccount
from tracker.accounts.account_fields import account_reference
from tracker.forums.forum import Forum
from tracker.forums.series_claim import SeriesClaim, series_reference
from tracker.forums.terms import forum_reference
from tracker.kernel.markings import MARKINGS
from tracker.kernel.references import item_id
from tracker.oversight.labels import LABELS
from tracker.oversight.timeline_rows import timeline_events, timeline_row
from tracker.people.post import Post, post_reference
from tracker.reminders.kinds import ITEM_KINDS
from tracker.views.items import timeline_items
from tracker.views.projector import Projection
from tracker.views.versioned import change_row, open_row

# The forum an item belongs to: a decision's forum, a learning action's overseeing board.
ITEM_FORUM = ("forum", "overseeing_board")
LATER_REMINDER_EVENTS = (reminder.ReminderSent, reminder.ReminderCancelled, reminder.ReminderFailed)


class ItemTimelineProjection(Projection):
    """Appends a row per event of an item, and keeps each item's marking for clearance."""

    name = "item_timeline"
    tables = (timeline_items, timeline_events)
    # 2: user accounts' events joined the timelines, and forums are kept; 3: a debrief opened
    # reads as commissioned and held, and one closed as reported; 4: posts joined them;
    # 5: forums did, and a monitoring review is the HoI-ROCC monitoring meeting's
    version = 5

    def apply(self, event: Any, connection: Connection, position: int) -> None:
        if type(event) not in LABELS:
            return  # a counter's numbers are no item's history
        self._track(event, connection, position)
        connection.execute(
            timeline_events.insert().values(
                position=position,
                item_id=str(event.originator_id),
                chases=self._chased(event, connection),
                **timeline_row(event),
            )
        )

    @singledispatchmethod
    def _track(self, event: Any, connection: Connection, position: int) -> None:
        """Most events leave the item's marking as it was."""

    @_track.register
    def _(self, event: TrackerCreated, connection: Connection, position: int) -> None:
        kind = resolve_topic(event.originator_topic).KIND
        forum = next((getattr(event, name) for name in ITEM_FORUM if hasattr(event, name)), None)
        open_row(
            connection, timeline_items, event, position,
            kind=kind, chases=_chases(event), forum=forum,
        )  # fmt: skip

    @_track.register
    def _(
        self,
        event: accounts.UserRegistered | accounts.SignInAttempted,
        connection: Connection,
        position: int,
    ) -> None:
        # An account has no marking of its own: who may do what is OFFICIAL. Each sign-in is
        # a record of its own, shown beside the account it names.
        _official_record(connection, event, position, account_reference(event.username),
                         UserAccount.KIND)  # fmt: skip

    @_track.register
    def _(self, event: posts.PostEstablished, connection: Connection, position: int) -> None:
        # Who holds a post is OFFICIAL, like who may do what.
        _official_record(connection, event, position, post_reference(event.post_id), Post.KIND)

    @_track.register
    def _(self, event: forums.ForumEstablished, connection: Connection, position: int) -> None:
        # A forum's terms (who chairs it, when it sits) are OFFICIAL too.
        _official_record(connection, event, position, forum_reference(event.name), Forum.KIND)

    @_track.register
    def _(self, event: forums.ForumSeriesClaimed, connection: Connection, position: int) -> None:
        _official_record(connection, event, position, series_reference(event.series),
                         SeriesClaim.KIND)  # fmt: skip

    @_track.register
    def _(self, event: common.ItemAmended, connection: Connection, position: int) -> None:
        changed = {"marking": event.new_value} if event.field == "marking" else {}
        if event.field in ITEM_FORUM:
            changed = {"forum": event.new_value}
        change_row(
            connection, timeline_items, event, position, lambda _: changed | {"amended": True}
        )

    def _chased(self, event: Any, connection: Connection) -> str | None:
        if isinstance(event, reminder.ReminderScheduled):
            return _chases(event)
        if not isinstance(event, LATER_REMINDER_EVENTS):
            return None
        items = timeline_items.c
        query = select(items.chases).where(
            items.item_id == str(event.originator_id), items.valid_to.is_(None)
        )
        return connection.execute(query).scalar_one_or_none()


def _official_record(
    connection: Connection, event: Any, position: int, reference: str, kind: str
) -> None:
    """A record of people rather than casework: OFFICIAL, chasing nothing, in no forum."""
    connection.execute(
        timeline_items.insert().values(
            item_id=str(event.originator_id), valid_from=position, valid_to=None,
            reference=reference, version=event.originator_version, marking=MARKINGS[0],
            kind=kind, chases=None, forum=None, amended=False,
        )
    )  # fmt: skip


def _chases(event: Any) -> str | None:
    """The id of the item a reminder chases; a digest names a forum or the chain instead."""
    if isinstance(event, reminder.ReminderScheduled) and event.kind in ITEM_KINDS:
        return str(item_id(event.item_reference))
    return None
