"""Stored event and item names are fixed strings, never module paths."""

from __future__ import annotations

import tracker.service.dispatch  # noqa: F401  (imports every area, so every event class is defined)
from events.base import TrackerCreated, TrackerEvent, stored_event_classes
from tracker.kernel.stored import StoredAggregate


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_event_class_is_stored_under_its_own_name_free_of_module_paths():
    concrete = {c for c in all_subclasses(TrackerEvent) | all_subclasses(TrackerCreated)
                if not c.__dict__.get("abstract")}  # fmt: skip
    assert concrete == set(stored_event_classes().values())
    for name, cls in stored_event_classes().items():
        assert cls.__dict__["TOPIC"] == name
        assert ":" not in name and "." not in name


def test_every_item_kind_is_stored_under_a_fixed_name():
    kinds = [c for c in all_subclasses(StoredAggregate) if "STORED_AS" in c.__dict__]
    assert kinds, "no aggregates found"
    for kind in kinds:
        assert kind.TOPIC == kind.STORED_AS and ":" not in kind.TOPIC
    assert len({k.STORED_AS for k in kinds}) == len(kinds)
