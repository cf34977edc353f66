"""Protective markings: what an item may be marked, and what an item drawn from another is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.kernel.errors import InvalidInput

if TYPE_CHECKING:
    from tracker.kernel.aggregate import TrackerAggregate

OFFICIAL, SENSITIVE = "OFFICIAL", "OFFICIAL-SENSITIVE"
MARKINGS = (OFFICIAL, SENSITIVE)


def checked_marking(value: Any) -> str:
    if value not in MARKINGS:
        raise InvalidInput("marking", f"must be one of {', '.join(MARKINGS)}; got {value!r}")
    return str(value)


def inherited_marking(source: TrackerAggregate, given: str = "") -> str:
    """A new item drawn from ``source`` is marked at least as highly as its source.

    Lowering it would copy sensitive text into an OFFICIAL item; that takes an amendment
    with a reason, recorded on its own.
    """
    if not given:
        return source.marking
    marking = checked_marking(given)
    if MARKINGS.index(marking) < MARKINGS.index(source.marking):
        raise InvalidInput(
            "marking",
            f"cannot be lower than {source.reference}'s {source.marking}; "
            "amend the marking afterwards, with a reason, if it really is lower",
        )
    return marking
