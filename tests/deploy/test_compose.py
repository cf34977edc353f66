"""The docker-compose production shape: the file is valid, every command it runs exists, and
the application's database role may add to the log but never change it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import require_service
from tracker.cli.main import main as tracker_cli

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DEPLOY = ROOT / "deploy"
EXAMPLES = sorted(DEPLOY.glob("*.env.example"))
LONG_RUNNING = {"postgres", "redis", "web", "projector", "worker", "beat", "mailpit"}
SOURCES = [ROOT / package for package in ("events", "tracker", "web", "workers")]


def services() -> dict[str, dict]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def commands(program: str) -> dict[str, list[str]]:
    """The ``command:`` of each service that runs ``program``."""
    return {
        name: service["command"]
        for name, service in services().items()
        if service.get("command", [None])[0] == program
    }


def compose_program() -> list[str]:
    """Debian's docker-compose (v1), or the v2 plugin; skip on a laptop without, fail in CI."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    plugin = ["docker", "compose"]
    if shutil.which("docker"):
        found = subprocess.run([*plugin, "version"], capture_output=True, check=False)
        if found.returncode == 0:
            return plugin
    require_service("docker-compose", "neither docker-compose nor `docker compose` is installed")
    raise AssertionError("unreachable")


@pytest.fixture
def deployment(tmp_path: Path) -> Path:
    """A copy of the compose file with the example settings in place, as the README says."""
    shutil.copy(COMPOSE, tmp_path / COMPOSE.name)
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    (tmp_path / "deploy").mkdir()
    for example in EXAMPLES:
        shutil.copy(example, tmp_path / "deploy" / example.name.removesuffix(".example"))
    return tmp_path


def test_docker_compose_accepts_the_file_with_the_example_settings(deployment):
    result = subprocess.run(
        [*compose_program(), "-f", str(deployment / COMPOSE.name), "config"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)["services"]
    assert set(resolved) == LONG_RUNNING | {"init"}
    for name in LONG_RUNNING:
        assert resolved[name]["restart"] == "unless-stopped", name
        assert resolved[name]["healthcheck"]["test"], name
    assert resolved["init"]["restart"] == "no"
    for name in ("web", "projector", "worker", "beat"):
        needs = resolved[name]["depends_on"]
        assert needs["init"]["condition"] == "service_completed_successfully", name
        assert needs["postgres"]["condition"] == "service_healthy", name
        assert resolved[name]["environment"]["TRACKER_ENV"] == "production", name
        assert "TRACKER_OWNER_DATABASE_URL" not in resolved[name]["environment"], name


def test_every_setting_the_example_files_name_is_one_something_reads():
    code = "".join(p.read_text() for src in SOURCES for p in src.rglob("*.py"))
    code += (DEPLOY / "init_database.py").read_text()
    for example in EXAMPLES:
        named = set(re.findall(r"\bTRACKER_[A-Z_]*[A-Z]\b", example.read_text()))
        assert named, example.name
        for name in named:
            assert f'"{name}"' in code, f"{example.name}: nothing reads {name}"


def test_the_example_sets_what_production_needs():
    settings = dict(
        line.split("=", 1)
        for line in (DEPLOY / "tracker.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert settings["TRACKER_ENV"] == "production"
    assert settings["TRACKER_DATABASE_URL"].startswith("postgresql://")
    assert settings["TRACKER_BROKER_URL"].startswith("redis://redis:")
    assert settings["TRACKER_RATE_LIMIT_STORAGE_URL"].startswith("redis://redis:")
    assert settings["TRACKER_PROJECTIONS"] == "projector"
    assert settings["TRACKER_SECRET_KEY"] == ""  # no usable default: web refuses until it is set
    assert settings["TRACKER_SMTP_HOST"] == "mailpit"


def help_of(command: list[str]) -> tuple[int, str]:
    """``tracker ... --help`` for a compose command: an unknown command or option fails."""
    assert command[0] == "tracker"
    result = CliRunner().invoke(tracker_cli, [*command[1:], "--help"], prog_name="tracker")
    return result.exit_code, result.output


@pytest.mark.parametrize("service", sorted(commands("tracker")))
def test_each_tracker_command_of_the_compose_file_exists(service):
    exit_code, output = help_of(commands("tracker")[service])
    assert exit_code == 0, output
    assert output.startswith("Usage: tracker ")


def test_the_services_run_the_projector_worker_and_beat_from_the_tracker_command():
    assert {name: c[:2] for name, c in commands("tracker").items()} == {
        "projector": ["tracker", "project"],
        "worker": ["tracker", "worker"],
        "beat": ["tracker", "beat"],
    }


@pytest.mark.parametrize(
    "misspelt",
    [
        ["tracker", "projector"],
        ["tracker", "worker", "--concurency", "2"],
        ["tracker", "beat", "--schedule", "beat-schedule"],
    ],
)
def test_a_misspelt_command_would_be_caught(misspelt):
    exit_code, output = help_of(misspelt)
    assert exit_code == 2, output


def sqlite_env(tmp_path: Path) -> dict[str, str]:
    """A laptop's settings, enough to load the web application without a server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'tracker.sqlite'}",
               TRACKER_SECRET_KEY="x" * 48, XDG_DATA_HOME=str(tmp_path))  # fmt: skip
    return env


def gunicorn_check(command: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """gunicorn's own check: it parses every option and loads the WSGI application."""
    program = Path(sys.executable).with_name(command[0])
    return subprocess.run(
        [str(program), *command[1:], "--check-config"],
        cwd=tmp_path, env=sqlite_env(tmp_path), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_gunicorn_loads_the_web_application_with_the_compose_options(tmp_path):
    (web,) = commands("gunicorn").values()
    result = gunicorn_check(web, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("web.wsgi:application", "web.wsgi:app"), ("--worker-klass", "--worker-class")],
)
def test_gunicorn_would_refuse_a_misspelt_application_or_option(tmp_path, wrong, right):
    (web,) = commands("gunicorn").values()
    assert gunicorn_check([wrong if part == right else part for part in web], tmp_path).returncode


def test_the_worker_health_check_pings_the_celery_app_the_worker_runs(tmp_path):
    test = services()["worker"]["healthcheck"]["test"]
    target = re.search(r"celery -A (\S+) inspect ping", test[1])[1]
    module, attribute = target.split(":")
    loaded = subprocess.run(
        [sys.executable, "-c", f"import {module}; print(type({module}.{attribute}).__name__)"],
        env=sqlite_env(tmp_path) | {"TRACKER_BROKER_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert loaded.stdout.strip() == "Celery", loaded.stderr
    assert "tracker@$$HOSTNAME" in test[1]  # the worker's own --name, tracker@%h
    exit_code, output = help_of(["tracker", "worker"])
    assert exit_code == 0 and "default: tracker@%h" in output


def test_scripts_the_services_run_are_in_the_image():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY deploy ./deploy" in dockerfile and "WORKDIR /opt/tracker" in dockerfile
    for name, service in services().items():
        parts = [*service.get("command", []), *service.get("healthcheck", {}).get("test", [])]
        for part in parts:
            if isinstance(part, str) and part.startswith("/opt/tracker/deploy/"):
                assert (DEPLOY / part.removeprefix("/opt/tracker/deploy/")).is_file(), name


def test_the_readme_shows_the_sql_that_init_runs():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Least-privilege PostgreSQL role", 1)[1]
    shown = re.search(r"```sql\n(.*?)```", section, re.S)[1]
    assert shown == (DEPLOY / "app-role.sql").read_text()
