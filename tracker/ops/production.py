"""What a production process refuses to start without (``TRACKER_ENV=production``).

Every process calls ``refuse_unsafe_production`` before it starts serving: the web
application (its factory, ``tracker serve``, gunicorn), the projector, the worker and the
beat. The database check is everyone's; the secret key and Secure cookies only the web's,
since no other process signs a cookie (a worker need not hold the session secret).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_dir

from events.store import database_url, describe, is_postgres
from tracker.kernel.errors import TrackerError
from tracker.ops.broker import BROKER_SETTING, broker_of

ENV_SETTING = "TRACKER_ENV"
PRODUCTION, DEVELOPMENT = "production", "development"
SECRET_KEY_SETTING = "TRACKER_SECRET_KEY"
SECURE_COOKIES_SETTING = "TRACKER_SECURE_COOKIES"
ALLOW_SQLITE_SETTING = "TRACKER_ALLOW_SQLITE_IN_PRODUCTION"
MIN_SECRET_KEY_LENGTH = 32


class ProductionRefused(TrackerError):
    """A production process is configured unsafely; the message names the setting."""


def flag(environ: Mapping[str, str], name: str) -> bool:
    """A yes/no setting: ``1``, ``true``, ``yes`` or ``on`` is yes; anything else no."""
    return environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def positive_number(
    environ: Mapping[str, str], name: str, default: float, refused: type[Exception] = ValueError
) -> float:
    """A setting that is a number more than 0, or ``default`` when unset; else ``refused``."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise refused(f"{name}: {raw!r} is not a number") from None
    if value <= 0:
        raise refused(f"{name}: must be more than 0")
    return value


def kept_secret_key_path() -> Path:
    """Where a laptop's secret key is made once and kept when none is set."""
    return Path(user_data_dir("tracker", appauthor=False)) / "secret_key"


def is_production(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``TRACKER_ENV`` says production; an unknown value is refused, not guessed."""
    chosen = environ.get(ENV_SETTING, "").strip().lower()
    if chosen not in ("", PRODUCTION, DEVELOPMENT):
        raise ProductionRefused(
            f"{ENV_SETTING} must be {PRODUCTION} or {DEVELOPMENT} (or unset), not {chosen!r}"
        )
    return chosen == PRODUCTION


def _secret_key_problem(environ: Mapping[str, str]) -> str | None:
    given = environ.get(SECRET_KEY_SETTING, "").strip()
    if not given:
        return f"{SECRET_KEY_SETTING} is not set (every web process needs the same secret key)"
    if len(given) < MIN_SECRET_KEY_LENGTH:
        return f"{SECRET_KEY_SETTING} is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    kept = kept_secret_key_path()
    if kept.exists() and kept.read_text().strip() == given:
        return f"{SECRET_KEY_SETTING} is the key made and kept for a laptop in {kept}"
    return None


def production_problems(
    environ: Mapping[str, str] = os.environ,
    *,
    web: bool = False,
    broker: bool = False,
    database: str | None = None,
) -> list[str]:
    """What is unsafe for production in ``environ``, each naming its setting; [] if nothing.

    ``web``: the process signs session cookies; ``broker``: it uses the workers' broker.
    ``database`` is the store's URL when the process was given one (default: the setting).
    """
    if not is_production(environ):
        return []
    problems = _web_problems(environ) if web else []
    problems += _sqlite_problems(environ, database or database_url(environ), broker=broker)
    return [problem for problem in problems if problem]


def _web_problems(environ: Mapping[str, str]) -> list[str | None]:
    """A web process signs session cookies: a long secret key, sent over TLS only."""
    problems = [_secret_key_problem(environ)]
    if not flag(environ, SECURE_COOKIES_SETTING):
        problems.append(
            f"{SECURE_COOKIES_SETTING} is not true (the session cookie must be Secure behind TLS)"
        )
    return problems


def _sqlite_problems(environ: Mapping[str, str], url: str, *, broker: bool) -> list[str | None]:
    """SQLite for the store, or the embedded broker, unless production accepts them."""
    problems: list[str | None] = []
    if not is_postgres(url) and not flag(environ, ALLOW_SQLITE_SETTING):
        problems.append(
            f"the database is SQLite ({describe(url)}): set TRACKER_DATABASE_URL to "
            f"PostgreSQL, or {ALLOW_SQLITE_SETTING}=true to accept it"
        )
    if broker and broker_of(environ).embedded and not flag(environ, ALLOW_SQLITE_SETTING):
        problems.append(
            f"{BROKER_SETTING} is not set (the embedded SQLite broker can lose a message): "
            f"set it to Redis, or {ALLOW_SQLITE_SETTING}=true to accept it"
        )
    return problems


def refuse_unsafe_production(
    environ: Mapping[str, str] = os.environ,
    *,
    web: bool = False,
    broker: bool = False,
    database: str | None = None,
) -> None:
    """Raises ``ProductionRefused`` (one line, naming each setting) if production is unsafe."""
    problems = production_problems(environ, web=web, broker=broker, database=database)
    if problems:
        raise ProductionRefused(
            f"refusing to start with {ENV_SETTING}={PRODUCTION}: {'; '.join(problems)}"
        )
