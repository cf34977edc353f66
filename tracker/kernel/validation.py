"""Shape checks for command input: clear messages, applied before anything is recorded."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, date, datetime
from typing import Any, Literal, overload

from tracker.kernel.errors import InvalidInput

SHORT_TEXT = 200
LONG_TEXT = 20_000
# Dates outside this range are typing mistakes, and date arithmetic near year 9999 overflows.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
MOST = 1_000_000  # a larger count or number is a typing mistake


def text(field: str, value: Any, *, max_length: int = SHORT_TEXT, required: bool = True) -> str:
    """Stripped text, refused when missing (if required), too long or not text at all."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, f"must be text, not {type(value).__name__}")
    stripped = value.strip()
    if required and not stripped:
        raise InvalidInput(field, "is required")
    if len(stripped) > max_length:
        raise InvalidInput(field, f"is {len(stripped)} characters long; the limit is {max_length}")
    _refuse_unreadable(field, stripped)
    return stripped


def _refuse_unreadable(field: str, stripped: str) -> None:
    if "\x00" in stripped:
        raise InvalidInput(field, "contains a NUL character")
    try:
        stripped.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "contains characters that are not valid text") from None


def long_text(field: str, value: Any, *, required: bool = True) -> str:
    return text(field, value, max_length=LONG_TEXT, required=required)


def choice(field: str, value: Any, options: Iterable[str]) -> str:
    options = tuple(options)
    if value not in options:
        raise InvalidInput(field, f"must be one of {', '.join(options)}; got {value!r}")
    return str(value)


def _missing(field: str, value: Any, required: bool) -> bool:
    """Whether no value was given; refused when one is required."""
    if value is None or value == "":
        if required:
            raise InvalidInput(field, "is required")
        return True
    return False


@overload
def a_date(field: str, value: Any, *, required: Literal[True] = True) -> date: ...
@overload
def a_date(field: str, value: Any, *, required: bool) -> date | None: ...


def a_date(field: str, value: Any, *, required: bool = True) -> date | None:
    """A calendar date, given as a date or as YYYY-MM-DD."""
    if _missing(field, value, required):
        return None
    if isinstance(value, datetime):
        raise InvalidInput(field, "must be a date, not a date and time")
    if isinstance(value, str):
        with suppress(ValueError):
            value = date.fromisoformat(value.strip())
    if not isinstance(value, date):
        raise InvalidInput(field, f"must be a date as YYYY-MM-DD; got {value!r}")
    return _in_range(field, value)


def _in_range(field: str, day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(field, f"{day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}")
    return day


@overload
def a_moment(field: str, value: Any, *, required: Literal[True] = True) -> datetime: ...
@overload
def a_moment(field: str, value: Any, *, required: bool) -> datetime | None: ...


def a_moment(field: str, value: Any, *, required: bool = True) -> datetime | None:
    """A time zone-aware moment, given as a datetime or ISO 8601 text with an offset."""
    if _missing(field, value, required):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(
                field, f"must be a date and time as YYYY-MM-DDTHH:MM+00:00; got {value!r}"
            ) from None
    if not isinstance(value, datetime):
        raise InvalidInput(field, f"must be a date and time; got {value!r}")
    if value.tzinfo is None:
        raise InvalidInput(field, "must say its time zone (for example +00:00)")
    _in_range(field, value.date())
    return value.astimezone(UTC)


@overload
def a_whole_number(
    field: str, value: Any, *, least: int = 0, most: int = ..., required: Literal[True] = True
) -> int: ...
@overload
def a_whole_number(
    field: str, value: Any, *, least: int = 0, most: int = ..., required: bool
) -> int | None: ...


def a_whole_number(
    field: str, value: Any, *, least: int = 0, most: int = MOST, required: bool = True
) -> int | None:
    """A whole number from ``least`` to ``most`` (a count, or a number in a list)."""
    if _missing(field, value, required):
        return None
    # True and False are ints to Python, never a count to a user.
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise InvalidInput(field, f"must be a whole number from {least} to {most}; got {value!r}")
    return value


def text_list(field: str, values: Any, *, max_items: int = 50) -> tuple[str, ...]:
    if values is None:
        return ()
    if not isinstance(values, list | tuple):
        raise InvalidInput(field, "must be a list of text")
    items = tuple(text(f"{field}[{i}]", v) for i, v in enumerate(values))
    if len(items) > max_items:
        raise InvalidInput(field, f"has {len(items)} items; the limit is {max_items}")
    return items


def flag(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(field, f"must be true or false; got {value!r}")
