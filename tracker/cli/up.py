"""``tracker up``: the whole tracker on this machine, one command, until Ctrl-C.

It prepares the store as ``tracker init`` does (and loads the demo into an empty one with
``--demo``), then runs the web server, the reminders' worker and beat (and the projector,
when the views are not kept up to date in-process) as child processes of its own. They
are the ordinary ``tracker`` commands: this module starts them, it never imports them.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

import click

from tracker.cli.common import Refused, refusals_explained
from tracker.cli.demo_users import DEMO_PASSWORD
from tracker.cli.up_setup import child_environment, port_is_free, prepare, shared_store
from tracker.ops.child import ChildDied
from tracker.ops.processes import Supervisor
from tracker.ops.signals import Signals, caught_signals

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
    folder, projector = shared_store()
    port_is_free(host, port)
    sign_ins = prepare(demo)
    address = f"http://{_shown(host)}:{port}"
    env = child_environment(os.environ, folder, address)
    children = Supervisor(env, folder / "logs")
    announce = partial(_announce, f"{address}/", sign_ins=sign_ins, env=env, folder=folder)
    if not _run(children, host, port, started, projector=projector, announce=announce):
        sys.exit(1)


def _run(
    children: Supervisor, host: str, port: int, started: float, *, projector: bool,
    announce: Callable[[float], None],
) -> bool:  # fmt: skip
    """Starts the children and watches them until a stop signal, then stops them all;
    False if one died."""
    failed = False
    with caught_signals() as signals:
        try:
            _start(children, host, port, projector=projector)
            if children.watch(signals, until=lambda: _answers(host, port, started)):
                announce(time.monotonic() - started)
                children.watch(signals)
        except ChildDied as died:
            _report(died)
            failed = True
        finally:
            _stop(children, signals, "stopping the rest" if failed else "stopping")
    return not failed


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
