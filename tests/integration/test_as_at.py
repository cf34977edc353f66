"""Property: every view asked "as at" a moment equals a replay of the events up to that moment.

The replay is independent of the versioned rows: the views are rebuilt in a scratch database
from the log, stopping at the last position recorded by the moment, and asked for "now".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cast import CastTracker
from tracker.cli.demo import load_demo
from tracker.decisions.register import decision_register_rows
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem
from tracker.learning.log_queries import learning_log_rows
from tracker.oversight.timeline import item_timeline
from tracker.service.application import Tracker
from tracker.support.board import support_request_board_rows
from tracker.tasking.board import tasking_board_rows
from tracker.views.catalogue import projections
from tracker.views.engine import scratch_engine
from tracker.views.projector import Projector

BOARDS: dict[str, Callable[..., Any]] = {
    "tasking board": tasking_board_rows,
    "support request board": support_request_board_rows,
    "decision register": decision_register_rows,
    "learning log": learning_log_rows,
}


class Recorded:
    """The demo, amended (a marking raised included), with its views caught up."""

    def __init__(self, url: str):
        self.app = CastTracker(url, create_schema=True)
        load_demo(self.app)
        for reference, field, value in [
            ("TSK-1", "title", "OIC standards"),
            ("SR-1", "marking", "OFFICIAL-SENSITIVE"),
            ("LP-2", "text", "Build resilience into every key role profile"),
        ]:
            self.app.handle(AmendItem(actor="bo", reference=reference, field=field,
                                      new_value=value, reason="corrected"))  # fmt: skip
        self.views = Projector(self.app, projections())
        self.views.catch_up()
        events = [self.app.mapper.to_domain_event(n) for n in self._log()]
        self.references = sorted(
            {e.reference for e in events if hasattr(e, "marking") and hasattr(e, "reference")}
        )
        self.sensitive_now = {r for r in self.references if self.app.item(r).marking != "OFFICIAL"}
        self.first = min(e.timestamp for e in events)
        self.last = max(e.timestamp for e in events)

    def _log(self) -> list[Any]:
        return list(self.app.recorder.select_notifications(start=None, limit=100_000))

    def close(self) -> None:
        self.views.close()
        self.app.close()


@pytest.fixture(scope="module")
def recorded(module_store_url: str) -> Iterator[Recorded]:
    made = Recorded(module_store_url)
    yield made
    made.close()


def replayed(app: Tracker, position: int) -> Projector:
    """The views as a replay of the log up to ``position`` makes them, in a scratch database."""
    projector = Projector(app, projections(), scratch_engine())
    projector.catch_up(until=position)
    return projector


def answer(query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return query(*args, **kwargs)
    except TrackerError as refused:
        return f"refused: {refused}"


def without_links_to(row: Any, references: set[str]) -> Any:
    """``row`` with every link to one of ``references`` blanked, as an uncleared reader sees it."""
    blanked = {
        field.name: ""
        for field in fields(row)
        if isinstance(getattr(row, field.name), str) and getattr(row, field.name) in references
        and field.name != "reference"
    }  # fmt: skip
    return replace(row, **blanked)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fraction=st.floats(min_value=-0.05, max_value=1.05), cleared=st.booleans())
def test_as_at_any_moment_every_view_equals_a_replay_up_to_it(recorded, fraction, cleared):
    moment: datetime = recorded.first + timedelta(
        seconds=(recorded.last - recorded.first).total_seconds() * fraction
    )
    position = recorded.app.position_at(moment)
    replay = replayed(recorded.app, position)
    try:
        live, then = recorded.views.engine, {"as_at_position": position}
        for name, board in BOARDS.items():
            as_at = board(live, sensitive_cleared=cleared, per_page=1000, **then)
            # An item marked sensitive since is withheld from the as-at answer as well.
            sensitive_now = recorded.sensitive_now
            expected = [
                row if cleared else without_links_to(row, sensitive_now)
                for row in board(replay.engine, sensitive_cleared=cleared, per_page=1000)
                if cleared or row.reference not in sensitive_now
            ]
            assert as_at == expected, (name, position)
        for reference in recorded.references:
            as_at = answer(item_timeline, live, reference, sensitive_cleared=True, **then)
            expected = answer(item_timeline, replay.engine, reference, sensitive_cleared=True)
            assert as_at == expected, (reference, position)
    finally:
        replay.close()
