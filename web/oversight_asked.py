"""What a reader asks of the oversight pages and the API alike: the review queue's filters, the
agenda's forum and day, the figures' months. Bad input is refused (400) with the reason."""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from typing import Any

from flask import abort, request

from tracker.forums.forum_queries import forum_catalogue
from tracker.kernel.clock import london_today
from tracker.oversight.agenda import Agenda, meeting_agenda
from tracker.oversight.lateness import STATUSES
from tracker.oversight.reviews import SORTS
from tracker.reminders.policy import ReminderPolicy
from web.access import the_reader
from web.forum_names import FORUM_NAMES
from web.reading import chosen, fresh_views, page_number

MAX_MONTHS = 120


@cache
def meeting_settings() -> ReminderPolicy:
    """The settings the reminders' scan reads (``TRACKER_WEEKLY_MEETING``, ...)."""
    return ReminderPolicy.from_environment(os.environ)


def meeting_calendar() -> ReminderPolicy:
    """The forums' meeting days as the scan has them: their schedules, and the settings."""
    return meeting_settings().with_forums(forum_catalogue(fresh_views()))


def today_in_london() -> date:
    return london_today()


def day_asked(name: str, default: date) -> date:
    typed = request.args.get(name, "").strip()
    if not typed:
        return default
    try:
        return date.fromisoformat(typed)
    except ValueError:
        abort(400, f"{name}: a date such as 2026-12-01")


def reviews_asked() -> dict[str, Any]:
    """The review queue's filters, sort and page."""
    return {
        "owner": request.args.get("owner") or None,
        "forum": request.args.get("forum") or None,
        "status": chosen("status", STATUSES, None),
        "sort": chosen("sort", tuple(SORTS), "due"),
        "page": page_number(),
    }


def agenda_asked() -> Agenda:
    """The agenda of the ``forum`` asked for on the day asked (``on``, default: the day it
    next sits by its schedule)."""
    forum = chosen("forum", FORUM_NAMES, FORUM_NAMES[0])
    on = day_asked("on", meeting_calendar().next_meeting_day(forum, today_in_london()))
    return meeting_agenda(
        fresh_views(), forum, on, sensitive_cleared=the_reader().sensitive_cleared
    )


def months_asked() -> int:
    """How many months of figures, from ``months`` (default 12)."""
    raw = request.args.get("months", "12")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_MONTHS:
        abort(400, f"months: a whole number from 1 to {MAX_MONTHS}")
    return int(raw)
