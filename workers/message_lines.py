"""The lines a reminder's message holds: what is due for an item, a meeting's sections.

Never an item's content: a line names the item by its reference and says what is due by
when, linked to the item's page (the reader signs in to see more, within their clearance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from tracker.reminders.kinds import DUE, DUE_SOON, ESCALATION, OVERDUE, STALLED


@dataclass(frozen=True)
class Line:
    """One line of a message; ``link`` (a path under the base URL) makes it clickable."""

    text: str
    link: str = ""


def day_in_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def item_lines(
    kind: str, reference: str, due_on: date | None, late_days: int, stalled_days: int = 0
) -> list[Line]:
    """What is due for one item, by when, and where to see it."""
    when = f" on {day_in_words(due_on)}" if due_on else ""
    what = {
        DUE_SOON: f"{reference} is due for review or completion{when}.",
        DUE: f"{reference} is due for review or completion today.",
        OVERDUE: f"{reference} was due{when} and is now overdue.",
        ESCALATION: f"{reference} was due{when} and is overdue by more than {late_days} days; "
        "you are told as chair of the forum or board that oversees it.",
        STALLED: f"Nothing has been recorded on {reference} for more than {stalled_days} days "
        f"(it is next due{when or ' at no set date'}); you are told as chair of the forum or "
        "board that oversees it.",
    }[kind]
    return [Line(what), Line(f"Open {reference} in the tracker", _item_path(reference))]


def agenda_line(section: str, references: Sequence[tuple[str, date | None]]) -> list[Line]:
    """One section of a meeting's digest: each item's reference and date, linked."""
    if not references:
        return []
    lines = [Line(f"{section} ({len(references)}):")]
    for reference, due_on in references:
        when = f", due {day_in_words(due_on)}" if due_on else ""
        lines.append(Line(f"  {reference}{when}", _item_path(reference)))
    return lines


def _item_path(reference: str) -> str:
    return f"/items/{quote(reference)}"
