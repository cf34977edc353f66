"""Pages and orders of every view query: the same rows, in the same order, on both stores."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from tests.cast import CastTracker, person
from tests.conftest import POSTGRES_URL, postgres_admin
from tests.integration.view_steps import receive_tasking
from tracker.decisions.register import decision_register_rows
from tracker.learning.log_queries import learning_log_rows
from tracker.oversight.reviews import review_queue
from tracker.oversight.timeline import item_timeline
from tracker.support.board import support_request_board_rows
from tracker.tasking.board import tasking_board_rows
from tracker.tasking.board_projection import TaskingBoardProjection
from tracker.views.catalogue import projections
from tracker.views.projector import Projector


def test_the_boards_in_reference_order_put_tsk_2_before_tsk_10(app, projectors):
    for _ in range(10):
        receive_tasking(app)
    views = projectors(app, TaskingBoardProjection())
    views.catch_up()
    shown = [t.reference for t in tasking_board_rows(views.engine, sensitive_cleared=True)]
    assert shown == [f"TSK-{n}" for n in range(1, 11)]


@pytest.fixture
def en_gb_postgres_url() -> Any:
    """A PostgreSQL database collating as most servers are set up (en-GB), dropped afterwards."""
    name = f"collation_{uuid4().hex[:12]}"
    with postgres_admin() as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu "
                      "ICU_LOCALE 'en-GB' LOCALE 'C.UTF-8'")  # fmt: skip
        try:
            yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def lead_officers_in_order(url: str) -> list[str]:
    with CastTracker(url, create_schema=True) as app:
        for lead in ("dixon", "de.souza", "patel", "ahmed", "planning-lead"):
            receive_tasking(app, lead_officer=person(app, lead) if "-" not in lead else lead)
        with Projector(app, [TaskingBoardProjection()]) as views:
            views.catch_up()
            rows = tasking_board_rows(views.engine, sensitive_cleared=True, sort="lead_officer")
            return [t.lead_officer for t in rows]


@pytest.mark.postgres
def test_a_board_sorted_by_a_name_pages_in_the_same_order_on_sqlite_and_postgresql(
    tmp_path, en_gb_postgres_url
):
    on_sqlite = lead_officers_in_order(f"sqlite:///{tmp_path / 'tracker.sqlite'}")
    assert lead_officers_in_order(en_gb_postgres_url) == on_sqlite


# -- bad input: a clear refusal, the same on both stores -----------------------------------


PAGED = {
    "tasking board": tasking_board_rows,
    "support request board": support_request_board_rows,
    "decision register": decision_register_rows,
    "learning log": learning_log_rows,
    "review queue": lambda engine, **query: review_queue(
        engine, today=datetime.now(UTC).date(), **query
    ),
    "timeline": lambda engine, **query: item_timeline(engine, "TSK-1", **query),
}


@pytest.mark.parametrize("name", sorted(PAGED))
def test_a_page_size_or_number_out_of_range_is_refused_with_a_clear_message(app, projectors, name):
    receive_tasking(app)
    views = projectors(app, *projections())
    views.catch_up()
    # SQLite answers a negative page size with every row and PostgreSQL with a DataError;
    # a page past the 64-bit range is an OverflowError or a DataError.
    for paging in ({"per_page": -1}, {"per_page": 10**19}, {"page": 10**19}):
        with pytest.raises(ValueError, match="page"):
            PAGED[name](views.engine, sensitive_cleared=True, **paging)
