"""The readiness checks one by one: the database, the broker, the views' lag, the beat.

Each answers with counts and times only (never an item's content), as a dict that says
``ok``; a failed check names the error's kind, and its message only where it may be shown.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from sqlalchemy import Engine, inspect, text

from events.store import describe
from tracker.ops.broker import broker_of
from tracker.ops.heartbeats import BEAT, last_tick
from tracker.views.bookkeeping import view_positions
from tracker.views.failures import Stopped, view_failures_of
from tracker.views.positions import tracked_positions

BROKER_TIMEOUT = 3.0  # seconds


def failed(error: Exception, detailed: bool) -> dict[str, Any]:
    """A failed check: the error's kind; its message only where it may be shown (the CLI)."""
    first_line = str(error).strip().partition("\n")[0]
    said = f"{type(error).__name__}: {first_line}" if detailed else type(error).__name__
    return {"ok": False, "error": said}


def _answered_since(started: float) -> dict[str, Any]:
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_database(engine: Engine, detailed: bool = False) -> dict[str, Any]:
    started = time.monotonic()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
    except Exception as error:
        return failed(error, detailed)
    return _answered_since(started)


def check_broker(environ: Mapping[str, str] = os.environ, detailed: bool = False) -> dict[str, Any]:
    """Connects to the broker once, with a short timeout (kombu speaks every transport)."""
    # kombu (untyped), not celery or redis: the domain stays free of the workers' frameworks.
    connection_class: Any = import_module("kombu").Connection

    broker = broker_of(environ)
    found: dict[str, Any] = {"embedded": broker.embedded}
    if detailed:
        found["url"] = describe(broker.url)
    started = time.monotonic()
    connection = connection_class(broker.url, connect_timeout=BROKER_TIMEOUT)
    try:
        connection.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT
        )
    except Exception as error:
        return found | failed(error, detailed)
    finally:
        connection.release()
    return found | _answered_since(started)


def check_projections(
    engine: Engine,
    head: int,
    names: Sequence[str],
    *,
    max_lag: int,
    in_process: bool,
    detailed: bool = False,
) -> dict[str, Any]:
    """How far the views are behind position ``head``, and which have stopped."""
    try:
        positions, stopped = _views_progress(engine, names)
    except Exception as error:
        return failed(error, detailed)
    lag = max((head - reached for reached in positions.values()), default=0)
    return {
        "ok": not stopped and (in_process or lag <= max_lag),
        "lag": lag,
        "threshold": max_lag,
        "driven_by": "in-process" if in_process else "projector",
        # Where each stopped, never why: the error may quote an event's content.
        "stopped": [{"projection": s.projection, "position": s.position} for s in stopped],
    }


def _views_progress(engine: Engine, names: Sequence[str]) -> tuple[dict[str, int], list[Stopped]]:
    """Each view's position, and those stopped on an event (none before any view is built)."""
    with engine.connect() as connection:
        built = inspect(connection).has_table(view_positions.name)
        positions = tracked_positions(connection, names) if built else dict.fromkeys(names, 0)
    stopped = [s for s in view_failures_of(engine) if s.projection in names] if built else []
    return positions, stopped


def check_beat(
    engine: Engine,
    *,
    max_age: float,
    required: bool,
    now: datetime | None = None,
    detailed: bool = False,
) -> dict[str, Any]:
    """The age of the beat's last tick; not required for a laptop's embedded broker."""
    try:
        ticked = last_tick(engine, BEAT)
    except Exception as error:
        return failed(error, detailed)
    found: dict[str, Any] = {"threshold": max_age, "required": required}
    if ticked is None:
        return found | {"ok": not required, "last_tick": None, "age_seconds": None,
                        "note": "no beat has ticked yet"}  # fmt: skip
    age = round(((now or datetime.now(UTC)) - ticked).total_seconds(), 1)
    return found | {
        "ok": age <= max_age or not required,
        "last_tick": ticked.isoformat(),
        "age_seconds": age,
    }
