"""``tracker up``: the whole tracker on this machine, one command, until Ctrl-C.

It prepares the store as ``tracker init`` does (and loads the demo into an empty one with
``--demo``), then runs the web server, the reminders' worker and beat (and the projector,
when the views are not kept up to date in-process) as child processes of its own. They
are the ordinary ``tracker`` commands: this module starts them, it never imports them.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import click

from events.store import database_url, describe, store_settings
from tracker.cli.common import Refused, opened, refusals_explained
from tracker.cli.demo import DEMO_PASSWORD, demo_sign_ins, load_demo
from tracker.ops.broker import store_folder
from tracker.ops.processes import ChildDied, Signals, Supervisor, caught_signals
from tracker.views.engine import follows_in_process

READY_WITHIN = 120.0  # seconds for the web server to answer /healthz
STOP_WITHIN = 10.0  # seconds each child has to stop before it is killed


@click.command()
@click.option("--demo", is_flag=True, help="load the demo scenarios first (into an empty store)")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=int)
@refusals_explained
def up(demo: bool, host: str, port: int) -> None:
    """Run the web server, a reminders worker and beat here until Ctrl-C stops them all."""
    started = time.monotonic()
    url = database_url()
    if not url.startswith(("sqlite:///", "postgres")):
        raise Refused(f"tracker up needs a store every process shares, not {describe(url)}")
    folder, projector = store_folder().absolute(), _needs_projector(url)
    _port_is_free(host, port)
    sign_ins = _prepare(demo)
    env = child_environment(os.environ, folder, f"http://{_shown(host)}:{port}")
    children, failed = Supervisor(env, folder / "logs"), False
    with caught_signals() as signals:
        try:
            _start(children, host, port, projector=projector)
            if children.watch(signals, until=lambda: _answers(host, port, started)):
                ready = time.monotonic() - started
                _announce(f"http://{_shown(host)}:{port}/", ready, sign_ins, env, folder)
                children.watch(signals)
        except ChildDied as died:
            _report(died)
            failed = True
        finally:
            _stop(children, signals, "stopping the rest" if failed else "stopping")
    if failed:
        sys.exit(1)


def child_environment(environ: Mapping[str, str], folder: Path, base_url: str) -> dict[str, str]:
    """The children's settings: this environment, with mail kept in a folder unless an SMTP
    server is configured, and links in mail pointing at this web server."""
    env = {**environ, "PYTHONUNBUFFERED": "1"}
    if not env.get("TRACKER_SMTP_HOST", "").strip():
        env.setdefault("TRACKER_MAIL_FOLDER", str(folder / "outbox"))
    if not env.get("TRACKER_BASE_URL", "").strip():
        env["TRACKER_BASE_URL"] = base_url
    return env


def _needs_projector(url: str) -> bool:
    try:
        return not follows_in_process(store_settings(url, create_schema=False))
    except ValueError as error:
        raise Refused(str(error)) from None


def _port_is_free(host: str, port: int) -> None:
    """Refuses at once, before anything starts, when the web server could not listen."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
    except OSError as error:
        raise Refused(
            f"cannot listen on {host} port {port} ({error.strerror or error}); "
            "is a tracker running already? Choose another with --port"
        ) from None


def _prepare(demo: bool) -> list[str]:
    """``tracker init``, then the demo into an empty store; the demo's sign-ins still valid."""
    click.echo("preparing the store ...")
    with opened(create_schema=True) as app:
        click.echo(f"database: {describe(app.database_url)}")
        if demo and app.position() == 0:
            given = load_demo(app)
            click.echo(f"demo loaded: {given} commands recorded, up to position {app.position()}")
        elif demo:
            click.echo(f"the store already holds events up to position {app.position()}; "
                       "the demo was not loaded again")  # fmt: skip
        return demo_sign_ins(app)


def _start(children: Supervisor, host: str, port: int, *, projector: bool) -> None:
    tracker = [sys.executable, "-m", "tracker"]
    children.start("web", [*tracker, "serve", f"--host={host}", f"--port={port}"])
    if projector:
        children.start("projector", [*tracker, "project"])
    children.start("worker", [*tracker, "worker", "--pool=solo", "--name=tracker-up@%h"])
    children.start("beat", [*tracker, "beat"])
    names = ", ".join(child.name for child in children.children)
    click.echo(f"starting {names} (logs in {children.logs}) ...")


def _shown(host: str) -> str:
    return {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)


def _answers(host: str, port: int, started: float) -> bool:
    if time.monotonic() - started > READY_WITHIN:
        raise Refused(f"the web server did not answer within {READY_WITHIN:.0f} s")
    try:
        with urllib.request.urlopen(f"http://{_shown(host)}:{port}/healthz", timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def _announce(
    address: str, ready: float, sign_ins: list[str], env: Mapping[str, str], folder: Path
) -> None:
    click.echo(f"tracker up at {address}  (ready in {ready:.1f} s; Ctrl-C stops everything)")
    if sign_ins:
        click.echo(f"demo sign-ins, each with the password {DEMO_PASSWORD!r}:")
        for line in sign_ins:
            click.echo(f"  {line}")
    if env.get("TRACKER_MAIL_FOLDER", "").strip():
        click.echo(f"mail: each message written to {env['TRACKER_MAIL_FOLDER']} as a .eml file")
    else:
        click.echo(f"mail: sent through the SMTP server at {env['TRACKER_SMTP_HOST']}")
    click.echo(f"logs: {folder / 'logs'}")


def _report(died: ChildDied) -> None:
    click.echo(f"tracker up: {died}; the last lines of {died.child.log}:", err=True)
    for line in died.child.log_tail():
        click.echo(f"  | {line}", err=True)


def _stop(children: Supervisor, signals: Signals, doing: str) -> None:
    running = [c.name for c in children.children if c.process.poll() is None]
    if running:
        click.echo(f"{doing}: {', '.join(running)} ...", err=True)
    for child in children.stop(signals, STOP_WITHIN):
        click.echo(f"{child.name} did not stop within {STOP_WITHIN:.0f} s: killed", err=True)
    click.echo("stopped", err=True)
