"""``/readyz``: the database, a real broker, the views' lag and the beat's last tick, as JSON,
200 when ready and 503 when not; public, and telling counts and times only."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta

import pytest

from tests.cast import CastTracker
from tests.web.conftest import make_app
from tracker.cli.demo import load_demo
from tracker.ops.heartbeats import BEAT, record_tick
from tracker.views.failures import Stopped, record_failure


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the probe closes


@pytest.fixture
def demo_store(tmp_path, monkeypatch):
    """A demo store whose views a projector keeps (so their lag counts), with its app."""
    monkeypatch.setenv("TRACKER_PROJECTIONS", "projector")
    monkeypatch.delenv("TRACKER_ENV", raising=False)
    tracker = CastTracker(f"sqlite:///{tmp_path / 'tracker.sqlite'}", create_schema=True)
    load_demo(tracker)
    app = make_app(tracker)
    yield app, tracker
    app.extensions["tracker"].views.close()
    tracker.close()


def readyz(app) -> tuple[int, dict]:
    response = app.test_client().get("/readyz")
    return response.status_code, response.get_json()


def caught_up(app) -> None:
    app.extensions["tracker"].views.catch_up()


def test_ready_with_a_real_broker_views_caught_up_and_a_recent_beat(demo_store, redis, monkeypatch):
    app, _ = demo_store
    monkeypatch.setenv("TRACKER_BROKER_URL", redis.url)
    caught_up(app)
    record_tick(app.extensions["tracker"].views.engine, BEAT, "test:1")
    status, found = readyz(app)
    assert status == 200, found
    assert found["ready"] is True
    checks = found["checks"]
    assert set(checks) == {"database", "broker", "projections", "beat"}
    assert checks["database"]["ok"] and checks["broker"]["ok"]
    assert checks["broker"]["embedded"] is False
    assert checks["projections"] | {"driven_by": "-"} == {
        "ok": True, "lag": 0, "threshold": 1000, "stopped": [], "driven_by": "-"
    }  # fmt: skip
    beat = checks["beat"]
    assert beat["ok"] and beat["required"] and beat["age_seconds"] < 60
    assert datetime.fromisoformat(beat["last_tick"]) > datetime.now(UTC) - timedelta(minutes=1)
    assert beat["threshold"] == 180  # three ticks of the default 60 s scan


def test_a_broker_nobody_answers_is_not_ready_and_its_address_is_not_told(demo_store, monkeypatch):
    app, _ = demo_store
    port = closed_port()
    monkeypatch.setenv("TRACKER_BROKER_URL", f"redis://:secret-password@127.0.0.1:{port}/0")
    caught_up(app)
    record_tick(app.extensions["tracker"].views.engine, BEAT, "test:1")
    status, found = readyz(app)
    assert status == 503
    assert found["ready"] is False
    assert found["checks"]["broker"]["ok"] is False
    assert found["checks"]["database"]["ok"] is True
    said = json.dumps(found)
    assert str(port) not in said and "secret-password" not in said and "127.0.0.1" not in said


def test_views_further_behind_than_the_threshold_are_not_ready_until_caught_up(
    demo_store, redis, monkeypatch
):
    app, tracker = demo_store
    monkeypatch.setenv("TRACKER_BROKER_URL", redis.url)
    monkeypatch.setenv("TRACKER_READY_MAX_LAG", "5")
    record_tick(app.extensions["tracker"].views.engine, BEAT, "test:1")
    status, found = readyz(app)
    assert status == 503
    projections = found["checks"]["projections"]
    assert projections["ok"] is False
    assert projections["lag"] == tracker.position() > 5
    assert projections["threshold"] == 5
    caught_up(app)
    assert readyz(app)[0] == 200


def test_a_stopped_view_is_not_ready_and_its_error_is_not_told(demo_store, redis, monkeypatch):
    app, _ = demo_store
    monkeypatch.setenv("TRACKER_BROKER_URL", redis.url)
    caught_up(app)
    engine = app.extensions["tracker"].views.engine
    record_tick(engine, BEAT, "test:1")
    record_failure(engine, Stopped("item_timeline", 7, "ValueError: Covert support for SR-2"))
    status, found = readyz(app)
    assert status == 503
    assert found["checks"]["projections"]["stopped"] == [
        {"projection": "item_timeline", "position": 7}
    ]
    assert "Covert" not in json.dumps(found)


def test_a_beat_that_never_ticked_or_stopped_ticking_is_not_ready(demo_store, redis, monkeypatch):
    app, _ = demo_store
    monkeypatch.setenv("TRACKER_BROKER_URL", redis.url)
    monkeypatch.setenv("TRACKER_READY_MAX_BEAT_AGE_SECONDS", "30")
    caught_up(app)
    status, found = readyz(app)
    assert status == 503
    assert found["checks"]["beat"] == {
        "ok": False, "required": True, "threshold": 30, "last_tick": None,
        "age_seconds": None, "note": "no beat has ticked yet",
    }  # fmt: skip
    engine = app.extensions["tracker"].views.engine
    record_tick(engine, BEAT, "test:1", now=datetime.now(UTC) - timedelta(seconds=45))
    status, found = readyz(app)
    assert status == 503 and 45 <= found["checks"]["beat"]["age_seconds"] < 60
    record_tick(engine, BEAT, "test:1")
    assert readyz(app)[0] == 200


def test_a_laptop_without_a_beat_is_ready_and_says_no_beat_has_ticked(tmp_path, monkeypatch):
    for name in ("TRACKER_BROKER_URL", "TRACKER_ENV", "TRACKER_PROJECTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'tracker.sqlite'}")
    tracker = CastTracker(create_schema=True)
    load_demo(tracker)
    app = make_app(tracker)
    try:
        status, found = readyz(app)
        assert status == 200, found
        beat = found["checks"]["beat"]
        assert beat["required"] is False and beat["note"] == "no beat has ticked yet"
        assert found["checks"]["broker"]["embedded"] is True
        # Views kept in-process catch up before a page reads: their lag does not count.
        assert found["checks"]["projections"]["driven_by"] == "in-process"
    finally:
        app.extensions["tracker"].views.close()
        tracker.close()


def test_readiness_needs_no_sign_in_and_shows_no_item(demo_store, redis, monkeypatch):
    app, _ = demo_store
    monkeypatch.setenv("TRACKER_BROKER_URL", redis.url)
    caught_up(app)
    response = app.test_client().get("/readyz")
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 503)
    assert response.mimetype == "application/json"
    for leak in ("SR-", "TSK-", "Covert", "g.hale", "sqlite"):
        assert leak not in page


def test_a_threshold_set_wrongly_is_not_ready_naming_the_setting(demo_store, monkeypatch):
    app, _ = demo_store
    monkeypatch.setenv("TRACKER_READY_MAX_LAG", "a lot")
    status, found = readyz(app)
    assert status == 503
    assert found == {"ready": False, "error": "TRACKER_READY_MAX_LAG: 'a lot' is not a number"}
