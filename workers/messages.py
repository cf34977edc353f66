"""The mail a reminder becomes: plain text and HTML, a reference, what is due and a link.

Its lines (``message_lines``) never hold an item's content. The Message-ID derives from the
reminder's key, so should a message ever go out twice (see the README's at-least-once
window) a mail system can tell it is the same message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape

from tracker.kernel.clock import LONDON
from tracker.reminders.kinds import (
    CHAIN_DIGEST,
    DUE,
    DUE_SOON,
    ESCALATION,
    MEETING_DIGEST,
    OVERDUE,
    STALLED,
)
from workers.message_lines import Line

SUBJECTS = {
    DUE_SOON: "Due soon: {item}",
    DUE: "Due today: {item}",
    OVERDUE: "Overdue: {item}",
    ESCALATION: "Escalation: {item} is long overdue",
    STALLED: "Escalation: nothing recorded on {item} for a long time",
    MEETING_DIGEST: "What the {item} must consider",
    CHAIN_DIGEST: "Daily digest of the tracker's record",
}


def message_id(key: str, sender: str) -> str:
    domain = sender.rpartition("@")[2] or "tracker"
    return f"<reminder-{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def compose(
    *,
    key: str,
    kind: str,
    item: str,
    recipient: str,
    address: str,
    sender: str,
    base_url: str,
    lines: Sequence[Line],
    now: datetime,
) -> EmailMessage:
    """The message for one reminder, in text and HTML."""
    message = EmailMessage()
    _headers(message, key=key, kind=kind, item=item, address=address, sender=sender, now=now)
    footer = Line("Sent by the tracker's reminders; the link asks you to sign in.")
    text = [f"Dear {recipient},", "", *(_text(line, base_url) for line in lines), "", footer.text]
    body, html = "\n".join(text) + "\n", _html(recipient, [*lines, footer], base_url)
    message.set_content(body, cte=_encoding(body))
    message.add_alternative(html, subtype="html", cte=_encoding(html))
    return message


def _headers(
    message: EmailMessage, *, key: str, kind: str, item: str, address: str, sender: str,
    now: datetime,
) -> None:  # fmt: skip
    """The message's headers: subject, sender, recipient, date and its stable Message-ID."""
    message["Subject"] = "[tracker] " + SUBJECTS[kind].format(item=item)
    message["From"] = sender
    message["To"] = address
    message["Date"] = format_datetime(now.astimezone(LONDON))
    message["Message-ID"] = message_id(key, sender)
    message["X-Tracker-Reminder"] = key


def _encoding(body: str) -> str:
    # Plain ASCII goes as it is, so a digest line reads the same in the raw message.
    plain = body.isascii() and all(len(line) < 990 for line in body.splitlines())
    return "7bit" if plain else "quoted-printable"


def _text(line: Line, base_url: str) -> str:
    return f"{line.text}: {base_url}{line.link}" if line.link else line.text


def _html(recipient: str, lines: Sequence[Line], base_url: str) -> str:
    paragraphs = "".join(
        f'<p><a href="{escape(base_url + line.link)}">{escape(line.text)}</a></p>'
        if line.link
        else f"<p>{escape(line.text)}</p>"
        for line in lines
    )
    return f"<html><body><p>Dear {escape(recipient)},</p>{paragraphs}</body></html>\n"
