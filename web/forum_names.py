"""The forums' names as a page's options: read from the forums list each time they are used,
so a forum an admin establishes is offered at once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from tracker.forums.forum_queries import forum_catalogue
from web.reading import fresh_views


class ForumNames(Sequence[str]):
    """Every forum's name, in the domain's order (the standard forums first)."""

    def _names(self) -> tuple[str, ...]:
        return forum_catalogue(fresh_views()).names

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


FORUM_NAMES = ForumNames()
