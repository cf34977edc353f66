"""Is this deployment ready to serve? The checks behind ``/readyz`` and ``tracker status``.

Four checks (``tracker.ops.checks``), each answering with counts and times only:

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
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine

from tracker.kernel.errors import TrackerError
from tracker.ops.broker import broker_of
from tracker.ops.checks import check_beat, check_broker, check_database, check_projections, failed
from tracker.ops.production import is_production, positive_number

MAX_LAG_SETTING = "TRACKER_READY_MAX_LAG"
MAX_BEAT_AGE_SETTING = "TRACKER_READY_MAX_BEAT_AGE_SECONDS"
SCAN_SETTING = "TRACKER_SCAN_SECONDS"
DEFAULT_MAX_LAG = 1000
DEFAULT_SCAN_SECONDS = 60.0
TICKS_MISSED = 3  # the beat may miss this many ticks before it is not ready
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
    if not database["ok"]:
        return _answer(checks | {"projections": dict(UNREACHED), "beat": dict(UNREACHED)})
    checks["projections"] = _projections(
        engine, head, names, max_lag=max_lag, in_process=in_process, detailed=detailed
    )
    required = is_production(environ) or not broker_of(environ).embedded
    checks["beat"] = check_beat(engine, max_age=max_age, required=required, detailed=detailed)
    return _answer(checks)


def _projections(
    engine: Engine, head: Any, names: Sequence[str], *, max_lag: int, in_process: bool,
    detailed: bool,
) -> dict[str, Any]:  # fmt: skip
    """The views' check, against the log's position ``head()``."""
    try:
        position = int(head())
    except Exception as error:
        return failed(error, detailed)
    return check_projections(
        engine, position, names, max_lag=max_lag, in_process=in_process, detailed=detailed
    )


def _answer(checks: dict[str, Any]) -> dict[str, Any]:
    return {"ready": all(check["ok"] for check in checks.values()), "checks": checks}


def unreadiness(
    error: Exception, environ: Mapping[str, str] = os.environ, detailed: bool = False
) -> dict[str, Any]:
    """Every check when the database cannot even be opened (``error``): not ready."""
    checks = {
        "database": failed(error, detailed),
        "broker": check_broker(environ, detailed),
        "projections": dict(UNREACHED),
        "beat": dict(UNREACHED),
    }
    return {"ready": False, "checks": checks}
