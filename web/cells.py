"""How values read on a page: a London time, a day, yes or no, and a dash for nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from tracker.kernel.clock import LONDON


def london(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


NONE_SHOWN = Markup('<span class="none">&ndash;</span>')  # a dash: nothing recorded


def cell(value: Any) -> str:
    """A value as a table cell shows it: a dash for nothing, yes or no, a London time, a day.

    A filter in Python, not a template macro: a board page shows some 400 cells, and a
    macro call for each was most of the page's time.
    """
    if value is None or value == "":
        return NONE_SHOWN
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return london(value)
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    return str(value)
