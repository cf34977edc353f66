"""The demo's forums: the standard ones as they are, one moved to a monthly sitting, and one
the region added."""

from __future__ import annotations

from datetime import date, datetime

from tracker.cli.demo_cast import Commands
from tracker.forums.commands import EstablishForum, RearrangeForum
from tracker.forums.standard_forums import GOLD_RECOVERY_BOARD


def demo_forums(today: date, now: datetime) -> Commands:
    yield RearrangeForum(
        actor="console:demo", forum=GOLD_RECOVERY_BOARD, schedule="last friday 10:00",
        reason="The board now sits monthly to oversee the debriefs' learning actions.",
    )  # fmt: skip
    yield EstablishForum(
        actor="console:demo", name="Regional firearms tactical group", series="RFTG",
        chair_post="on-call-duty-officer",
        purpose="Called by the on-call duty officer when an operation needs armed support.",
    )  # fmt: skip
