"""A store written by an earlier main still imports, verifies and rebuilds to the same views."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import select

from events.parties import party_of_old_text
from tests.cast import CastTracker
from tests.integration.test_cli import cli
from tracker.views.catalogue import projections
from tracker.views.projector import Projector

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXPORT = FIXTURES / "export-4f15727.jsonl"
VIEWS = FIXTURES / "views-4f15727.json"
DIGEST_4F15727 = (
    "tracker-digest position=111 "
    "hash=d16949b5e7a2e496eb39aca6aa88d3913ed2d61bdf01b0004e9ba98f9d98a87c "
    "recorded=2026-12-04T15:48:28.670561Z"
)
# Since "one act, one path", a tasking's acceptance and a request's decision are read as
# class_version 2: upcast with the day they were decided (the day they were recorded) and,
# for the tasking, the decision that took it (none, then). The timeline lists what an event
# holds among its details, so these two rows show what was added, and nothing else changed.
UPCAST_DETAILS = {
    ("TaskingAccepted", 16): {"decided_on": "2026-12-04", "decision_reference": ""},
    ("SupportRequestDecided", 26): {"decided_on": "2026-12-04"},
}
# Since debriefs are commissioned, scheduled, held and reported, a debrief opened then is read
# as commissioned and held at once (DebriefOpened version 2), at the hot level for a hot
# debrief and structured for any other, facilitated by its lead; one closed is reported; and
# every learning point of then (and the acceptance that made it) was an issue.
UPCAST_BY_EVENT = {
    "DebriefOpened": lambda details: {
        "level": "hot" if details["kind"] == "hot debrief" else "structured",
        "facilitator": details["lead"],
    },
    "ObservationAccepted": lambda _: {"nature": "issue"},
    "LearningPointIdentified": lambda _: {"nature": "issue"},
    # Since each force's requirements have an owner, those placed then are its SOC lead's.
    "TaskingRequirementsPlaced": lambda details: {"owner": soc_lead_of(details["force"])},
}
RELABELLED = {"DebriefOpened": "Debrief commissioned and held", "DebriefClosed": "Debrief reported"}


def soc_lead_of(force: str) -> str:
    return "post:soc-lead-" + force.lower().replace(" ", "-")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | UUID | Decimal):
        return str(value)
    return value


def rebuilt_views(store_url: str) -> dict[str, list[dict[str, Any]]]:
    """Every view table's rows after a rebuild, in the form the fixture was written."""
    views: dict[str, list[dict[str, Any]]] = {}
    with CastTracker(store_url) as app, Projector(app, projections()) as projector:
        projector.rebuild()
        with projector.engine.connect() as connection:
            for table in (t for p in projections() for t in p.tables):
                rows = [
                    {column: _plain(value) for column, value in row._mapping.items()}
                    for row in connection.execute(select(table))
                ]
                views[table.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return views


# Since people and posts are records, who owns, leads, decides or is reminded is read as a
# party (events.parties): a typed name of a standard post becomes the post, any other name
# stays as it was typed. These are the view columns and event fields that name someone.
PARTY_COLUMNS = ("decision_maker", "lead_officer", "authorised_by", "owner", "validated_by",
                 "last_extension_approver", "recipient")  # fmt: skip
PARTY_DETAILS = (*PARTY_COLUMNS, "approver", "old_owner", "new_owner", "lead")


def as_parties(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return row | {name: party_of_old_text(row[name]) for name in names if name in row}


def in_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


# Events whose forum is known now and was not then: a monitoring review is the HoI-ROCC
# monitoring meeting's.
FORUM_NOW = {"SupportRequestMonitoringReviewed": "HoI-ROCC monitoring meeting"}


def upcast_timeline_row(row: dict[str, Any], found: set[tuple[str, int]]) -> dict[str, Any]:
    details = as_parties(json.loads(row["details"]), PARTY_DETAILS)
    key = (row["event"], row["position"])
    if key in UPCAST_DETAILS:
        details |= UPCAST_DETAILS[key]
        found.add(key)
    if row["event"] == "ReminderSent":
        details["sent_to"] = ""  # version 1 did not record whom it reached
    details |= UPCAST_BY_EVENT.get(row["event"], lambda _: {})(details)
    label = RELABELLED.get(row["event"], row["label"])
    forum = FORUM_NOW.get(row["event"], row["forum"])
    return row | {"details": json.dumps(details, sort_keys=True), "label": label, "forum": forum}


def upcast(views: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The views of 4f15727, with the details the upcast events carry now, and the learning
    log's debriefs and points as those events read now."""
    found: set[tuple[str, int]] = set()
    views = {
        table: [as_parties(row, PARTY_COLUMNS) for row in rows] for table, rows in views.items()
    }
    timeline = [upcast_timeline_row(row, found) for row in views["item_timeline"]]
    assert found == set(UPCAST_DETAILS)
    points = [row | {"nature": "issue"} for row in views["learning_points"]]
    return views | {
        "tasking_board": in_order([tasking_as_read_now(row) for row in views["tasking_board"]]),
        "item_timeline": in_order(timeline),
        "learning_debriefs": in_order(debriefs_as_read_now(views)),
        "learning_points": in_order(points),
        "posts": [],  # posts came later: the store held none
        "forums": [],  # as did forums: the standard ones had no records
    }


REGION = ("West Midlands", "Warwickshire", "West Mercia", "Staffordshire")
NOT_REPORTED = {"status": "not started", "note": "", "evidence": "", "reported_on": None,
                "operations": None, "disruptions": None, "arrests": None}  # fmt: skip


def tasking_as_read_now(row: dict[str, Any]) -> dict[str, Any]:
    """A tasking board row of 4f15727, whose requirements were a list of text per force: each
    force's are now owned by its SOC lead, and (no progress was reported then) not started."""
    then: dict[str, list[str]] = json.loads(row["requirements"])
    now = {
        force: {"force": force, "owner": soc_lead_of(force), "requirements": [
            {"number": number, "text": text, **NOT_REPORTED}
            for number, text in enumerate(texts, start=1)
        ]}
        for force, texts in then.items()
    }  # fmt: skip
    standing = " · ".join(f"{force}: not started" for force in REGION if force in then)
    return row | {"requirements": json.dumps(now, sort_keys=True), "standing": standing}


def debriefs_as_read_now(views: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each debrief's row of 4f15727 with what its DebriefOpened event says (held on its day);
    a debrief closed then has a second row from that position on, reported."""
    events = {(r["item_id"], r["event"]): r for r in views["item_timeline"]}
    rows = []
    for row in views["learning_debriefs"]:
        assert row["valid_to"] is None, "a debrief's row of then changed"  # nothing changed them
        opened = json.loads(events[row["item_id"], "DebriefOpened"]["details"])
        row = row | {
            "state": "held", "kind": opened["kind"], "lead": opened["lead"],
            **UPCAST_BY_EVENT["DebriefOpened"](opened), "scheduled_on": None,
            "held_on": opened["held_on"], "postponed_reason": "",
        }  # fmt: skip
        closed = events.get((row["item_id"], "DebriefClosed"))
        if closed is not None:
            at = closed["position"]
            rows.append(row | {"valid_to": at})
            row = row | {"valid_from": at, "version": closed["version"], "state": "reported"}
        rows.append(row)
    return rows


def imported(store_url: str) -> Any:
    assert cli(store_url, "init").exit_code == 0
    return cli(store_url, "import", str(EXPORT))


def test_the_export_of_4f15727_imports_and_verifies_to_its_digest(store_url):
    result = imported(store_url)
    assert result.exit_code == 0, result.output
    verified = cli(store_url, "verify")
    assert verified.exit_code == 0, verified.output
    assert DIGEST_4F15727 in verified.output
    assert cli(store_url, "digest").output.strip() == DIGEST_4F15727


def test_the_export_of_4f15727_rebuilds_to_the_views_it_had(store_url):
    assert imported(store_url).exit_code == 0
    expected = upcast(json.loads(VIEWS.read_text()))
    rebuilt = rebuilt_views(store_url)
    assert set(rebuilt) == set(expected)
    for table, rows in expected.items():
        assert rebuilt[table] == rows, f"{table} differs from its rows at 4f15727"
