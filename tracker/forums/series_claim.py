"""A new forum's claim on its decision series: recorded with the forum, refused if taken.

Its id derives from the series, so the store itself refuses a second claim, even from two
admins establishing forums at the same moment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from events import forums as forum_events
from tracker.kernel.references import item_id
from tracker.kernel.stored import StoredAggregate


def series_reference(series: str) -> str:
    return f"FORUM-SERIES/{series.upper()}"


class SeriesClaim(StoredAggregate):
    STORED_AS = "ForumSeries"
    KIND = "forum series"

    if TYPE_CHECKING:
        series: str
        forum: str

    @classmethod
    def claim(cls, series: str, forum: str) -> SeriesClaim:
        return cls._create(forum_events.ForumSeriesClaimed, id=item_id(series_reference(series)),
                           series=series, forum=forum)  # fmt: skip

    def apply(self, event: object) -> None:
        if isinstance(event, forum_events.ForumSeriesClaimed):
            self.series, self.forum = event.series, event.forum
