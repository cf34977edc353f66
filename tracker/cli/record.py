"""The record itself at the console: verify the hash chain, keep its digest, export, import."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

from events.chain import GENESIS
from events.digest import Digest
from tracker.cli.common import opened, refusals_explained

REPORT_EVERY = 50_000  # events or lines between progress lines on standard error


def _progress(total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        click.echo(f"  ... {done} of about {total} events checked", err=True)

    return report


@click.command()
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


@click.command()
@refusals_explained
def digest() -> None:
    """Print the chain head as one line to keep (position, hash, time)."""
    with opened() as app:
        click.echo(app.digest().line())


@click.command()
@click.argument("output", type=click.File("w", encoding="utf-8", atomic=True), default="-")
@refusals_explained
def export(output: TextIO) -> None:
    """Write every event with its chain hash as JSON Lines (to OUTPUT, or standard output)."""
    with opened() as app:
        count, last = 0, ""
        for count, last in enumerate(app.export_lines(), start=1):
            output.write(last + "\n")
            if count % REPORT_EVERY == 0:
                click.echo(f"  ... {count} events exported", err=True)
    head: dict[str, Any] = (
        json.loads(last) if last else {"position": 0, "chain_hash": GENESIS, "recorded_at": "-"}
    )
    digest = Digest(head["position"], head["chain_hash"], head["recorded_at"])
    click.echo(f"exported {count} events; {digest.line()}", err=True)


def _reported(lines: TextIO, done: str) -> Iterator[str]:
    for count, line in enumerate(lines, start=1):
        if count % REPORT_EVERY == 0:
            click.echo(f"  ... {count} lines {done}", err=True)
        yield line


@click.command(name="import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@refusals_explained
def import_(source: TextIO) -> None:
    """Import an export into an empty store; verifies all of it first and writes nothing if bad."""
    with opened() as app:
        summary = app.import_lines(_reported(source, "read and checked"))
        click.echo(f"imported {summary.events} events; {app.digest().line()}")


RECORD_COMMANDS = (verify, digest, export, import_)
