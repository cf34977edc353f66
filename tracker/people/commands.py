"""Commands on posts, given by admins: establish a post, assign it, vacate it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.kernel.commands import Command, check_expected_version
from tracker.people.post import checked_post_id, post_reference


@dataclass(frozen=True, kw_only=True)
class EstablishPost(Command):
    """A new post, e.g. post_id "soc-lead-warwickshire", title "SOC lead, Warwickshire"."""

    post_id: str
    title: str


@dataclass(frozen=True, kw_only=True)
class PostCommand(Command):
    """A command on an existing post, named by its id."""

    post_id: str
    expected_version: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set("post_id", checked_post_id(self.post_id))
        check_expected_version(self.expected_version)

    @property
    def reference(self) -> str:
        return post_reference(self.post_id)


@dataclass(frozen=True, kw_only=True)
class AssignPost(PostCommand):
    """``holder`` (a username) holds the post from ``since`` (today if not given)."""

    holder: str
    since: date | str | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class VacatePost(PostCommand):
    reason: str
    since: date | str | None = None
