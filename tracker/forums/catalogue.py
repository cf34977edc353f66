"""Every forum's terms now, as one list: the standard forums (by their records' terms once
an admin has changed them) first, then the forums admins established, by name."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.forums.standard_forums import STANDARD_FORUMS
from tracker.forums.terms import ForumTerms, forum_key


@dataclass(frozen=True)
class Forums:
    """The forums in the domain's order; ``recorded``: the keys of those with a record."""

    all: tuple[ForumTerms, ...]
    recorded: frozenset[str] = frozenset()

    @classmethod
    def of(cls, records: list[ForumTerms]) -> Forums:
        """The catalogue given the forums' records (standard ones read as recorded)."""
        by_key = {forum_key(terms.name): terms for terms in records}
        standard = tuple(by_key.pop(forum_key(t.name), t) for t in STANDARD_FORUMS)
        others = tuple(sorted(by_key.values(), key=lambda terms: terms.name.casefold()))
        return cls((*standard, *others), frozenset(forum_key(t.name) for t in records))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(terms.name for terms in self.all)

    def get(self, name: str) -> ForumTerms | None:
        """The forum ``name`` names, however it is capitalised."""
        key = forum_key(name)
        return next((terms for terms in self.all if forum_key(terms.name) == key), None)

    def is_recorded(self, name: str) -> bool:
        return forum_key(name) in self.recorded

    def scheduled(self) -> tuple[ForumTerms, ...]:
        """The forums that sit by a schedule (the others sit when called)."""
        return tuple(terms for terms in self.all if terms.schedule)


STANDARD = Forums(STANDARD_FORUMS)


def forum_rank(name: str) -> int:
    """A forum's place in the register's order: the standard ones first, in their order; the
    rest after them (a fixed order, the same however the forums list changes)."""
    names = STANDARD.names
    return names.index(name) if name in names else len(names)
