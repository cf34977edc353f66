"""What ``tracker up`` settles before any child starts: a store every process shares, a
port to listen on, the store prepared (with the demo, if asked), the children's settings."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from pathlib import Path

import click

from events.store import database_url, describe
from events.store_settings import store_settings
from tracker.cli.common import Refused, opened
from tracker.cli.demo import load_demo
from tracker.cli.demo_users import demo_sign_ins
from tracker.ops.broker import store_folder
from tracker.views.engine import follows_in_process


def shared_store() -> tuple[Path, bool]:
    """The store's folder, and whether its views need a projector process of their own."""
    url = database_url()
    if not url.startswith(("sqlite:///", "postgres")):
        raise Refused(f"tracker up needs a store every process shares, not {describe(url)}")
    folder = store_folder().absolute()
    try:
        return folder, not follows_in_process(store_settings(url, create_schema=False))
    except ValueError as error:
        raise Refused(str(error)) from None


def port_is_free(host: str, port: int) -> None:
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


def prepare(demo: bool) -> list[str]:
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


def child_environment(environ: Mapping[str, str], folder: Path, base_url: str) -> dict[str, str]:
    """The children's settings: this environment, with mail kept in a folder unless an SMTP
    server is configured, and links in mail pointing at this web server."""
    env = {**environ, "PYTHONUNBUFFERED": "1"}
    if not env.get("TRACKER_SMTP_HOST", "").strip():
        env.setdefault("TRACKER_MAIL_FOLDER", str(folder / "outbox"))
    if not env.get("TRACKER_BASE_URL", "").strip():
        env["TRACKER_BASE_URL"] = base_url
    return env
