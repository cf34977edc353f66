"""The options a decision considered: each one rejected says why; only the chosen one may not."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import long_text

MAX_OPTIONS = 20
OPTIONS = "options_considered"


def checked_options(values: Any) -> list[dict[str, str]]:
    """The options considered: each one rejected says why; only the chosen one may not."""
    if isinstance(values, str | Mapping) or not isinstance(values, Iterable):
        raise InvalidInput(OPTIONS, "must be a list of options, each with why it was rejected")
    options = [_checked_option(i, value) for i, value in enumerate(values)]
    if not options:
        raise InvalidInput(OPTIONS, "is required: list the options considered")
    if len(options) > MAX_OPTIONS:
        raise InvalidInput(OPTIONS, f"has {len(options)} options; the limit is {MAX_OPTIONS}")
    _check_one_unexplained(options)
    _check_no_repeats(options)
    return options


def _check_one_unexplained(options: list[dict[str, str]]) -> None:
    unexplained = [i for i, option in enumerate(options) if not option["rejected_because"]]
    if len(unexplained) > 1:
        raise InvalidInput(
            f"{OPTIONS}[{unexplained[1]}].rejected_because",
            "is required: only the option chosen is left without why it was rejected",
        )


def _check_no_repeats(options: list[dict[str, str]]) -> None:
    names = [option["option"].casefold() for option in options]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise InvalidInput(f"{OPTIONS}[{i}].option", "repeats an option already listed")


def _checked_option(index: int, value: Any) -> dict[str, str]:
    field = f"{OPTIONS}[{index}]"
    if not isinstance(value, Mapping):
        raise InvalidInput(field, "must give the option and why it was rejected")
    unknown = sorted(str(key) for key in value if key not in ("option", "rejected_because"))
    if unknown:
        given = ", ".join(unknown)
        raise InvalidInput(field, f"has unknown {given}; give option and rejected_because")
    return {
        "option": long_text(f"{field}.option", value.get("option")),
        "rejected_because": long_text(
            f"{field}.rejected_because", value.get("rejected_because"), required=False
        ),
    }
