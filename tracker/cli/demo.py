"""The demo scenarios of DESIGN.md, loaded through the same commands a user would give.

Dates are set relative to the day the demo is loaded, so the boards always look current.
Nothing here writes rows: every fact goes through ``Tracker.handle``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tracker.cli.demo_cast import Scenario
from tracker.cli.demo_debriefs import covid_debriefs
from tracker.cli.demo_forums import demo_forums
from tracker.cli.demo_posts import demo_posts
from tracker.cli.demo_requests import emergency_request, gateway_request, significant_request
from tracker.cli.demo_taskings import oic_tasking
from tracker.cli.demo_users import demo_users
from tracker.kernel.commands import Recorded
from tracker.kernel.errors import TrackerError
from tracker.service.application import Tracker

SCENARIOS: tuple[Scenario, ...] = (
    demo_users, demo_posts, demo_forums, oic_tasking, gateway_request, emergency_request,
    significant_request, covid_debriefs,
)  # fmt: skip


class DemoRefused(TrackerError):
    """The demo loads into an empty store only, so its references come out as documented."""


def load_demo(app: Tracker, today: date | None = None, now: datetime | None = None) -> int:
    """Loads every scenario; returns how many commands were given."""
    if app.position() != 0:
        raise DemoRefused("the store already holds events; the demo loads into an empty store")
    now = now or datetime.now(UTC)
    today = today or now.date()
    return sum(_given(app, scenario, today, now) for scenario in SCENARIOS)


def _given(app: Tracker, scenario: Scenario, today: date, now: datetime) -> int:
    """Gives one scenario's commands in turn, each told what the one before recorded."""
    commands, given = scenario(today, now), 0
    recorded: Recorded | None = None
    while True:
        try:
            command = commands.send(recorded) if recorded else next(commands)
        except StopIteration:
            return given
        recorded = app.handle(command)
        given += 1
