"""What each reminder says, read when it is sent: an item's due date, a meeting's agenda, or
the head of the hash-chained record. References and dates only, never an item's content."""

from __future__ import annotations

from datetime import timedelta

from tracker.forums.forum_queries import forum_catalogue
from tracker.kernel.clock import LONDON, london_day
from tracker.oversight.agenda import Agenda, AgendaItem, meeting_agenda
from tracker.oversight.open_reviews import review_due_on
from tracker.reminders.kinds import CHAIN_DIGEST, ITEM_KINDS, MEETING_DIGEST
from tracker.reminders.reminder import Reminder
from workers.message_lines import Line, agenda_line, day_in_words, item_lines
from workers.post import Post


def reminder_lines(post: Post, reminder: Reminder) -> list[Line]:
    """The lines of the reminder's message, by its kind."""
    if reminder.kind in ITEM_KINDS:
        # The due date as the views have it: a moment behind the log at most, which a due
        # date shown in a reminder can be (catching every view up per message cannot).
        due_on = review_due_on(post.views.engine, reminder.item_reference)
        late = post.policy.thresholds.escalate_after_days
        stalled = post.policy.stalled_after.days if post.policy.stalled_after else 0
        return item_lines(reminder.kind, reminder.item_reference, due_on, late, stalled)
    if reminder.kind == MEETING_DIGEST:
        post.views.refresh()  # the agenda as the log stands, read once a meeting
        return _agenda_lines(post, reminder)
    if reminder.kind == CHAIN_DIGEST:
        return _chain_digest_lines(post.app.digest().line())
    raise ValueError(f"no message for a reminder of kind {reminder.kind!r}")


def _chain_digest_lines(line: str) -> list[Line]:
    return [
        Line("The head of the tracker's hash-chained record, to keep outside the system:"),
        Line(line),
        Line(f"To check the record still extends it: tracker verify --digest '{line}'"),
    ]


def _agenda_lines(post: Post, reminder: Reminder) -> list[Line]:
    """The meeting's agenda by section, within the chair's clearance: references and dates."""
    calendar = post.policy.with_forums(forum_catalogue(post.views.engine))
    meeting = calendar.meeting_of(reminder.item_reference)
    sits = next(meeting.moments(reminder.due_at, reminder.due_at + timedelta(days=62)))
    agenda = meeting_agenda(
        post.views.engine, meeting.forum, london_day(sits),
        sensitive_cleared=post.recipients.sensitive_cleared(reminder.recipient),
    )  # fmt: skip
    local = sits.astimezone(LONDON)
    lines = [Line(f"The {meeting.forum} sits on {day_in_words(local.date())} at {local:%H:%M}.")]
    for title, items in _sections(agenda).items():
        lines += agenda_line(title, [(item.reference, item.due_on) for item in items])
    if len(lines) == 1:
        lines.append(Line("Nothing is listed for it yet."))
    return lines


def _sections(agenda: Agenda) -> dict[str, tuple[AgendaItem, ...]]:
    return {
        "New requests to decide": agenda.requests_to_decide,
        "Emergency decisions awaiting ratification": agenda.ratifications,
        "Taskings to present": agenda.taskings_to_present,
        "Taskings to decide": agenda.taskings_to_decide,
        "Requests referred by the RIG": agenda.referred_requests,
        "Progress due": agenda.progress_reports_due,
        "Decisions due for review": agenda.decisions_to_review,
    }
