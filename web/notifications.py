"""Reminders as people see them: each user's own notifications, and the failed ones for admins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from tracker.accounts.roles import ADMINISTER
from tracker.people.post_queries import parties_of
from tracker.reminders import reminder
from tracker.reminders.listing_queries import reminders_of
from web.access import SIGNED_IN, needs, the_reader
from web.reading import fresh_views

blueprint = Blueprint("notifications", __name__)


@blueprint.route("/notifications")
@needs(SIGNED_IN)
def mine() -> Any:
    """The reminders sent (or due to be sent) to the signed-in user, newest first."""
    reader, engine = the_reader(), fresh_views()
    # Sent to them, to a post they hold, or (in older records) to their name as typed.
    names = {*parties_of(engine, reader.username), reader.display_name}
    found = {
        each.reference: each
        for name in names
        for each in reminders_of(engine, sensitive_cleared=reader.sensitive_cleared, recipient=name)
    }
    listed = sorted(found.values(), key=lambda r: r.due_at, reverse=True)
    return render_template("notifications.html", reminders=listed, title="Your notifications")


@blueprint.route("/admin/failed-reminders")
@needs(ADMINISTER)
def failed() -> Any:
    """Reminders that could not be sent (a permanent SMTP failure), for admins to act on."""
    listed = reminders_of(fresh_views(), sensitive_cleared=the_reader().sensitive_cleared,
                          state=reminder.FAILED)  # fmt: skip
    return render_template("notifications.html", reminders=listed, title="Failed reminders")
