"""A web application on a demo store, and browsers-in-a-test-client signed in as each role."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.cast import CastTracker
from tracker.cli.demo import load_demo
from tracker.cli.demo_users import DEMO_PASSWORD
from tracker.service.application import Tracker
from web.app import create_app

os.environ.setdefault("TRACKER_SECRET_KEY", "a test key, never a production one")

CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="module")
def demo_tracker(tmp_path_factory) -> Iterator[Tracker]:
    """The demo's store, shared by a module's tests that only read it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'tracker.sqlite'}"
    tracker = CastTracker(url, create_schema=True)
    load_demo(tracker)
    yield tracker
    tracker.close()


def make_app(tracker: Tracker, **settings) -> Flask:
    """The app as served, but for a sign-in limit that many tests' sign-ins stay under."""
    return create_app({"TESTING": True, "SIGN_IN_LIMIT": "10000 per minute", **settings},
                      tracker=tracker)  # fmt: skip


@pytest.fixture(scope="module")
def demo_app(demo_tracker) -> Iterator[Flask]:
    app = make_app(demo_tracker)
    yield app
    app.extensions["tracker"].views.close()


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """The CSRF token of the form at ``path``, as a browser would find it."""
    found = CSRF_TOKEN.search(client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, username: str, password: str = DEMO_PASSWORD):
    return client.post("/sign-in", data={"username": username, "password": password,
                                         "csrf_token": csrf_token(client)})  # fmt: skip


@pytest.fixture
def fresh(tmp_path) -> Iterator[tuple[Flask, Tracker]]:
    """A demo store of the test's own, and its app, for tests that record."""
    tracker = CastTracker(f"sqlite:///{tmp_path / 'tracker.sqlite'}", create_schema=True)
    load_demo(tracker)
    app = make_app(tracker)
    yield app, tracker
    app.extensions["tracker"].views.close()
    tracker.close()


@pytest.fixture(scope="module")
def governance(demo_app) -> FlaskClient:
    """A client signed in as the demo's governance user (cleared for OFFICIAL-SENSITIVE)."""
    client = demo_app.test_client()
    sign_in(client, "g.hale")
    return client


# A request as the receive-support-request form and API take it.
NEW_REQUEST = {"marking": "OFFICIAL", "channel": "gateway", "requester": "West Mercia Police",
               "received_on": "2026-11-20", "title": "Covert support", "description": "Needed."}  # fmt: skip


@pytest.fixture
def signed_in(demo_app) -> Callable[[str], FlaskClient]:
    """A client signed in as a demo user."""

    def client_of(username: str) -> FlaskClient:
        client = demo_app.test_client()
        response = sign_in(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return client_of
