"""The audit trail's pages and exports: search, CSV/JSON/PDF stamped with the digest, verify.

Governance only; an uncleared reader finds nothing sensitive in any of them; what people
typed is shown inert everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask import Flask

from tests.cast import CastTracker
from tests.integration.raw_store import RawStore
from tests.integration.test_store import RECEIPT
from tests.web.conftest import make_app, sign_in
from tests.web.test_access import sensitive_references
from tracker.accounts.commands import RegisterUser
from tracker.cli.demo import load_demo
from tracker.cli.demo_cast import DEBRIEF_LEAD, RTTCG_CHAIR, STAFF
from tracker.cli.demo_users import DEMO_PASSWORD
from tracker.kernel.clock import LONDON
from tracker.service.application import Tracker
from tracker.tasking.commands import PresentTasking, ReceiveTasking

SCRIPT = "<script>alert('audit')</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
FORMATS = ("csv", "json", "pdf")


@pytest.fixture(scope="module")
def audit_tracker(tmp_path_factory) -> Iterator[Tracker]:
    """The demo, a governance reader without OFFICIAL-SENSITIVE clearance, and hostile text."""
    url = f"sqlite:///{tmp_path_factory.mktemp('audit') / 'tracker.sqlite'}"
    tracker = CastTracker(url, create_schema=True)
    load_demo(tracker)
    tracker.handle(RegisterUser(actor="admin", username="g.official", display_name="Gov Official",
                                roles=["governance"], clearance="official",
                                password=DEMO_PASSWORD))  # fmt: skip
    hostile = tracker.handle(ReceiveTasking(actor="r.khan", **(RECEIPT | {"title": SCRIPT})))
    tracker.handle(PresentTasking(actor="r.khan", reference=hostile.reference,
                                  meeting_on="2026-10-20", note=FORMULA))  # fmt: skip
    yield tracker
    tracker.close()


@pytest.fixture(scope="module")
def audit_app(audit_tracker) -> Iterator[Flask]:
    app = make_app(audit_tracker)
    yield app
    app.extensions["tracker"].views.close()


@pytest.fixture
def client_of(audit_app):
    def signed_in(username: str):
        client = audit_app.test_client()
        assert sign_in(client, username).status_code == 302
        return client

    return signed_in


def text_of(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[-500:]
    return response.get_data(as_text=True)


def pdf_text(data: bytes) -> str:
    """The text a PDF draws with its core fonts, from its (deflated) content streams."""
    assert data.startswith(b"%PDF-")
    drawn = []
    # Each stream is read from its start to the end of its deflated data: cutting it at
    # "\r\nendstream" instead would drop a last byte that happens to be "\r", and the page.
    for start in re.finditer(rb"(?<!end)stream\r?\n", data):
        try:
            content = zlib.decompressobj().decompress(data[start.end() :])
        except zlib.error:
            continue
        for text in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content):
            drawn.append(re.sub(rb"\\(.)", rb"\1", text).decode("latin-1"))
    return "\n".join(drawn)


def exported(client, file_type: str, **filters) -> tuple[str, str]:
    """(the digest line the file is stamped with, the file's text)."""
    response = client.get(f"/audit/export.{file_type}", query_string=filters)
    assert response.status_code == 200, response.get_data(as_text=True)[-500:]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    header = response.headers["X-Tracker-Digest"]
    if file_type == "pdf":
        return header, pdf_text(response.data)
    return header, response.get_data(as_text=True)


def rows_of(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)


@pytest.mark.parametrize("username", ["v.ward", STAFF, RTTCG_CHAIR, DEBRIEF_LEAD, "admin"])
def test_only_governance_may_search_export_or_verify(client_of, username):
    client = client_of(username)
    for url in ("/audit", "/audit/verify", *(f"/audit/export.{f}" for f in FORMATS)):
        assert client.get(url).status_code == 403, url


def test_the_search_page_filters_by_event_type_user_item_and_dates(client_of):
    client = client_of("g.hale")
    decisions = rows_of(text_of(client.get("/audit?event=DecisionRecorded")))
    assert decisions and all("<td>Decision recorded</td>" in row for row in decisions)
    by_user = rows_of(text_of(client.get("/audit?user=s.ellis")))
    assert by_user and all("<td>s.ellis</td>" in row for row in by_user)
    by_item = rows_of(text_of(client.get("/audit?item=SR-1")))
    assert by_item and all(">SR-1</a>" in row for row in by_item)
    by_forum = rows_of(text_of(client.get("/audit?forum=RIG")))
    assert len(by_forum) == 1 and "Referred to the RIG" in by_forum[0]
    tomorrow = (datetime.now(LONDON) + timedelta(days=1)).date().isoformat()
    assert "No event matches" in text_of(client.get(f"/audit?from={tomorrow}"))
    everything = rows_of(text_of(client.get("/audit")))
    assert len(everything) == 50 and 'rel="next"' in text_of(client.get("/audit"))


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("from=yesterday", "from: must be a date"),
        ("from=2026-11-02&to=2026-11-01", "to: 2026-11-01 is before from 2026-11-02"),
        ("event=%3Cscript%3E", "event type: the trail records no event called"),
        ("user=" + "x" * 101, "user: is 101 characters long"),
        ("page=0", "page: a whole number"),
    ],
)
def test_bad_search_input_is_refused_with_the_reason(client_of, query, reason):
    client = client_of("g.hale")
    for url in (f"/audit?{query}", *(f"/audit/export.{f}?{query}" for f in FORMATS[:2])):
        if "page=" in query and "export" in url:
            continue  # exports take every page
        response = client.get(url)
        assert response.status_code == 400, url
        assert reason in response.get_data(as_text=True).replace("&#39;", "'"), url


def test_each_export_is_stamped_with_the_digest_it_was_taken_at(client_of, audit_tracker):
    client = client_of("g.hale")
    digest = audit_tracker.digest().line()
    header, text = exported(client, "csv")
    assert header == digest
    assert next(csv.reader(io.StringIO(text))) == ["ROCU tracker audit trail", digest]
    header, text = exported(client, "json", item="SR-1")
    document = json.loads(text)
    assert header == digest == document["digest"]
    assert document["filters"] == {"Item": "SR-1"}
    assert document["count"] == len(document["events"]) > 0
    assert {e["reference"] for e in document["events"]} == {"SR-1"}
    header, text = exported(client, "pdf")
    assert header == digest
    position, chain_hash = re.search(r"position=(\d+) hash=(\w+)", digest).groups()
    assert chain_hash in text and f"position={position}" in text
    assert "Audit trail: governance pack" in text


def test_an_export_follows_the_search(client_of):
    client = client_of("g.hale")
    _, text = exported(client, "csv", event="DecisionRecorded")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows.index(next(r for r in rows if r[:1] == ["position"]))
    assert {row[8] for row in rows[header + 1 :]} == {"Decision recorded"}
    assert ["Filters", "Event type: Decision recorded"] in rows


def test_a_governance_reader_without_clearance_finds_nothing_sensitive_anywhere(
    client_of, audit_tracker
):
    hidden = sensitive_references(audit_tracker)
    assert hidden
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(hidden))) + r")\b")
    for username, should_see in (("g.hale", True), ("g.official", False)):
        client = client_of(username)
        pages = [text_of(client.get("/audit")), text_of(client.get("/audit?page=2"))]
        asked = [rows_of(text_of(client.get(f"/audit?item={ref}"))) for ref in sorted(hidden)]
        assert all(asked) if should_see else not any(asked)  # (the form shows what was typed)
        files = [exported(client, file_type)[1] for file_type in FORMATS]
        for shown in pages + files:
            found = pattern.search(shown)
            if not should_see:
                assert found is None, found.group(0)
        if should_see:  # so the check can fail: the cleared reader's files do name them
            assert [bool(pattern.search(shown)) for shown in files] == [True] * 3
    client = client_of("g.official")
    assert json.loads(exported(client, "json")[1])["marking"] == "OFFICIAL"
    assert "OFFICIAL items only" in exported(client, "csv")[1]


def test_script_typed_into_an_item_is_inert_in_the_page_and_every_export(client_of):
    client = client_of("g.hale")
    page = text_of(client.get("/audit?event=TaskingReceived"))
    assert SCRIPT not in page and "&lt;script&gt;alert(&#39;audit&#39;)&lt;/script&gt;" in page
    _, text = exported(client, "json")
    assert "<script" not in text  # no tag for anything sniffing the file
    titles = [e["details"].get("title") for e in json.loads(text)["events"]]
    assert SCRIPT in titles  # and yet exactly what was typed
    _, text = exported(client, "csv")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells  # the note as a spreadsheet shows it: text, not a formula
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    _, text = exported(client, "pdf")
    assert SCRIPT in text  # drawn as the words typed


def test_the_verification_page_shows_the_result_and_the_current_digest(client_of, audit_tracker):
    client = client_of("g.hale")
    digest = audit_tracker.digest()
    page = text_of(client.get("/audit/verify"))
    assert "Verified: the chain is intact" in page and digest.line() in page
    page = text_of(client.get("/audit/verify", query_string={"digest": digest.line()}))
    assert f"the log still extends the digest at position {digest.position}" in page
    rewritten = digest.line().replace(digest.chain_hash, "0" * 64)
    page = text_of(client.get("/audit/verify", query_string={"digest": rewritten}))
    assert "Verification FAILED" in page and "history up to it was rewritten" in page
    response = client.get("/audit/verify?digest=not+a+digest")
    assert response.status_code == 400 and "not a digest line" in response.get_data(as_text=True)


def test_the_verification_page_reports_a_log_changed_behind_the_trackers_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'tampered.sqlite'}"
    tracker = CastTracker(url, create_schema=True)
    load_demo(tracker)
    position = tracker.handle(ReceiveTasking(actor="ana", **RECEIPT)).position
    raw = RawStore(url)
    raw.drop_triggers()
    raw.modify(position)
    app = make_app(tracker)
    client = app.test_client()
    assert sign_in(client, "g.hale").status_code == 302
    page = text_of(client.get("/audit/verify"))
    assert "Verification FAILED" in page and f"position {position}" in page
    app.extensions["tracker"].views.close()
    tracker.close()
