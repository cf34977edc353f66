"""``tracker serve``: the web application on this machine (production runs it under gunicorn)."""

from __future__ import annotations

import click
from werkzeug.serving import run_simple

from tracker.cli.demo_users import DEMO_PASSWORD, demo_sign_ins
from tracker.ops.production import ProductionRefused, refuse_unsafe_production
from tracker.service.application import Tracker
from web.app import create_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the tracker's pages and API (threads, one process) until Ctrl-C."""
    try:
        refuse_unsafe_production(web=True)
    except ProductionRefused as refused:
        raise click.ClickException(str(refused)) from None
    tracker = Tracker()
    app = create_app(tracker=tracker)
    click.echo(f"tracker serving at http://{host}:{port}/  (Ctrl-C stops it)")
    demo = demo_sign_ins(tracker)
    if demo:
        click.echo(f"demo sign-ins, each with the password {DEMO_PASSWORD!r}:")
        for line in demo:
            click.echo(f"  {line}")
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        app.extensions["tracker"].close()
