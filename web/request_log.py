"""A line per request, with its id and acting user; the id comes back as ``X-Request-ID``.

An incoming ``X-Request-ID`` (from a proxy or a load balancer) is kept when it is a short
safe token, so one id follows a request through every tier; otherwise one is made. The
line says the method, the path without its query string (search text stays out of the
logs), the status and the time taken: never a form, a body, a password or a token.
"""

from __future__ import annotations

import logging
import re
import time
from uuid import uuid4

from flask import Flask, Response, g, request
from flask_login import current_user

from tracker.ops.logs import NOBODY, acting_user, request_id

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

log = logging.getLogger("web.requests")


def _user() -> str:
    """The signed-in username, or the API token's holder; ``-`` for nobody."""
    reader = g.get("api_reader")
    if reader is None and current_user and current_user.is_authenticated:
        reader = current_user.reader
    return reader.username if reader is not None else NOBODY


def _start() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid4().hex
    g.request_started = time.perf_counter()
    request_id.set(g.request_id)
    acting_user.set(NOBODY)


def _identify() -> None:
    acting_user.set(_user())


def _finish(response: Response) -> Response:
    rid = g.get("request_id") or uuid4().hex
    response.headers[REQUEST_ID_HEADER] = rid
    started = g.get("request_started", time.perf_counter())
    duration = round((time.perf_counter() - started) * 1000, 1)
    user = _user()
    log.info(
        "%s %s %s %.1f ms", request.method, request.path, response.status_code, duration,
        extra={"request_id": rid, "user": user, "method": request.method,
               "path": request.path, "status": response.status_code, "duration_ms": duration},
    )  # fmt: skip
    return response


def _forget(_: BaseException | None) -> None:
    request_id.set(NOBODY)
    acting_user.set(NOBODY)


def install_request_log(app: Flask) -> None:
    """Gives each request an id, and logs a line for it once it is answered."""
    # First of all, before the access guard: a refused request has an id too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.before_request(_identify)  # after the guard, which finds an API token's holder
    app.after_request(_finish)
    app.teardown_request(_forget)
