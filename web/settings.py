"""The web application's settings, read from the environment (see the README's table).

Nothing needs setting on a laptop: the secret key is then made once and kept in the data
folder beside the SQLite file, so sign-ins survive a restart.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Any

from tracker.ops.production import (
    SECRET_KEY_SETTING,
    SECURE_COOKIES_SETTING,
    flag,
    kept_secret_key_path,
)

RATE_LIMIT_STORAGE_SETTING = "TRACKER_RATE_LIMIT_STORAGE_URL"
SIGN_IN_LIMIT_SETTING = "TRACKER_SIGN_IN_LIMIT"
TRUSTED_PROXIES_SETTING = "TRACKER_TRUSTED_PROXIES"

MAX_REQUEST_BYTES = 1024 * 1024  # forms and JSON bodies; larger is refused with 413
SESSION_HOURS = 8  # a working day; then sign in again


def _secret_key(environ: Mapping[str, str]) -> str:
    given = environ.get(SECRET_KEY_SETTING, "").strip()
    if given:
        return given
    kept = kept_secret_key_path()
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.touch(mode=0o600)
        kept.write_text(secrets.token_urlsafe(48))
    return kept.read_text().strip()


def _trusted_proxies(environ: Mapping[str, str]) -> int:
    raw = environ.get(TRUSTED_PROXIES_SETTING, "").strip() or "0"
    if not raw.isdigit():
        raise ValueError(
            f"{TRUSTED_PROXIES_SETTING}: {raw!r} is not a number of proxies (0, 1, ...)"
        )
    return int(raw)


def flask_settings(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Flask's configuration from ``TRACKER_*`` variables."""
    return {
        "SECRET_KEY": _secret_key(environ),
        "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
        "PERMANENT_SESSION_LIFETIME": SESSION_HOURS * 3600,
        **_cookie_settings(flag(environ, SECURE_COOKIES_SETTING)),
        "RATELIMIT_STORAGE_URI": environ.get(RATE_LIMIT_STORAGE_SETTING, "memory://"),
        "SIGN_IN_LIMIT": environ.get(SIGN_IN_LIMIT_SETTING, "10 per minute"),
        "WTF_CSRF_TIME_LIMIT": SESSION_HOURS * 3600,
        # Our own: how many proxies in front may say who the client is (X-Forwarded-For) and
        # whether it came over TLS; 0 believes no such header, so none can be forged.
        "TRUSTED_PROXIES": _trusted_proxies(environ),
    }


def _cookie_settings(secure: bool) -> dict[str, Any]:
    """Cookies out of scripts' reach; with ``secure``, sent over HTTPS only (and HSTS)."""
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_NAME": "__Host-tracker" if secure else "tracker",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFER_HTTPS": secure,  # our own: send HSTS
    }
