"""Shared fixtures: an in-memory tracker for fast tests, real databases for integration.

A test that needs PostgreSQL skips on a laptop without it, but under ``CI=true`` the
missing server fails the run instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

# The library's own variables must never configure a test's store (see events/store.py).
for _name in list(os.environ):
    if _name.startswith(("PERSISTENCE_", "POSTGRES_", "SQLITE_")):
        del os.environ[_name]


# Tests whose answers depend on the day they run (the demo is dated from today, reviews fall
# due, meetings come round): .ci/run runs them again 60 and 400 days ahead and across a clock
# change (tests/calendar/sitecustomize.py), so none can pass only near the day it was written.
CALENDAR_SENSITIVE = (
    "tests/unit/",
    "tests/browser/test_journeys.py",
    "tests/browser/test_demo_people.py",
    "tests/web/test_access.py",
    "tests/web/test_act.py",
    "tests/web/test_admin.py",
    "tests/web/test_audit.py",
    "tests/web/test_logging.py",
    "tests/web/test_openapi.py",
    "tests/web/test_oversight.py",
    "tests/web/test_posts.py",
    "tests/web/test_forums.py",
    "tests/web/test_readiness.py",
    "tests/web/test_same_rules.py",
    "tests/web/test_sign_in.py",
    "tests/web/test_tasking_requirements.py",
    "tests/integration/test_as_at.py",
    "tests/integration/test_audit_trail.py",
    "tests/integration/test_clearance.py",
    "tests/integration/test_cli.py",
    "tests/integration/test_decision_moves_subject.py",
    "tests/integration/test_decision_register.py",
    "tests/integration/test_governance_figures.py",
    "tests/integration/test_item_timeline.py",
    "tests/integration/test_learning_log.py",
    "tests/integration/test_learning_log_debriefs.py",
    "tests/integration/test_meeting_agenda.py",
    "tests/integration/test_review_queue.py",
    "tests/integration/test_status.py",
    "tests/integration/test_stored_history.py",
    "tests/integration/test_support_request_board.py",
    "tests/integration/test_tasking_board.py",
    "tests/integration/test_views_cli.py",
    "tests/integration/workers/test_scan.py",
    "tests/integration/workers/test_embedded.py",
    "tests/integration/workers/test_mail_folder.py",
)
ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.relative_to(ROOT).as_posix()
        if path.startswith(CALENDAR_SENSITIVE):
            item.add_marker(pytest.mark.calendar)


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashes() -> Iterator[None]:
    """Argon2id at its lightest in this process, where accounts are made by the hundred: the
    hashes are real (made and checked by argon2-cffi), only cheaper. The production parameters
    are checked by tests/unit/tracker/test_accounts.py (``production_hashes``); processes the
    tests start (``tracker up``, the CLI) hash as production does."""
    from argon2 import PasswordHasher

    from tracker.accounts import credentials

    production = credentials._hasher
    credentials._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    credentials._hasher = production


@pytest.fixture
def today() -> date:
    """The day the test runs (UTC), read when it starts: decisions are dated by the clock."""
    return datetime.now(UTC).date()


@pytest.fixture
def tracker():
    """A tracker on a private in-memory SQLite store (same code path as a file)."""
    from tests.cast import CastTracker

    app = CastTracker("memory://")
    yield app
    app.close()


POSTGRES_URL = os.environ.get(
    "TRACKER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def require_service(name: str, reason: str) -> None:
    """Skip on a laptop without the service; fail under CI=true, where it must be there."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{name} is required in CI but unavailable: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")


def postgres_admin() -> Any:
    """An autocommit connection to the test server; skip or fail (in CI) without one."""
    import psycopg

    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        require_service("PostgreSQL", str(error).strip())


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """The URL of a new PostgreSQL schema, dropped afterwards."""
    schema = f"t_{uuid4().hex[:16]}"
    with postgres_admin() as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{POSTGRES_URL}?schema={schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    with fresh_postgres_schema() as url:
        yield url


STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=STORES)
def store_url(request, tmp_path):
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="module", params=STORES)
def module_store_url(request, tmp_path_factory):
    """A store on each database shared by a module's tests (for property-based tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'tracker.sqlite'}"
        return
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[Any]:
    """A redis-server of the test's own (skips on a laptop without one, fails under CI=true)."""
    from tests.integration.workers.conftest import RedisServer  # it imports this module

    if shutil.which("redis-server") is None:
        require_service("Redis", "no redis-server on this machine")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp() -> Iterator[Any]:
    """A real SMTP server on loopback that keeps and counts what it accepts."""
    from tests.integration.workers.conftest import SmtpSink, free_port  # they import this

    sink = SmtpSink(free_port())
    sink.start()
    yield sink
    sink.stop()
