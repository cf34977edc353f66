"""Every query of every view, asked by a reader without OFFICIAL-SENSITIVE clearance when every
item is sensitive, answers exactly as it would on an empty store: nothing shown, nothing counted.

Queries are found by looking, so a new query that forgets the reader's clearance fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest

import tracker
from tests.cast import CastTracker
from tracker.cli.demo import load_demo
from tracker.cli.demo_cast import COMMS_POST
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem
from tracker.people.commands import VacatePost
from tracker.reminders.commands import ScheduleReminder
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector

TODAY = date.today()
ARGUMENTS = {
    "reference": "SR-1",
    "today": TODAY + timedelta(days=60),  # everything in the demo due by then
    "forum": "weekly tasking meeting",
    "meeting_on": TODAY + timedelta(days=60),
}


def queries() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function of a view module that takes an engine and a reader's clearance."""
    for module_info in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            parameters = list(inspect.signature(function).parameters)
            if (
                function.__module__ == module.__name__
                and not name.startswith("_")
                and parameters[:1] == ["engine"]
                and "sensitive_cleared" in parameters
            ):
                yield f"{module_info.name.removeprefix('tracker.')}.{name}", function


QUERIES = dict(queries())


def test_the_view_modules_queries_are_all_found():
    assert len(QUERIES) >= 9, sorted(QUERIES)


def everything_marked_sensitive(app: Tracker) -> None:
    load_demo(app)
    # An item whose owner reaches nobody, for the admins' list of unowned items.
    app.handle(VacatePost(actor="console:test", post_id=COMMS_POST, reason="Left the force."))
    # A reminder chasing an item while it was OFFICIAL must be hidden once the item is not.
    app.handle(ScheduleReminder(actor="system:reminders", item_reference="SR-1", kind="due",
                                due_at="2026-12-01T09:00Z", recipient="Head of Intelligence",
                                marking=app.item("SR-1").marking))  # fmt: skip
    references = {
        event.reference
        for event in map(app.mapper.to_domain_event, app.recorder.select_notifications(None, 10**6))
        if hasattr(event, "marking") and hasattr(event, "reference")
    }
    for reference in sorted(r for r in references if "/" not in r):  # not reminders' keys
        if app.item(reference).marking != "OFFICIAL-SENSITIVE":
            app.handle(AmendItem(actor="bo", reference=reference, field="marking",
                                 new_value="OFFICIAL-SENSITIVE", reason="review"))  # fmt: skip


def answer(query: Callable[..., Any], engine: Any, cleared: bool, as_at: int | None) -> Any:
    wanted = set(inspect.signature(query).parameters)
    arguments = {k: v for k, v in ARGUMENTS.items() if k in wanted}
    if as_at is not None and "as_at_position" in wanted:
        arguments["as_at_position"] = as_at
    try:
        return query(engine, sensitive_cleared=cleared, **arguments)
    except TrackerError as refused:
        return type(refused).__name__


@pytest.fixture
def sensitive_and_empty(store_url, tmp_path):
    with CastTracker(store_url, create_schema=True) as app, Projector(app, projections()) as views:
        everything_marked_sensitive(app)
        views.catch_up()
        halfway = app.position() // 2
        with CastTracker("memory://") as empty, Projector(empty, projections()) as nothing:
            yield views.engine, nothing.engine, halfway


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_an_uncleared_reader_is_shown_and_counted_nothing_by_any_query(name, sensitive_and_empty):
    sensitive, empty, halfway = sensitive_and_empty
    query = QUERIES[name]
    for as_at in (None, halfway):
        assert answer(query, sensitive, False, as_at) == answer(query, empty, False, as_at)
    assert answer(query, sensitive, True, None) != answer(
        query, empty, True, None
    )  # they are there
