"""The tracker served for real on localhost, driven by headless Chromium through Playwright.

The server is ``tracker serve`` in a subprocess over a fresh SQLite store with the demo
loaded; the browser is Debian's Chromium (``.ci/run`` installs it). Without Chromium the
tests skip on a laptop and fail under ``CI=true``. Screenshots go to ``$TRACKER_ARTEFACTS``
or ``tests/browser/artefacts/`` (ignored by git).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import require_service
from tracker.cli.demo_users import DEMO_PASSWORD

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
ARTEFACTS = Path(os.environ.get("TRACKER_ARTEFACTS") or Path(__file__).parent / "artefacts")
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 60  # an upper bound on waiting for the server, not a timing assertion


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_answering(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"tracker serve stopped (exit {server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)  # polling for the server, not waiting a fixed time
    pytest.fail(f"tracker serve did not answer within {START_TIMEOUT_S}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of ``tracker serve`` on a free port, over a fresh store with the demo loaded."""
    folder = tmp_path_factory.mktemp("served")
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder}/t.sqlite",
        "TRACKER_SECRET_KEY": "browser tests only, not a secret",
        "TRACKER_SIGN_IN_LIMIT": "1000 per minute",  # the journeys sign in many times
    }
    subprocess.run([BIN / "tracker", "demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [BIN / "tracker", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_answering(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = [line for line in log.read_text().splitlines() if '" 500 ' in line]
    assert not errors, f"the server answered 500: {errors}"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian's package; skipped on a laptop without it, not in CI."""
    if not Path(CHROMIUM).exists():
        require_service("Chromium", f"{CHROMIUM} is missing (.ci/run installs it)")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        except Error as error:
            require_service("Chromium", str(error).splitlines()[0])
        yield chromium
        chromium.close()


@pytest.fixture
def sign_in(browser, base_url: str) -> Iterator[Callable[[str], object]]:
    """``sign_in(username)``: a page in a browser context of its own, signed in by the form."""
    contexts = []

    def signed_in(username: str):
        context = browser.new_context(
            base_url=base_url, accept_downloads=True, locale="en-GB", timezone_id="Europe/London"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/sign-in")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"^(?!.*/sign-in)"))
        return page

    yield signed_in
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


@pytest.fixture
def screenshot(artefacts: Path, request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """``screenshot(page, name)``: the whole page saved as a test artefact."""

    def save(page, name: str) -> Path:
        path = artefacts / f"{request.node.name}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save
