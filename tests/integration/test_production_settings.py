"""``TRACKER_ENV=production``: every process refuses an unsafe configuration with one line
naming the setting, and starts on a safe one (web app, ``tracker serve``, gunicorn,
projector, worker and beat)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cast import CastTracker
from tracker.ops.production import (
    ProductionRefused,
    kept_secret_key_path,
    production_problems,
    refuse_unsafe_production,
)
from web.app import create_app

BIN = Path(sys.executable).parent
SECRET = "s" * 48
UNSAFE = {"TRACKER_ENV": "production"}


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    """A data folder of the test's own (the kept secret key and SQLite files go there)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def production(postgres_url) -> dict[str, str]:
    """A safe production configuration on a fresh PostgreSQL schema, its tables made."""
    CastTracker(postgres_url, create_schema=True).close()  # `tracker init`, as an operator runs it
    return {
        "TRACKER_ENV": "production",
        "TRACKER_SECRET_KEY": SECRET,
        "TRACKER_SECURE_COOKIES": "true",
        "TRACKER_DATABASE_URL": postgres_url,
        "TRACKER_BROKER_URL": "redis://127.0.0.1:6379/0",
    }


def problems(**environ: str) -> list[str]:
    return production_problems(UNSAFE | environ, web=True, broker=True)


def test_nothing_is_refused_outside_production(data_home):
    assert production_problems({}, web=True, broker=True) == []
    assert production_problems({"TRACKER_ENV": "development"}, web=True, broker=True) == []


def test_an_unknown_environment_name_is_refused_rather_than_taken_for_development():
    with pytest.raises(ProductionRefused, match="TRACKER_ENV must be production or development"):
        refuse_unsafe_production({"TRACKER_ENV": "prod"})


def test_production_without_a_secret_key_is_refused(data_home):
    assert any("TRACKER_SECRET_KEY is not set" in p for p in problems())
    assert any("TRACKER_SECRET_KEY is shorter" in p for p in problems(TRACKER_SECRET_KEY="short"))


def test_production_on_the_secret_key_kept_for_a_laptop_is_refused(data_home):
    kept = kept_secret_key_path()
    kept.parent.mkdir(parents=True)
    kept.write_text("k" * 64)
    found = problems(TRACKER_SECRET_KEY="k" * 64)
    assert any("TRACKER_SECRET_KEY is the key made and kept for a laptop" in p for p in found)
    assert not any("SECRET_KEY" in p for p in problems(TRACKER_SECRET_KEY="x" * 64))


def test_production_without_secure_cookies_is_refused(data_home):
    assert any("TRACKER_SECURE_COOKIES is not true" in p for p in problems())
    found = problems(TRACKER_SECURE_COOKIES="yes")
    assert not any("TRACKER_SECURE_COOKIES" in p for p in found)


def test_production_on_sqlite_is_refused_unless_allowed(data_home):
    assert any("the database is SQLite" in p for p in problems())
    assert any("TRACKER_BROKER_URL is not set" in p for p in problems())
    allowed = problems(TRACKER_ALLOW_SQLITE_IN_PRODUCTION="true")
    assert not any("SQLite" in p for p in allowed)


def test_only_the_web_needs_the_secret_key_and_secure_cookies(data_home):
    found = production_problems(UNSAFE | {"TRACKER_ALLOW_SQLITE_IN_PRODUCTION": "true"})
    assert found == []


def test_the_app_factory_refuses_an_unsafe_production_before_opening_a_database(
    data_home, monkeypatch
):
    for name in ("TRACKER_SECRET_KEY", "TRACKER_SECURE_COOKIES", "TRACKER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRACKER_ENV", "production")
    with pytest.raises(ProductionRefused) as refused:
        create_app()
    message = str(refused.value)
    assert "\n" not in message
    for setting in ("TRACKER_SECRET_KEY", "TRACKER_SECURE_COOKIES", "the database is SQLite"):
        assert setting in message
    assert not data_home.exists()  # no SQLite file, no kept secret key was made


def test_the_app_factory_refuses_a_sqlite_tracker_given_to_it_in_production(
    data_home, monkeypatch, tmp_path, production
):
    for name, value in production.items():
        monkeypatch.setenv(name, value)
    tracker = CastTracker(f"sqlite:///{tmp_path / 'pilot.sqlite'}")
    try:
        with pytest.raises(ProductionRefused, match="the database is SQLite"):
            create_app(tracker=tracker)
    finally:
        tracker.close()


def test_a_safe_production_configuration_starts_with_secure_cookies(
    data_home, monkeypatch, production
):
    for name, value in production.items():
        monkeypatch.setenv(name, value)
    app = create_app()
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["SECRET_KEY"] == SECRET
        response = app.test_client().get("/healthz", base_url="https://tracker.example")
        assert response.status_code == 200
        assert "Strict-Transport-Security" in response.headers
    finally:
        app.extensions["tracker"].close()


def run(
    command: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def unsafe_env(data_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return env | {"TRACKER_ENV": "production", "XDG_DATA_HOME": str(data_home)}


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["serve", "--port", "1"], "TRACKER_SECRET_KEY"),
        (["project", "--once"], "the database is SQLite"),
        (["worker", "--pool=solo"], "TRACKER_BROKER_URL is not set"),
        (["beat"], "TRACKER_BROKER_URL is not set"),
    ],
)
def test_each_process_refuses_an_unsafe_production_with_one_line(data_home, command, named):
    result = run([str(BIN / "tracker"), *command], unsafe_env(data_home))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "refusing to start with TRACKER_ENV=production" in lines[0]
    assert named in lines[0]
    assert not data_home.exists()


def test_gunicorn_halts_on_an_unsafe_production_naming_the_setting(data_home):
    result = run(
        [str(BIN / "gunicorn"), "--bind", "127.0.0.1:0", "--workers", "1", "web.wsgi:app"],
        unsafe_env(data_home),
    )
    assert result.returncode != 0
    assert "refusing to start with TRACKER_ENV=production" in result.stderr
    assert "TRACKER_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_serves_on_a_safe_production_configuration(data_home, production, tmp_path):
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = unsafe_env(data_home) | production
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "web.wsgi:app"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer in 30 s"
                time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)


def test_the_projector_runs_on_a_safe_production_configuration(data_home, production):
    env = unsafe_env(data_home) | production
    result = run([str(BIN / "tracker"), "project", "--once"], env)
    assert result.returncode == 0, result.stderr
    assert "refusing" not in result.stderr
    # The web's own settings are not the projector's business: it starts without them.
    bare = {
        k: v for k, v in env.items() if k not in ("TRACKER_SECRET_KEY", "TRACKER_SECURE_COOKIES")
    }
    assert run([str(BIN / "tracker"), "project", "--once"], bare).returncode == 0
