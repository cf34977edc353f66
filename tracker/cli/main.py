"""The ``tracker`` command: set up the store, load the demo, inspect, verify, export, import."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TextIO

import click

from events.chain import GENESIS, Digest
from events.store import DATABASE_URL_SETTING, database_url, describe
from tracker.application import TrailEntry
from tracker.cli.act import act
from tracker.cli.common import london, opened, refusals_explained
from tracker.cli.demo import load_demo
from tracker.cli.status import status
from tracker.cli.up import up
from tracker.cli.users import users
from tracker.cli.views import VIEW_COMMANDS
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


def _progress(total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        click.echo(f"  ... {done} of about {total} events checked", err=True)

    return report


@main.command()
@click.option("--digest", "digest_line", help="a digest line kept earlier: the log must extend it")
@refusals_explained
def verify(digest_line: str | None) -> None:
    """Re-read the whole log and check its hash chain; exit 1 naming the first bad position."""
    try:
        digest = Digest.parse(digest_line) if digest_line is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--digest") from None
    with opened() as app:
        result = app.verify(digest, progress=_progress(app.position()))
    if digest is not None and result.intact:
        click.echo(f"the log extends the digest at position {digest.position}")
    click.echo(result.summary())
    for problem in result.problems[1:20]:
        click.echo(f"  also {problem}")
    if not result.intact:
        sys.exit(1)


@main.command()
@refusals_explained
def digest() -> None:
    """Print the chain head as one line to keep (position, hash, time)."""
    with opened() as app:
        click.echo(app.digest().line())


@main.command()
@click.argument("output", type=click.File("w", encoding="utf-8", atomic=True), default="-")
@refusals_explained
def export(output: TextIO) -> None:
    """Write every event with its chain hash as JSON Lines (to OUTPUT, or standard output)."""
    with opened() as app:
        count, last = 0, ""
        for count, last in enumerate(app.export_lines(), start=1):
            output.write(last + "\n")
            if count % 50_000 == 0:
                click.echo(f"  ... {count} events exported", err=True)
    head: dict[str, Any] = (
        json.loads(last) if last else {"position": 0, "chain_hash": GENESIS, "recorded_at": "-"}
    )
    digest = Digest(head["position"], head["chain_hash"], head["recorded_at"])
    click.echo(f"exported {count} events; {digest.line()}", err=True)


def _reported(lines: TextIO, done: str) -> Iterator[str]:
    for count, line in enumerate(lines, start=1):
        if count % 50_000 == 0:
            click.echo(f"  ... {count} lines {done}", err=True)
        yield line


@main.command(name="import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@refusals_explained
def import_(source: TextIO) -> None:
    """Import an export into an empty store; verifies all of it first and writes nothing if bad."""
    with opened() as app:
        summary = app.import_lines(_reported(source, "read and checked"))
        click.echo(f"imported {summary.events} events; {app.digest().line()}")


for _command in (*VIEW_COMMANDS, users, status, act):
    main.add_command(_command)
main.add_command(up)

# The web application and the workers add their commands (serve, worker, beat) through the
# "tracker.commands" entry points, so this module never imports them.
for _entry in entry_points(group="tracker.commands"):
    main.add_command(_entry.load(), name=_entry.name)
