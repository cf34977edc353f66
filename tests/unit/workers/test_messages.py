"""The mail a reminder becomes: text and HTML, a reference, what is due, a link, a stable id."""

from __future__ import annotations

import smtplib
from datetime import UTC, date, datetime

from workers.mail import _is_permanent
from workers.message_lines import Line, agenda_line, item_lines
from workers.messages import compose, message_id

KEY = "LA-1/overdue/2027-03-31T08:00Z/Planning lead"


def overdue(**changes) -> object:
    fields = dict(
        key=KEY, kind="overdue", item="LA-1", recipient="planning-lead",
        address="planning.lead@example.org", sender="tracker@rocu.example.org",
        base_url="https://tracker.example.org",
        lines=item_lines("overdue", "LA-1", date(2027, 3, 30), 28),
        now=datetime(2027, 3, 31, 8, tzinfo=UTC),
    ) | changes  # fmt: skip
    return compose(**fields)


def test_a_reminder_says_what_is_due_by_when_and_links_to_the_item_in_text_and_html():
    message = overdue()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Subject"] == "[tracker] Overdue: LA-1"
    assert message["To"] == "planning.lead@example.org"
    assert "LA-1 was due on Tuesday 30 March 2027 and is now overdue." in text
    assert "https://tracker.example.org/items/LA-1" in text
    assert '<a href="https://tracker.example.org/items/LA-1">' in html
    assert message["Date"] == "Wed, 31 Mar 2027 09:00:00 +0100"  # London time


def test_the_message_id_is_the_same_for_the_same_reminder_and_differs_for_another():
    sender = "tracker@rocu.example.org"
    assert overdue()["Message-ID"] == overdue()["Message-ID"] == message_id(KEY, sender)
    assert message_id(KEY, "t@x.org") != message_id(KEY.replace("overdue", "due"), "t@x.org")


def test_html_is_escaped():
    message = overdue(recipient="<script>", lines=[Line("a < b & c", "/items/X")])
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &lt; b &amp; c" in html


def test_an_agenda_section_lists_references_and_dates_or_nothing():
    assert agenda_line("Taskings to present", []) == []
    lines = agenda_line("Taskings to present", [("TSK-2", date(2027, 4, 1)), ("TSK-3", None)])
    assert [line.text for line in lines] == [
        "Taskings to present (2):", "  TSK-2, due Thursday 1 April 2027", "  TSK-3",
    ]  # fmt: skip
    assert lines[1].link == "/items/TSK-2"


def test_5xx_replies_are_permanent_and_4xx_transient():
    assert _is_permanent(smtplib.SMTPDataError(554, b"refused"))
    assert not _is_permanent(smtplib.SMTPDataError(451, b"try later"))
    assert _is_permanent(smtplib.SMTPRecipientsRefused({"a@x": (550, b"no")}))
    assert not _is_permanent(smtplib.SMTPRecipientsRefused({"a@x": (550, b"no"),
                                                            "b@x": (452, b"full")}))  # fmt: skip
    assert not _is_permanent(smtplib.SMTPServerDisconnected("gone"))
