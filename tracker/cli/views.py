"""The read side from the command line: rebuild and check the views, follow the log, boards."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.exc import SQLAlchemyError

from tracker.cli.boards import board, timeline
from tracker.cli.common import opened, refusals_explained
from tracker.cli.oversight import agenda, figures, reviews
from tracker.ops.production import refuse_unsafe_production
from tracker.service.application import Tracker
from tracker.views.catalogue import check_views, projections
from tracker.views.projector import Projector

log = logging.getLogger("tracker.project")


@contextmanager
def views(app: Tracker) -> Iterator[Projector]:
    with Projector(app, projections()) as projector:
        yield projector


@click.command()
@click.option("--check", is_flag=True, help="rebuild into scratch tables and compare instead")
@refusals_explained
def rebuild(check: bool) -> None:
    """Rebuild every view from the events alone (or check the live views against a rebuild)."""
    with opened() as app, views(app) as projector:
        if not check:
            head = app.position()
            with click.progressbar(length=head, label="rebuilding views", file=sys.stderr) as bar:
                projector.rebuild(progress=lambda reached: bar.update(reached - bar.pos))
            click.echo(f"rebuilt {len(projector.projections)} views from {head} events")
            return
        differences = check_views(app, projector.engine)
    for difference in differences[:50]:
        click.echo(f"  {difference}")
    if differences:
        click.echo(f"views DIFFER from a rebuild: {len(differences)} differences")
        sys.exit(1)
    click.echo("views are identical to a rebuild from the events")


@click.command()
@click.option("--interval", default=0.5, show_default=True, help="seconds between catch-ups")
@click.option("--once", is_flag=True, help="catch up once and stop (exit 1 if a view stopped)")
@refusals_explained
def project(interval: float, once: bool) -> None:
    """Keep the views up to date with the log (the projector process for PostgreSQL).

    A view that fails on an event stops there, logged with the position and the error, and
    is tried again each round; the others go on. Lag is reported as it changes.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    refuse_unsafe_production()
    with opened() as app, views(app) as projector:
        reported: object = None
        while True:
            applied = _caught_up(projector)
            lag, stopped = projector.lag(), sorted(projector.stopped.values(), key=str)
            if applied or (lag, stopped) != reported:
                log.info("applied %d events; lag %s", applied, lag)
                reported = (lag, stopped)
            if once:
                sys.exit(1 if stopped else 0)
            time.sleep(interval)


def _caught_up(projector: Projector) -> int:
    """Events applied in one catch-up; none while the database is away for a moment."""
    try:
        return projector.catch_up()
    except SQLAlchemyError as error:
        log.warning("could not catch up, trying again: %s", error)
        return 0


VIEW_COMMANDS = (rebuild, project, board, timeline, reviews, agenda, figures)
