"""The mail a reminder becomes: plain text and HTML, a reference, what is due and a link.

Never an item's content: a reminder names the item by its reference and says what is due
by when; the reader follows the link and signs in to see more, within their clearance.
The Message-ID derives from the reminder's key, so should a message ever go out twice
(see the README's at-least-once window) a mail system can tell it is the same message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from urllib.parse import quote

from tracker.kernel.clock import LONDON
from tracker.reminders.reminder import (
    CHAIN_DIGEST,
    DUE,
    DUE_SOON,
    ESCALATION,
    MEETING_DIGEST,
    OVERDUE,
    STALLED,
)

SUBJECTS = {
    DUE_SOON: "Due soon: {item}",
    DUE: "Due today: {item}",
    OVERDUE: "Overdue: {item}",
    ESCALATION: "Escalation: {item} is long overdue",
    STALLED: "Escalation: nothing recorded on {item} for a long time",
    MEETING_DIGEST: "What the {item} must consider",
    CHAIN_DIGEST: "Daily digest of the tracker's record",
}


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
    message["Subject"] = "[tracker] " + SUBJECTS[kind].format(item=item)
    message["From"] = sender
    message["To"] = address
    message["Date"] = format_datetime(now.astimezone(LONDON))
    message["Message-ID"] = message_id(key, sender)
    message["X-Tracker-Reminder"] = key
    footer = Line("Sent by the tracker's reminders; the link asks you to sign in.")
    text = [f"Dear {recipient},", "", *(_text(line, base_url) for line in lines), "", footer.text]
    body, html = "\n".join(text) + "\n", _html(recipient, [*lines, footer], base_url)
    message.set_content(body, cte=_encoding(body))
    message.add_alternative(html, subtype="html", cte=_encoding(html))
    return message


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


def _item_path(reference: str) -> str:
    return f"/items/{quote(reference)}"


def agenda_line(section: str, references: Sequence[tuple[str, date | None]]) -> list[Line]:
    """One section of a meeting's digest: each item's reference and date, linked."""
    if not references:
        return []
    lines = [Line(f"{section} ({len(references)}):")]
    for reference, due_on in references:
        when = f", due {day_in_words(due_on)}" if due_on else ""
        lines.append(Line(f"  {reference}{when}", _item_path(reference)))
    return lines
