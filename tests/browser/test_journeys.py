"""The journeys of issue 4 in a real browser: each step through the pages, as the right user."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

# The emergency journey's words, so a test can check that no reminder carries them.
EMERGENCY_TITLE = "Covert surveillance for a kidnap in progress"
EMERGENCY_DESCRIPTION = "Victim held; ransom call expected tonight."
EMERGENCY_REASON = "Threat to life; cannot wait for the weekly meeting."
AUTHORISED_BY = "s.ellis"  # who authorised it: a person, as the record names them


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _in_days(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def _submit(page: Page, button: str) -> str:
    """Submit the form; the item page it leads to says what was recorded. Its reference."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    refused = page.locator(".error, [role=alert]").all_inner_texts()
    assert "/items/" in page.url, f"{button} was refused at {page.url}: {refused}"
    expect(page.get_by_text(re.compile(r"Recorded: [A-Z]+-\d+\."))).to_be_visible()
    return page.url.rsplit("/items/", 1)[1].split("?")[0]


def _next_step(page: Page, reference: str, step: str) -> None:
    """From the item's page, follow its next-step link."""
    page.goto(f"/items/{reference}")
    page.get_by_role("list").filter(has_text=step).get_by_role("link", name=step).first.click()
    expect(page.get_by_role("heading", level=1, name=step)).to_be_visible()


def receive_emergency_request(staff: Page) -> str:
    """Staff log a support request that came by the emergency route; its reference."""
    staff.goto("/act/receive-support-request")
    staff.get_by_label("Marking").select_option("OFFICIAL")
    staff.get_by_label("Channel").select_option("emergency route")
    staff.get_by_label("Requester").fill("DI Pat Lowe, Force Major Crime")
    staff.get_by_label("Received on").fill(_today())
    staff.get_by_label("Title").fill(EMERGENCY_TITLE)
    staff.get_by_label("Description").fill(EMERGENCY_DESCRIPTION)
    request = _submit(staff, "Receive support request")
    expect(staff.locator("dl.facts")).to_contain_text("received by emergency route")
    return request


def authorise_emergency_request(head: Page, request: str) -> None:
    """The Head of Intelligence authorises it at once; the weekly meeting must ratify it."""
    _next_step(head, request, "Authorise support request")
    head.get_by_label("Authorised by").fill(AUTHORISED_BY)
    head.get_by_label("Authorised as").select_option("Head of Intelligence")
    head.get_by_label("Authorised at").fill(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"))
    head.get_by_label("Reason").fill(EMERGENCY_REASON)
    assert _submit(head, "Authorise support request") == request


def ratify_with_an_ndm_decision(head: Page, request: str, screenshot) -> str:
    """The weekly meeting's decision, in the NDM's order, ratifies it; the decision's reference."""
    head.goto("/act/record-decision")
    head.get_by_label("Marking").select_option("OFFICIAL")
    head.get_by_label("Forum").select_option("weekly tasking meeting")
    head.get_by_label("Meeting").fill("Weekly tasking meeting")
    head.get_by_label("Decided at").fill(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"))
    head.get_by_label("Decision maker").fill("s.ellis")
    head.get_by_label("Information and intelligence").fill("Kidnap confirmed by the force.")
    head.get_by_label("Threat and risk").fill("High: threat to life of the victim.")
    head.get_by_label("Powers and policy").fill("RIPA Part II directed surveillance.")
    head.get_by_label("Options considered").fill(
        "Force resources only | no covert capability\nDefer to RTTCG | too slow"
    )
    head.get_by_label("Action chosen").fill("Ratify the emergency authorisation.")
    head.get_by_label("Review on").fill(_in_days(28))
    head.get_by_label("Outcome").select_option("approved")
    head.get_by_label("Item this decision is about").fill(request)
    decision = _submit(head, "Record decision")
    assert decision != request, decision

    # The decision is what ratifies the request: there is no second step to take.
    head.goto(f"/items/{request}")
    expect(head.locator("dl.facts")).to_contain_text("monitored")  # ratified, now supported
    expect(head.get_by_role("link", name="Ratify support request")).to_have_count(0)
    timeline = head.locator("ol.timeline > li:not(.reminder)")  # the item's own; not chasers
    expect(timeline).to_have_count(3)
    expect(timeline.nth(0)).to_contain_text("received")
    expect(timeline.nth(1)).to_contain_text("Emergency authorisation given")
    expect(timeline.nth(2)).to_contain_text(re.compile("ratif", re.I))
    expect(timeline.nth(2)).to_contain_text(decision)
    screenshot(head, "timeline")

    head.goto("/boards/support")
    expect(head.get_by_role("link", name=request, exact=True)).to_be_visible()
    screenshot(head, "support-board")
    head.goto("/boards/register")
    expect(head.get_by_role("link", name=decision, exact=True)).to_be_visible()
    expect(head.locator("main")).to_contain_text(request)
    return decision


def test_emergency_support_request_is_authorised_then_ratified_with_an_ndm_decision(
    sign_in, screenshot
):
    request = receive_emergency_request(sign_in("r.khan"))
    head = sign_in("s.ellis")
    authorise_emergency_request(head, request)
    ratify_with_an_ndm_decision(head, request, screenshot)


def test_debrief_observation_becomes_a_lesson_learned_through_a_validated_action(
    sign_in, screenshot
):
    lead = sign_in("j.owens")
    lead.goto("/act/open-debrief")
    lead.get_by_label("Marking").select_option("OFFICIAL")
    lead.get_by_label("Kind").select_option("hot debrief")
    lead.get_by_label("Title").fill("Hot debrief: county lines warrant day")
    lead.get_by_label("Of what").fill("Operation Larch warrant day")
    lead.get_by_label("Lead").fill("j.owens")
    lead.get_by_label("Held on").fill(_today())
    debrief = _submit(lead, "Open debrief")

    _next_step(lead, debrief, "Record observation")
    lead.get_by_label("Text").fill("Only one trained loggist was available all day.")
    assert _submit(lead, "Record observation") == debrief

    _next_step(lead, debrief, "Accept observation")
    lead.get_by_label("Number").fill("1")
    lead.get_by_label("Theme").select_option("resilience of key roles")
    lead.get_by_label("Text").fill("Train a second loggist for each operation")
    point = _submit(lead, "Accept observation")
    assert point.startswith("LP-"), point

    lead.get_by_role("link", name=f"Raise learning action (learning point {point})").click()
    expect(lead.get_by_label("Learning point")).to_have_value(point)  # filled in from the link
    lead.get_by_label("Description").fill("Train and accredit a second loggist")
    lead.get_by_label("Owner").fill("j.owens")
    lead.get_by_label("Due on").fill(_in_days(30))
    lead.get_by_label("Overseeing board").select_option("Gold recovery board")
    action = _submit(lead, "Raise learning action")
    assert action.startswith("LA-"), action

    _next_step(lead, action, "Note learning action progress")
    lead.get_by_label("Note").fill("Course booked for two officers.")
    assert _submit(lead, "Note learning action progress") == action

    _next_step(lead, action, "Extend learning action due date")
    lead.get_by_label("New due on").fill(_in_days(60))
    lead.get_by_label("Approver").fill("acc.morgan")
    lead.get_by_label("Reason").fill("The course runs next quarter.")
    assert _submit(lead, "Extend learning action due date") == action

    _next_step(lead, action, "Implement learning action")
    lead.get_by_label("Evidence").fill("Accreditation certificates for both loggists, ref TR/118.")
    assert _submit(lead, "Implement learning action") == action

    # The owner, who implemented it, is not offered validation, and is refused it if she asks.
    lead.goto(f"/items/{action}")
    expect(lead.get_by_role("link", name="Validate learning action")).to_have_count(0)
    refused = lead.goto(f"/act/validate-learning-action?reference={action}")
    assert refused is not None and refused.status == 403

    gold = sign_in("acc.morgan")  # who sits on the Gold recovery board that oversees it
    _next_step(gold, action, "Validate learning action")
    expect(gold.get_by_label("Validated by")).to_have_count(0)  # whoever validates, by name
    gold.get_by_label("Note").fill("Seen both loggists deployed on Operation Birch.")
    assert _submit(gold, "Validate learning action") == action
    steps = gold.locator("ol.timeline > li h3")
    expect(steps).to_have_text(
        [re.compile(p, re.I) for p in ("raised", "progress", "extended", "implemented", "valid")]
    )
    expect(gold.locator("ol.timeline")).to_contain_text("TR/118")  # the evidence, kept
    expect(gold.locator("ol.timeline > li").last).to_contain_text("acc.morgan")

    lead.goto(f"/items/{point}")
    expect(lead.locator("dl.facts")).to_contain_text("learned")
    expect(lead.locator("ol.timeline > li h3").last).to_have_text("Lesson learned")
    screenshot(lead, "lesson-learned")


BOARDS = ("support", "register", "learning", "debriefs", "tasking")


def _references_on_boards(page: Page, sensitive_only: bool) -> set[str]:
    """References in the boards' rows (only those marked OFFICIAL-SENSITIVE, if asked)."""
    found: set[str] = set()
    for board in BOARDS:
        page.goto(f"/boards/{board}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for row in page.locator("main table tbody tr").all():
            if sensitive_only and "OFFICIAL-SENSITIVE" not in row.inner_text():
                continue
            found.update(re.findall(r"\b[A-Z]{1,4}-\d+\b", row.inner_text()))
    return found


def test_viewer_without_sensitive_clearance_never_sees_a_sensitive_item(sign_in, screenshot):
    cleared = sign_in("g.hale")
    sensitive = _references_on_boards(cleared, sensitive_only=True)
    assert "SR-2" in sensitive, sensitive  # the demo's emergency request is sensitive

    viewer = sign_in("v.ward")
    shown = _references_on_boards(viewer, sensitive_only=False)
    assert shown, "the viewer sees the OFFICIAL items"
    assert not shown & sensitive, f"sensitive items on the viewer's boards: {shown & sensitive}"
    screenshot(viewer, "viewer-learning-board")

    viewer.goto("/boards/support")
    for select in viewer.locator("main form select:not(#sort)").all():  # every filter choice
        name = select.get_attribute("name")
        for option in [o for o in select.locator("option").all_inner_texts() if o.strip()]:
            viewer.goto(f"/boards/support?{name}={option}")
            text = viewer.locator("main").inner_text()
            assert not set(re.findall(r"\b[A-Z]{1,4}-\d+\b", text)) & sensitive, option

    for reference in sorted(sensitive):
        answer = viewer.goto(f"/items/{reference}")
        assert answer is not None and answer.status == 404, (reference, answer)
        expect(viewer.locator("main")).to_contain_text(re.compile("no such item", re.I))
        expect(viewer.locator("main")).not_to_contain_text("OFFICIAL-SENSITIVE")

    # The JSON API, with a token the viewer makes on their account page.
    viewer.goto("/account/")
    viewer.get_by_label("What the token is for").fill("browser test")
    viewer.get_by_role("button", name="Make a token").click()
    token = viewer.locator("code.token").inner_text().strip()
    api = {"Authorization": f"Bearer {token}"}
    for reference in sorted(sensitive):
        answer = viewer.request.get(f"/api/v1/items/{reference}", headers=api)
        assert answer.status == 404, (reference, answer.status)
    for board in BOARDS:
        answer = viewer.request.get(f"/api/v1/boards/{board}", headers=api)
        assert answer.ok, (board, answer.status)
        listed = set(re.findall(r"\b[A-Z]{1,4}-\d+\b", answer.text()))
        assert not listed & sensitive, (board, listed & sensitive)

    # The audit trail's exports are for governance only: the viewer is refused.
    for export in ("/audit", "/audit/export.csv"):
        answer = viewer.request.get(export)
        assert answer.status in (403, 404), (export, answer.status)


def test_governance_user_filters_the_audit_trail_exports_it_and_sees_it_verified(
    sign_in, screenshot, artefacts
):
    governance = sign_in("g.hale")
    governance.get_by_role("link", name="Audit trail").first.click()
    expect(governance.get_by_role("heading", level=1, name="Audit trail")).to_be_visible()
    governance.get_by_label("Item").fill("SR-1")
    governance.get_by_role("button", name="Search").click()
    governance.wait_for_url(re.compile(r"item=SR-1"))
    rows = governance.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    for row in rows.all_inner_texts():
        assert "SR-1" in row, row
    screenshot(governance, "audit-trail")

    for link, suffix in (("CSV", ".csv"), ("PDF governance pack", ".pdf")):
        with governance.expect_download() as downloading:
            governance.get_by_role("link", name=link, exact=True).click()
        download = downloading.value
        assert download.suggested_filename.endswith(suffix), download.suggested_filename
        saved = artefacts / f"audit-export{suffix}"
        download.save_as(saved)
        content = saved.read_bytes()
        if suffix == ".csv":
            assert b"SR-1" in content and b"tracker-digest" in content, content[:300]
        else:
            assert content.startswith(b"%PDF"), content[:20]

    governance.get_by_role("link", name="Verify the chain").first.click()
    expect(governance.get_by_role("status")).to_contain_text("Verified: the chain is intact.")
    screenshot(governance, "audit-verified")


def test_sign_in_page_and_a_refused_form_keep_what_was_typed_with_the_error_beside_the_field(
    browser, base_url, sign_in, screenshot
):
    anonymous = browser.new_page(base_url=base_url, locale="en-GB")
    anonymous.goto("/")
    expect(anonymous.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    screenshot(anonymous, "sign-in")
    anonymous.close()

    staff = sign_in("r.khan")
    staff.goto("/act/receive-support-request")
    staff.get_by_label("Requester").fill("DI Pat Lowe")
    staff.get_by_role("button", name="Receive support request").click()
    title = staff.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    error = staff.locator(f"#{title.get_attribute('aria-describedby')}")
    expect(error).to_have_text("This field is required.")
    expect(staff.get_by_label("Requester")).to_have_value("DI Pat Lowe")  # kept
    screenshot(staff, "form-error")
