"""The engines beside the log: a database error never carries the values it was given."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tracker.views.engine import view_engine

CONTENT = "Covert source SOURCE-7 reports the shipment lands on Tuesday"


@pytest.mark.parametrize("writer", [False, True])
def test_a_database_error_names_the_statement_but_never_the_values(app, writer):
    engine = view_engine(app.env, writer=writer)
    try:
        with engine.connect() as connection, pytest.raises(DBAPIError) as failed:
            connection.execute(sa.text("SELECT * FROM no_such_view WHERE title = :t"),
                               {"t": CONTENT})  # fmt: skip
    finally:
        engine.dispose()
    assert "no_such_view" in str(failed.value)
    assert CONTENT not in str(failed.value)
