"""What forums and boards look at: the review queue, the next meeting's agenda, the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request

from tracker.accounts.account import READ
from tracker.kernel.clock import london_today
from tracker.oversight.agenda import FORUMS as AGENDA_FORUMS
from tracker.oversight.agenda import meeting_agenda
from tracker.oversight.figures import governance_figures
from tracker.oversight.reviews import SORTS, STATUSES, review_queue, review_summary
from web.access import needs, the_reader
from web.reading import PER_PAGE, chosen, fresh_views, page_number

blueprint = Blueprint("oversight", __name__)

AGENDA_SECTIONS = (
    ("requests_to_decide", "New support requests to decide"),
    ("ratifications", "Emergency decisions to ratify"),
    ("taskings_to_present", "Taskings to present"),
    ("taskings_to_decide", "Taskings to decide"),
    ("referred_requests", "Requests referred for their regional impact"),
    ("progress_reports_due", "Progress reports due"),
    ("decisions_to_review", "Decisions due for review"),
)
MAX_MONTHS = 120


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


@blueprint.route("/reviews")
@needs(READ)
def reviews() -> Any:
    """The review queue: everyone's, or one owner's or forum's; with counts per owner/forum."""
    reader, today = the_reader(), today_in_london()
    asked = {
        "owner": request.args.get("owner") or None,
        "forum": request.args.get("forum") or None,
        "status": chosen("status", STATUSES, None),
        "sort": chosen("sort", tuple(SORTS), "due"),
        "page": page_number(),
    }
    engine = fresh_views()
    entries = review_queue(engine, sensitive_cleared=reader.sensitive_cleared, today=today,
                           per_page=PER_PAGE, **asked)  # fmt: skip
    by = chosen("by", ("owner", "forum"), "owner")
    counts = review_summary(engine, sensitive_cleared=reader.sensitive_cleared, today=today, by=by)
    return render_template(
        "reviews.html", entries=entries, counts=counts, by=by, asked=asked, today=today,
        statuses=STATUSES, sorts=tuple(SORTS), has_next=len(entries) == PER_PAGE,
    )  # fmt: skip


@blueprint.route("/agenda")
@needs(READ)
def agenda() -> Any:
    """The agenda of the weekly tasking meeting or the RTTCG on a day (default: today)."""
    forum = chosen("forum", AGENDA_FORUMS, AGENDA_FORUMS[0])
    on = day_asked("on", today_in_london())
    drawn_up = meeting_agenda(fresh_views(), forum, on,
                              sensitive_cleared=the_reader().sensitive_cleared)  # fmt: skip
    sections = [(title, getattr(drawn_up, name)) for name, title in AGENDA_SECTIONS]
    return render_template("agenda.html", agenda=drawn_up, sections=sections,
                           forums=AGENDA_FORUMS)  # fmt: skip


@dataclass(frozen=True)
class Bar:
    """One bar of a chart drawn on the server: its label, value and height in the drawing."""

    label: str
    value: int
    height: float


def bars(pairs: list[tuple[str, int]], tallest: float = 120.0) -> list[Bar]:
    top = max((value for _, value in pairs), default=0) or 1
    return [Bar(label, value, tallest * value / top) for label, value in pairs]


@blueprint.route("/figures")
@needs(READ)
def figures() -> Any:
    """Governance figures for the last N months (default 12), with charts."""
    raw = request.args.get("months", "12")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_MONTHS:
        abort(400, f"months: a whole number from 1 to {MAX_MONTHS}")
    counted = governance_figures(fresh_views(), sensitive_cleared=the_reader().sensitive_cleared,
                                 today=today_in_london(), months=int(raw))  # fmt: skip
    monthly = bars([(m.month.strftime("%b %y"), m.received) for m in counted.taskings_by_month])
    outcomes = bars([(c.name, c.count) for c in counted.requests_by_outcome])
    return render_template("figures.html", figures=counted, monthly=monthly, outcomes=outcomes,
                           months=int(raw))  # fmt: skip
