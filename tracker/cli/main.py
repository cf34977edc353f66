"""The ``tracker`` command: set up the store, load the demo, show an item; the rest join here."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import click

from events.store import DATABASE_URL_SETTING, database_url, describe
from tracker.cli.act import act
from tracker.cli.common import london, opened, refusals_explained
from tracker.cli.demo import load_demo
from tracker.cli.forums import forums
from tracker.cli.posts import posts
from tracker.cli.record import RECORD_COMMANDS
from tracker.cli.status import status
from tracker.cli.up import up
from tracker.cli.users import users
from tracker.cli.views import VIEW_COMMANDS
from tracker.kernel.trail import TrailEntry
from tracker.ops.logs import configure_logging


@click.group()
def main() -> None:
    """Event-sourced tasking and lessons-learned tracker."""
    configure_logging()  # TRACKER_LOG_FORMAT: one JSON object a line in production


@main.command()
@refusals_explained
def init() -> None:
    """Create the database schema (safe to run again, and from several processes at once)."""
    with opened(create_schema=True) as app:
        click.echo(f"schema ready in {describe(app.database_url)}")


@main.command()
@refusals_explained
def info() -> None:
    """Where the events are stored and how far the log has got."""
    url = database_url()
    click.echo(f"database: {describe(url)}")
    if url.startswith("sqlite:///"):
        click.echo(f"data folder: {Path(url.removeprefix('sqlite:///')).parent}")
    click.echo(f"setting: {DATABASE_URL_SETTING} (unset means the SQLite file above)")
    with opened() as app:
        click.echo(f"events recorded: up to position {app.position()}")
        click.echo(f"digest: {app.digest().line()}")


@main.command()
@refusals_explained
def demo() -> None:
    """Load the demo scenarios into an empty store, through the commands users give."""
    with opened() as app:
        if app.position() != 0:
            # Running the README's command twice should not fail: the demo is already there.
            click.echo(f"the store already holds events up to position {app.position()}; "
                       "the demo was not loaded again")  # fmt: skip
            return
        given = load_demo(app)
        click.echo(f"demo loaded: {given} commands recorded, up to position {app.position()}")
        click.echo("try: tracker show SR-2, tracker board support, tracker timeline SR-2, "
                   "tracker reviews, tracker figures, tracker verify")  # fmt: skip


@main.command()
@click.argument("reference")
@refusals_explained
def show(reference: str) -> None:
    """An item's current state and its full trail."""
    with opened() as app:
        item = app.item(reference)
        click.echo(f"{item.KIND} {item.reference}  [{item.marking}]  state: {item.state}")
        steps = ", ".join(item.allowed_steps()) or "none (closed)"
        click.echo(f"next steps allowed: {steps}")
        if getattr(item, "amendments", ()):
            click.echo(f"amended: {', '.join(sorted(set(item.amendments)))}")
        click.echo("trail (times in Europe/London):")
        for entry in app.trail(reference):
            click.echo(_trail_line(entry))


def _trail_line(entry: TrailEntry) -> str:
    details = "; ".join(f"{k}={v}" for k, v in entry.details.items() if v not in ("", None, []))
    return (
        f"  v{entry.version}  {london(entry.recorded_at)}  {entry.actor}  {entry.what}  {details}"
    )


for _command in (*VIEW_COMMANDS, *RECORD_COMMANDS, users, posts, forums, status, act):
    main.add_command(_command)
main.add_command(up)

# The web application and the workers add their commands (serve, worker, beat) through the
# "tracker.commands" entry points, so this module never imports them.
for _entry in entry_points(group="tracker.commands"):
    main.add_command(_entry.load(), name=_entry.name)
