"""Shape checks refuse what cannot be stored or computed with, naming the field."""

from __future__ import annotations

import pytest

from events.store import StoreConfigurationError
from events.store_settings import store_settings
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import a_date, a_moment, text


@pytest.mark.parametrize(
    ("check", "value", "problem"),
    [
        (text, "caf\udce9", "not valid text"),
        (text, "a\x00b", "NUL"),
        (a_date, "9999-12-30", "outside 1900-2999"),
        (a_date, "1066-10-14", "outside 1900-2999"),
        (a_moment, "9999-12-31T23:00:00-05:00", "outside 1900-2999"),
        (a_moment, "0001-01-01T00:00:00+05:00", "outside 1900-2999"),
        (a_moment, "2026-11-26T10:00:00", "time zone"),
    ],
)
def test_values_that_would_break_storage_or_date_arithmetic_are_refused(check, value, problem):
    with pytest.raises(InvalidInput, match=problem) as refused:
        check("field", value)
    assert refused.value.field == "field"


def test_a_postgresql_url_with_an_option_it_would_drop_is_refused():
    with pytest.raises(StoreConfigurationError, match=r"sslmode.*PGSSLMODE"):
        store_settings("postgresql://u@h/db?sslmode=require", create_schema=False)
