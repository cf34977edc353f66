"""Is this deployment ready to serve? The checks behind ``/readyz`` and ``tracker status``.

Four checks, each answering with counts and times only (never an item's content):

* database: a ``SELECT 1`` on the events' database;
* broker: a connection to ``TRACKER_BROKER_URL`` (or the embedded broker's file);
* projections: how far the views are behind the log (under ``TRACKER_READY_MAX_LAG``),
  and none stopped on an event;
* beat: the age of the beat's last tick (under ``TRACKER_READY_MAX_BEAT_AGE_SECONDS``).

The laptop case: with the embedded broker outside production, nothing promises a beat
(``tracker serve`` alone runs none), so the beat is reported but not required; with a
real broker, or in production, a beat that never ticked or stopped ticking is not ready.
Views driven in-process catch up before every page reads, so their lag is reported but
does not count; a stopped view always counts.
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
from tracker.kernel.errors import TrackerError
from tracker.ops.broker import broker_of
from tracker.ops.heartbeats import BEAT, last_tick
from tracker.ops.production import is_production, positive_number
from tracker.views.engine import tracked_positions, view_failures_of, view_positions

MAX_LAG_SETTING = "TRACKER_READY_MAX_LAG"
MAX_BEAT_AGE_SETTING = "TRACKER_READY_MAX_BEAT_AGE_SECONDS"
SCAN_SETTING = "TRACKER_SCAN_SECONDS"
DEFAULT_MAX_LAG = 1000
DEFAULT_SCAN_SECONDS = 60.0
TICKS_MISSED = 3  # the beat may miss this many ticks before it is not ready
BROKER_TIMEOUT = 3.0  # seconds
UNREACHED = {"ok": False, "error": "the database did not answer"}


class ReadinessSettingRefused(TrackerError):
    """A readiness threshold that is not a positive number."""


def _positive(environ: Mapping[str, str], name: str, default: float) -> float:
    return positive_number(environ, name, default, ReadinessSettingRefused)


def thresholds(environ: Mapping[str, str] = os.environ) -> tuple[int, float]:
    """The largest lag (events) and beat age (seconds) still ready."""
    scan = _positive(environ, SCAN_SETTING, DEFAULT_SCAN_SECONDS)
    max_lag = int(_positive(environ, MAX_LAG_SETTING, DEFAULT_MAX_LAG))
    max_age = _positive(environ, MAX_BEAT_AGE_SETTING, TICKS_MISSED * scan)
    return max_lag, max_age


def _failed(error: Exception, detailed: bool) -> dict[str, Any]:
    """A failed check: the error's kind; its message only where it may be shown (the CLI)."""
    first_line = str(error).strip().partition("\n")[0]
    said = f"{type(error).__name__}: {first_line}" if detailed else type(error).__name__
    return {"ok": False, "error": said}


def check_database(engine: Engine, detailed: bool = False) -> dict[str, Any]:
    started = time.monotonic()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
    except Exception as error:
        return _failed(error, detailed)
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


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
        return found | _failed(error, detailed)
    finally:
        connection.release()
    return found | {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


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
        with engine.connect() as connection:
            built = inspect(connection).has_table(view_positions.name)
            positions = tracked_positions(connection, names) if built else dict.fromkeys(names, 0)
        stopped = [s for s in view_failures_of(engine) if s.projection in names] if built else []
    except Exception as error:
        return _failed(error, detailed)
    lag = max((head - reached for reached in positions.values()), default=0)
    return {
        "ok": not stopped and (in_process or lag <= max_lag),
        "lag": lag,
        "threshold": max_lag,
        "driven_by": "in-process" if in_process else "projector",
        # Where each stopped, never why: the error may quote an event's content.
        "stopped": [{"projection": s.projection, "position": s.position} for s in stopped],
    }


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
        return _failed(error, detailed)
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


def readiness(
    engine: Engine,
    head: Any,
    names: Sequence[str],
    *,
    in_process: bool,
    environ: Mapping[str, str] = os.environ,
    detailed: bool = False,
) -> dict[str, Any]:
    """Every check, and whether all passed: ``{"ready": bool, "checks": {...}}``.

    ``head`` is called for the log's position once the database has answered.
    """
    max_lag, max_age = thresholds(environ)
    database = check_database(engine, detailed)
    checks: dict[str, Any] = {"database": database, "broker": check_broker(environ, detailed)}
    if database["ok"]:
        try:
            position = int(head())
        except Exception as error:
            checks["projections"] = _failed(error, detailed)
        else:
            checks["projections"] = check_projections(
                engine, position, names, max_lag=max_lag, in_process=in_process,
                detailed=detailed,
            )  # fmt: skip
        required = is_production(environ) or not broker_of(environ).embedded
        checks["beat"] = check_beat(engine, max_age=max_age, required=required, detailed=detailed)
    else:
        checks["projections"], checks["beat"] = dict(UNREACHED), dict(UNREACHED)
    return {"ready": all(check["ok"] for check in checks.values()), "checks": checks}


def unreadiness(
    error: Exception, environ: Mapping[str, str] = os.environ, detailed: bool = False
) -> dict[str, Any]:
    """Every check when the database cannot even be opened (``error``): not ready."""
    checks = {
        "database": _failed(error, detailed),
        "broker": check_broker(environ, detailed),
        "projections": dict(UNREACHED),
        "beat": dict(UNREACHED),
    }
    return {"ready": False, "checks": checks}
