"""A forum's terms, checked as an admin gives them: name, decision series, chair, schedule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from events.parties import post_party
from tracker.forums.schedule import Meeting
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import long_text, text
from tracker.people.post import checked_post_id

SERIES = re.compile(r"[A-Z][A-Z0-9]{1,11}")
# Series the log already uses for other things: a forum numbering in one would collide.
RESERVED_SERIES = {"TSK", "SR", "LP", "LA", "DB", "OBS", "POST", "FORUM", "USER", "CHAIN"}


@dataclass(frozen=True)
class ForumTerms:
    """What a forum is: its ``schedule`` is "" when it sits only when called."""

    name: str
    series: str
    chair_post: str
    schedule: str = ""
    purpose: str = ""

    @property
    def chair(self) -> str:
        """How records name the chair: the post."""
        return post_party(self.chair_post)

    @property
    def meeting(self) -> Meeting | None:
        """Its recurring meeting; None for a forum that sits when called."""
        return Meeting.parse(self.name, self.schedule, "schedule") if self.schedule else None


def forum_key(name: str) -> str:
    """The forum's stable key, from its name: "HoI-ROCC monitoring meeting" -> "hoi-rocc-..."."""
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold()))


def forum_reference(name: str) -> str:
    """The forum's reference in the log, e.g. "FORUM/rttcg"."""
    return f"FORUM/{forum_key(name)}"


def checked_name(value: Any) -> str:
    name = " ".join(text("name", value, max_length=60).split())
    if not forum_key(name):
        raise InvalidInput("name", "must contain letters or digits")
    return name


def checked_series(value: Any) -> str:
    series = text("series", value, max_length=12).upper()
    if not SERIES.fullmatch(series):
        raise InvalidInput("series", "must be 2 to 12 capital letters or digits, e.g. RTTCG")
    if series in RESERVED_SERIES:
        raise InvalidInput("series", f"{series} numbers something else; choose another")
    return series


WHEN_CALLED = "when called"


def checked_schedule(value: Any) -> str:
    """A schedule such as "tuesday 10:00" or "first thursday 10:00"; "" (or "when called")
    for a forum that sits when called."""
    schedule = " ".join(text("schedule", value, required=False).lower().split())
    if schedule == WHEN_CALLED:
        return ""
    if schedule:
        try:
            Meeting.parse("", schedule, "schedule")
        except ValueError as error:
            raise InvalidInput("schedule", str(error).removeprefix("schedule: ")) from None
    return schedule


def checked_terms(**given: Any) -> ForumTerms:
    return ForumTerms(
        name=checked_name(given["name"]),
        series=checked_series(given["series"]),
        chair_post=checked_post_id(given["chair_post"]),
        schedule=checked_schedule(given.get("schedule", "")),
        purpose=long_text("purpose", given.get("purpose", ""), required=False),
    )
