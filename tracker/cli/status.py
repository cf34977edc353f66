"""``tracker status``: the readiness checks of ``/readyz``, for an operator at a terminal.

Exit 0 when ready, 1 when not (2, as every command, for a setting it cannot read).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from tracker.cli.common import refusals_explained
from tracker.ops.readiness import readiness, unreadiness
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.engine import follows_in_process, view_engine


def _checks() -> dict[str, Any]:
    names = [projection.name for projection in projections()]
    try:
        app = Tracker()
    except Exception as error:  # the database cannot be opened: that is the answer
        return unreadiness(error, detailed=True)
    engine = view_engine(app.env)
    try:
        return readiness(
            engine, app.position, names, in_process=follows_in_process(app.env), detailed=True
        )
    finally:
        engine.dispose()
        app.close()


def _line(name: str, check: dict[str, Any]) -> str:
    if not check["ok"] and "error" in check:
        return f"  {name:<12} NOT READY: {check['error']}"
    verdict = "ok" if check["ok"] else "NOT READY"
    return f"  {name:<12} {verdict}: {SAID[name](check)}"


def _database(check: dict[str, Any]) -> str:
    return f"answered in {check['ms']} ms"


def _broker(check: dict[str, Any]) -> str:
    kind = "embedded SQLite broker" if check["embedded"] else "broker"
    return f"{kind} {check.get('url', '')} answered in {check['ms']} ms"


def _projections(check: dict[str, Any]) -> str:
    stopped = ", ".join(f"{s['projection']} at position {s['position']}"
                        for s in check["stopped"]) or "none"  # fmt: skip
    kept = "in-process" if check["driven_by"] == "in-process" else "by tracker project"
    return (f"lag {check['lag']} events (at most {check['threshold']}, views kept "
            f"{kept}); stopped: {stopped}")  # fmt: skip


def _beat(check: dict[str, Any]) -> str:
    needed = "" if check["required"] else " (not required: embedded broker, no production)"
    if check["last_tick"] is None:
        return f"no beat has ticked yet{needed}"
    return (f"last tick {check['last_tick']}, {check['age_seconds']} s ago "
            f"(at most {check['threshold']:g} s){needed}")  # fmt: skip


# What each check said, in words.
SAID: dict[str, Callable[[dict[str, Any]], str]] = {
    "database": _database,
    "broker": _broker,
    "projections": _projections,
    "beat": _beat,
}


@click.command()
@click.option("--json", "as_json", is_flag=True, help="the same JSON as /readyz")
@refusals_explained
def status(as_json: bool) -> None:
    """Is the deployment ready? Database, broker, views' lag and the beat's last tick."""
    found = _checks()
    if as_json:
        click.echo(json.dumps(found, indent=2))
    else:
        click.echo(f"ready: {'yes' if found['ready'] else 'NO'}")
        for name, check in found["checks"].items():
            click.echo(_line(name, check))
    sys.exit(0 if found["ready"] else 1)
