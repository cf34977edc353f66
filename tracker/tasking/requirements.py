"""A tasking's requirements on each force: who owns them there, and where each one stands.

A force's requirements are numbered from 1 in the order they were placed, and progress
names a requirement by that number. Placing a force's requirements again replaces its list:
a requirement whose wording is still listed (ignoring case and spacing) keeps its progress
under its new number; a new one starts not started; one no longer listed leaves the
standing (its reports stay in the trail). Rewording a requirement therefore makes it new.

The aggregate and the tasking board both evolve these records, so both read the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from events.tasking import TaskingRequirementProgressed
from tracker.kernel.errors import InvalidInput
from tracker.tasking.lifecycle import REGION_FORCES

NOT_STARTED, IN_PROGRESS, MET, NOT_MET = "not started", "in progress", "met", "not met"
STATUSES = (NOT_STARTED, IN_PROGRESS, MET, NOT_MET)
OUTCOMES = ("operations", "disruptions", "arrests")
# The order a force's standing lists its counts in: what is done first.
STANDING_ORDER = (MET, NOT_MET, IN_PROGRESS, NOT_STARTED)


@dataclass(frozen=True)
class Requirement:
    """One requirement on one force, as its latest report left it.

    The outcome counts are totals over its reports; None until a report gives one.
    """

    number: int
    text: str
    status: str = NOT_STARTED
    note: str = ""
    evidence: str = ""
    reported_on: date | None = None
    operations: int | None = None
    disruptions: int | None = None
    arrests: int | None = None

    @property
    def outcomes(self) -> str:
        """The outcome counts reported, e.g. "2 operations, 0 disruptions"; "" for none."""
        counts = ((getattr(self, name), name) for name in OUTCOMES)
        return ", ".join(f"{count} {name}" for count, name in counts if count is not None)

    def reported(self, event: TaskingRequirementProgressed) -> Requirement:
        totals: dict[str, Any] = {
            name: _added(getattr(self, name), getattr(event, name)) for name in OUTCOMES
        }
        return dataclasses.replace(
            self, status=event.status, note=event.note, evidence=event.evidence,
            reported_on=event.reported_on, **totals,
        )  # fmt: skip


def _added(total: int | None, count: int | None) -> int | None:
    return total if count is None else (total or 0) + count


@dataclass(frozen=True)
class ForceRequirements:
    """What a tasking requires of one force, and the person or post who owns it there."""

    force: str
    owner: str
    requirements: tuple[Requirement, ...]

    def requirement(self, number: Any) -> Requirement:
        """Requirement ``number``; refused, saying which there are, when there is none."""
        count = len(self.requirements)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= count:
            raise InvalidInput(
                "requirement",
                f"{self.force} has requirements 1 to {count}; got {number!r}",
            )
        return self.requirements[number - 1]

    def progressed(self, event: TaskingRequirementProgressed) -> ForceRequirements:
        changed = self.requirements[event.requirement - 1].reported(event)
        requirements = tuple(
            changed if r.number == changed.number else r for r in self.requirements
        )
        return dataclasses.replace(self, requirements=requirements)

    @property
    def standing(self) -> str:
        """E.g. "2 met, 1 in progress"; "not started" when none has started."""
        statuses = [r.status for r in self.requirements]
        if all(status == NOT_STARTED for status in statuses):
            return NOT_STARTED
        counts = ((statuses.count(status), status) for status in STANDING_ORDER)
        return ", ".join(f"{count} {status}" for count, status in counts if count)


def placed(
    previous: ForceRequirements | None, force: str, owner: str, texts: list[str]
) -> ForceRequirements:
    """The force's requirements as ``texts`` now list them, keeping the progress of those
    still listed (each earlier requirement carried over once)."""
    carried: dict[str, list[Requirement]] = {}
    for earlier in previous.requirements if previous else ():
        carried.setdefault(_wording(earlier.text), []).append(earlier)
    requirements = []
    for number, text in enumerate(texts, start=1):
        kept = carried.get(_wording(text))
        earlier = kept.pop(0) if kept else Requirement(number, text)
        requirements.append(dataclasses.replace(earlier, number=number, text=text))
    return ForceRequirements(force, owner, tuple(requirements))


def _wording(text: str) -> str:
    return " ".join(text.split()).casefold()


def standing(forces: Mapping[str, ForceRequirements]) -> str:
    """Each force's standing in the region's order, e.g. "West Midlands: 2 met · Warwickshire:
    not started"; empty when no requirement is placed."""
    shown = [forces[force] for force in REGION_FORCES if force in forces]
    return " · ".join(f"{each.force}: {each.standing}" for each in shown)


# -- as the tasking board keeps them (JSON text) ------------------------------------------


def as_stored(forces: Mapping[str, ForceRequirements]) -> dict[str, Any]:
    return {force: _plain(dataclasses.asdict(each)) for force, each in forces.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(each) for key, each in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(each) for each in value]
    return value.isoformat() if isinstance(value, date) else value


def from_stored(stored: Mapping[str, Any]) -> dict[str, ForceRequirements]:
    return {force: _force_from_stored(each) for force, each in stored.items()}


def _force_from_stored(stored: Mapping[str, Any]) -> ForceRequirements:
    requirements = tuple(_requirement_from_stored(r) for r in stored["requirements"])
    return ForceRequirements(stored["force"], stored["owner"], requirements)


def _requirement_from_stored(stored: Mapping[str, Any]) -> Requirement:
    day = stored["reported_on"]
    return Requirement(**{**stored, "reported_on": date.fromisoformat(day) if day else None})
