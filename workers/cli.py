"""``tracker worker`` and ``tracker beat``: the reminders' worker and their one scheduler.

They join the ``tracker`` command through the "tracker.commands" entry points. Run as
many workers as you like, and exactly one beat per deployment (a second would only
repeat each scan, which is harmless but wasteful).
"""

from __future__ import annotations

import os
from typing import Any

import click

from workers.settings import SettingRefused


def _celery() -> Any:
    """The Celery app, built now from the environment; a bad setting is one clear line."""
    from tracker.ops.production import ProductionRefused, refuse_unsafe_production

    try:
        refuse_unsafe_production(broker=True)
        from workers.settings import worker_settings

        worker_settings().data_folder.mkdir(parents=True, exist_ok=True)
        from workers.celery_app import celery
    except (SettingRefused, ProductionRefused) as refused:
        raise click.ClickException(str(refused)) from None
    return celery


def _describe(app: Any) -> str:
    from workers.settings import worker_settings

    settings = worker_settings()
    if settings.embedded:
        return f"embedded broker {settings.broker_url} (no server; see the README's guarantee)"
    return "broker from TRACKER_BROKER_URL"


@click.command()
# Celery's own default: a sending process per CPU. Measured on two CPUs (bench/README.md),
# two processes sent 1.5 times as fast as one process on four threads.
@click.option(
    "--concurrency", "-c", default=os.cpu_count() or 1, show_default="one per CPU",
    help="sending processes (or threads, with --pool threads)",
)  # fmt: skip
@click.option(
    "--pool",
    type=click.Choice(["prefork", "threads", "solo"]),
    default="prefork",
    show_default=True,
)
@click.option("--name", default="tracker@%h", show_default=True, help="the worker's name")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int, pool: str, name: str, loglevel: str) -> None:
    """Send the reminders the scan queues (start as many as you need)."""
    app = _celery()
    click.echo(f"reminders worker on the {_describe(app)}", err=True)
    app.worker_main(["worker", f"--concurrency={concurrency}", f"--pool={pool}",
                     f"--hostname={name}", f"--loglevel={loglevel}"])  # fmt: skip


@click.command()
@click.option("--loglevel", default="INFO", show_default=True)
def beat(loglevel: str) -> None:
    """Run the scan on schedule: exactly one beat per deployment."""
    from workers.settings import worker_settings

    app = _celery()
    settings = worker_settings()
    schedule = settings.data_folder / "beat-schedule"
    click.echo(f"reminders beat on the {_describe(app)}, scanning every "
               f"{settings.scan_every:g} s", err=True)  # fmt: skip
    app.start(["beat", f"--schedule={schedule}", f"--loglevel={loglevel}"])
