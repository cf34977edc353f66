"""Each user's notifications, and the failed reminders admins must act on."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.web.conftest import sign_in
from tracker.reminders.commands import RecordReminderFailure, ScheduleReminder
from tracker.reminders.identity import reminder_reference

DUE = datetime(2026, 12, 1, 9, tzinfo=UTC)


def schedule(tracker, item: str, recipient: str, marking: str = "OFFICIAL") -> str:
    tracker.handle(ScheduleReminder(actor="scheduler", item_reference=item, kind="overdue",
                                    due_at=DUE, recipient=recipient, marking=marking))  # fmt: skip
    return reminder_reference(item, "overdue", DUE, recipient)


def test_a_user_sees_their_own_reminders_and_admins_the_failed_ones(fresh):
    app, tracker = fresh
    schedule(tracker, "LA-3", "j.owens")
    schedule(tracker, "SR-2", "j.owens", "OFFICIAL-SENSITIVE")  # j.owens is not cleared for it
    failing = schedule(tracker, "TSK-1", "r.khan")
    tracker.handle(RecordReminderFailure(actor="worker", reference=failing,
                                         error="550 mailbox unavailable", permanent=True))  # fmt: skip
    owens = app.test_client()
    sign_in(owens, "j.owens")
    page = owens.get("/notifications").get_data(as_text=True)
    assert "LA-3" in page and "SR-2" not in page and "TSK-1" not in page
    assert owens.get("/admin/failed-reminders").status_code == 403
    admin = app.test_client()
    sign_in(admin, "admin")
    failed = admin.get("/admin/failed-reminders").get_data(as_text=True)
    assert "TSK-1" in failed and "550 mailbox unavailable" in failed and "LA-3" not in failed
