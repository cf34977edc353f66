"""Who receives reminders: a person's address, each forum's chair, the governance recipients.

The scan and the workers ask only this small protocol, so the directory behind it can be
the user accounts (``account_recipients``) or, until those hold the addresses, a mapping
from the configuration. Names are matched without regard to case: "DCI A. Patel" and
"dci a. patel" are one person.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Recipients(Protocol):
    """What the reminders need to know about people."""

    def person_of(self, name: str) -> str | None:
        """Who ``name`` (a person, a post, a configured name) reaches now; None for nobody,
        such as a post no one holds: the scan plans no reminder to nobody."""

    def address_of(self, name: str) -> str | None:
        """The e-mail address of the person (or post, or role) ``name``; None if none is known."""

    def chair_of(self, forum: str) -> str | None:
        """The name of whoever chairs ``forum`` (a meeting or an overseeing board)."""

    def sensitive_cleared(self, name: str) -> bool:
        """Whether ``name`` may see OFFICIAL-SENSITIVE items (e.g. on a meeting's digest)."""

    def governance(self) -> Sequence[str]:
        """The names of those who receive the daily digest of the event chain."""


def _folded(mapping: Mapping[str, str]) -> dict[str, str]:
    return {key.strip().casefold(): value.strip() for key, value in mapping.items()}


@dataclass(frozen=True)
class Directory:
    """Recipients held in memory: from a test, or from the configuration's mapping."""

    addresses: Mapping[str, str] = field(default_factory=dict)
    chairs: Mapping[str, str] = field(default_factory=dict)
    cleared: frozenset[str] = frozenset()
    governance_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "addresses", _folded(self.addresses))
        object.__setattr__(self, "chairs", _folded(self.chairs))
        object.__setattr__(self, "cleared", frozenset(n.casefold() for n in self.cleared))

    def person_of(self, name: str) -> str | None:
        return name if self.address_of(name) else None

    def address_of(self, name: str) -> str | None:
        return self.addresses.get(name.strip().casefold())

    def chair_of(self, forum: str) -> str | None:
        return self.chairs.get(forum.strip().casefold())

    def sensitive_cleared(self, name: str) -> bool:
        return name.strip().casefold() in self.cleared

    def governance(self) -> Sequence[str]:
        return self.governance_names

    @classmethod
    def from_json(cls, text: str, source: str = "the recipients file") -> Directory:
        """E.g. {"addresses": {"ana": "ana@example.org"}, "chairs": {"RTTCG": "ana"},
        "cleared": ["ana"], "governance": ["ana"]}; anything else is refused by name."""
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"{source} is not JSON: {error}") from None
        if not isinstance(data, dict):
            raise ValueError(f"{source} must hold one JSON object")
        unknown = set(data) - {"addresses", "chairs", "cleared", "governance"}
        if unknown:
            raise ValueError(f"{source} has unknown entries: {', '.join(sorted(unknown))}")
        return cls(
            _names_to_text(data.get("addresses", {}), f"{source}: addresses"),
            _names_to_text(data.get("chairs", {}), f"{source}: chairs"),
            frozenset(_texts(data.get("cleared", []), f"{source}: cleared")),
            tuple(_texts(data.get("governance", []), f"{source}: governance")),
        )


def _names_to_text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"{where} must map names to text")
    return value


def _texts(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of names")
    return value
