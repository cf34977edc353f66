"""What forums and boards look at: the review queue, the next meeting's agenda, the figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template

from tracker.accounts.roles import READ
from tracker.oversight.figures import governance_figures
from tracker.oversight.lateness import STATUSES
from tracker.oversight.review_summary import review_summary
from tracker.oversight.reviews import SORTS, review_queue
from web.access import needs, the_reader
from web.forum_names import FORUM_NAMES
from web.oversight_asked import agenda_asked, months_asked, reviews_asked, today_in_london
from web.reading import PER_PAGE, chosen, fresh_views

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


@blueprint.route("/reviews")
@needs(READ)
def reviews() -> Any:
    """The review queue: everyone's, or one owner's or forum's; with counts per owner/forum."""
    reader, today, asked = the_reader(), today_in_london(), reviews_asked()
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
    """The agenda of a forum's meeting on a day (default: its next meeting by schedule)."""
    drawn_up = agenda_asked()
    sections = [(title, getattr(drawn_up, name)) for name, title in AGENDA_SECTIONS]
    return render_template("agenda.html", agenda=drawn_up, sections=sections,
                           forums=FORUM_NAMES)  # fmt: skip


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
    months = months_asked()
    counted = governance_figures(fresh_views(), sensitive_cleared=the_reader().sensitive_cleared,
                                 today=today_in_london(), months=months)  # fmt: skip
    monthly = bars([(m.month.strftime("%b %y"), m.received) for m in counted.taskings_by_month])
    outcomes = bars([(c.name, c.count) for c in counted.requests_by_outcome])
    return render_template("figures.html", figures=counted, monthly=monthly, outcomes=outcomes,
                           months=months)  # fmt: skip
