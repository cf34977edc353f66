"""The ``tracker`` command: set up the store, load the demo, inspect, verify, export, import."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import click
from eventsourcing.persistence import PersistenceError

from events.chain import GENESIS, Digest
from events.store import DATABASE_URL_SETTING, StoreConfigurationError, database_url, describe
from events.transfer import ImportRefused, LogDamaged
from tracker.application import Tracker, TrailEntry
from tracker.boards_sql import check_views, projections
from tracker.demo import load_demo
from tracker.errors import TrackerError
from tracker.projector_sql import Projector
from tracker.tasking_board_sql import tasking_board_rows

LONDON = ZoneInfo("Europe/London")


def london(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S %Z")


class Refused(click.ClickException):
    """A refusal or an unusable database: exit 2, so `verify`'s 1 always means tampering."""

    exit_code = 2


def refusals_explained(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turns a refusal into one clear line and a non-zero exit, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (TrackerError, ImportRefused, LogDamaged, StoreConfigurationError) as error:
            raise Refused(str(error)) from None
        except PersistenceError as error:
            raise Refused(
                f"the database at {describe(database_url())} cannot be used: {error}"
            ) from None

    return run


@contextmanager
def opened(create_schema: bool | None = None) -> Iterator[Tracker]:
    app = Tracker(create_schema=create_schema)
    try:
        yield app
    finally:
        app.close()


@click.group()
def main() -> None:
    """Event-sourced tasking and lessons-learned tracker."""


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
        click.echo("try: tracker show TSK-1, tracker show SR-2, tracker show LP-5, tracker verify")


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


# -- the read side ------------------------------------------------------------------------


@contextmanager
def views(app: Tracker) -> Iterator[Projector]:
    with Projector(app, projections()) as projector:
        yield projector


@main.command()
@click.option("--check", is_flag=True, help="rebuild into scratch tables and compare instead")
@refusals_explained
def rebuild(check: bool) -> None:
    """Rebuild every view from the events alone (or check the live views against a rebuild)."""
    with opened() as app, views(app) as projector:
        if not check:
            applied = projector.rebuild()
            click.echo(f"rebuilt {len(projector.projections)} views from {applied} events")
            return
        differences = check_views(app, projector.engine)
    for difference in differences[:50]:
        click.echo(f"  {difference}")
    if differences:
        click.echo(f"views DIFFER from a rebuild: {len(differences)} rows")
        sys.exit(1)
    click.echo("views are identical to a rebuild from the events")


@main.command()
@click.option("--interval", default=0.5, show_default=True, help="seconds between catch-ups")
@click.option("--once", is_flag=True, help="catch up once and stop")
@refusals_explained
def project(interval: float, once: bool) -> None:
    """Keep the views up to date with the log (the projector process for PostgreSQL)."""
    with opened() as app, views(app) as projector:
        while True:
            applied = projector.catch_up()
            if applied:
                click.echo(f"applied {applied} events; lag {projector.lag()}", err=True)
            if once:
                return
            time.sleep(interval)


@main.command()
@click.argument("name", type=click.Choice(["tasking"]))
@click.option(
    "--as-at", "as_at", help="a moment, e.g. 2026-11-20T17:00+00:00: the board as it stood"
)
@refusals_explained
def board(name: str, as_at: str | None) -> None:
    """Print a board, now or as at a moment (times of the record, UTC unless given)."""
    with opened() as app, views(app) as projector:
        projector.catch_up()
        position = app.position_at(_moment(as_at)) if as_at else None
        rows = tasking_board_rows(projector.engine, sensitive_cleared=True, as_at_position=position)
    stamp = f"as at {as_at} (position {position})" if as_at else "now"
    click.echo(f"tasking board {stamp}: {len(rows)} taskings")
    for row in rows:
        review = row.next_review.isoformat() if row.next_review else "-"
        click.echo(f"  {row.reference:<8} {row.state:<20} [{row.marking}] next review {review}  "
                   f"{row.title}")  # fmt: skip


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            "a moment as YYYY-MM-DDTHH:MM[+00:00]", param_hint="--as-at"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
