"""Commands on forums, given by admins: establish a new forum, rearrange one's chair or
schedule."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.kernel.commands import Command, check_expected_version


@dataclass(frozen=True, kw_only=True)
class EstablishForum(Command):
    """A new forum, e.g. name "Firearms tactical group", series "FTG", chair post
    "ftg-chair", schedule "second monday 10:00" (or "" when it sits only when called)."""

    name: str
    series: str
    chair_post: str
    schedule: str = ""
    purpose: str = ""


@dataclass(frozen=True, kw_only=True)
class RearrangeForum(Command):
    """The forum ``forum`` (its name) gets a new chair post or schedule; either left blank
    stays as it is ("when called" for a forum that is to sit only when called)."""

    forum: str
    chair_post: str = ""
    schedule: str = ""
    reason: str
    expected_version: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_expected_version(self.expected_version)
