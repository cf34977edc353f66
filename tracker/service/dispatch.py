"""Which function carries out each command: every area's ``HANDLERS``, joined in one map.

``Tracker.handle`` looks commands up here, so "go to definition" on a command's entry in an
area's ``HANDLERS`` lands on the code that runs. Importing this module also defines every
aggregate, which the store needs before it can read their events.
"""

from __future__ import annotations

from tracker.accounts import handlers as accounts
from tracker.decisions import handlers as decisions
from tracker.forums import handlers as forums
from tracker.kernel import item_commands as items
from tracker.kernel.commands import Handlers
from tracker.learning import handlers as learning
from tracker.people import handlers as people
from tracker.reminders import handlers as reminders
from tracker.support import handlers as support
from tracker.tasking import handlers as tasking

AREAS: tuple[Handlers, ...] = (
    items.HANDLERS,
    tasking.HANDLERS,
    support.HANDLERS,
    decisions.HANDLERS,
    learning.HANDLERS,
    reminders.HANDLERS,
    accounts.HANDLERS,
    people.HANDLERS,
    forums.HANDLERS,
)


def _joined(areas: tuple[Handlers, ...]) -> Handlers:
    handlers: Handlers = {}
    for area in areas:
        taken = handlers.keys() & area.keys()
        if taken:
            raise TypeError(f"{sorted(c.__name__ for c in taken)} have two handlers")
        handlers |= area
    return handlers


HANDLERS: Handlers = _joined(AREAS)
