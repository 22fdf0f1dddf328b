"""Provider support in a real browser: a responder confirms the clinician named, the clinician
writes privately and asks for a meeting, the risk manager schedules it with counsel and opens
the packet, counsel records the outcome, the clinician acknowledges and later hears it subsided.

Saves provider-concern.png and meeting-packet.png (into docs/ with `make screenshots`).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from safereply.accounts.models import Clinician, Location, Membership, Organization
from safereply.cases import services as case_services
from safereply.providers.models import Concern

from .test_journey import sign_in

PASSWORD = "correct horse battery"
POST = "Dr. Alvares misdiagnosed my daughter and brushed us off. I have already talked to a lawyer."


@pytest.fixture
def world(transactional_db):
    org = Organization.objects.create(name="Riverbend Community Health", phones="555-0100")
    main = Location.objects.create(organization=org, name="Riverbend Main Clinic")
    people = {}
    for username, role in [("rita.responder", "responder"), ("maya.risk", "risk_manager"),
                           ("colin.counsel", "counsel"), ("dr.alvarez", "provider"), ("sam.staff", "staff")]:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                    email=f"{username}@riverbend.example")
        Membership.objects.create(user=user, organization=org, role=role)
        people[username] = user
    Clinician.objects.create(organization=org, first_name="Maria", last_name="Alvarez", title="Dr.",
                             location=main, user=people["dr.alvarez"])
    case = case_services.report_submit(organization=org, reporter=people["sam.staff"], platform="yelp",
                                       url="https://www.yelp.com/biz/riverbend?hrid=A1", poster_name="Tony R.",
                                       post_text=POST).case
    return org, people, case


def _no_csp_errors(page, errors):
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)


@pytest.mark.browser
def test_named_clinician_meets_counsel_and_accepts_no_public_response(chromium, live_server, world, screenshot_dir):
    org, people, case = world
    csp_errors: list[str] = []

    # A responder confirms the match the matcher suggested on the case page.
    page = sign_in(chromium, live_server, "rita.responder")
    _no_csp_errors(page, csp_errors)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    row = page.get_by_test_id("mention-row")
    assert "Dr. Alvares" in row.inner_text() and "Dr. Maria Alvarez" in row.inner_text()
    page.get_by_test_id("mention-confirm").click()
    assert page.get_by_test_id("mention-concern").is_visible()
    concern = Concern.objects.get()
    page.context.close()

    # The clinician sees the post and the case's state, never the poster; writes and asks for a meeting.
    page = sign_in(chromium, live_server, "dr.alvarez")
    _no_csp_errors(page, csp_errors)
    page.get_by_test_id("nav-provider-concerns").click()
    assert page.get_by_test_id("notice").count() == 1
    page.get_by_test_id("provider-concern-row").get_by_role("link").click()
    assert "talked to a lawyer" in page.get_by_test_id("concern-post").inner_text()
    assert "Tony R." not in page.content()
    page.fill("#id_note", "This is unfair: I did everything right and I cannot say so.")
    page.get_by_test_id("request-meeting").click()
    assert "Meeting requested" in page.get_by_test_id("message").inner_text()
    page.screenshot(path=str(screenshot_dir / "provider-concern.png"), full_page=True)
    page.context.close()

    # The risk manager schedules the meeting with counsel and opens the packet.
    page = sign_in(chromium, live_server, "maya.risk")
    _no_csp_errors(page, csp_errors)
    page.goto(f"{live_server.url}/provider-concerns/{concern.pk}/")
    assert "I cannot say so" in page.get_by_test_id("clinician-note").inner_text()
    page.get_by_test_id("schedule-link").click()
    page.fill("#id_starts_at", "2030-03-04T10:00")
    page.fill("#id_minutes", "45")
    page.fill("#id_video_link", "https://meet.example/riverbend-1")
    page.get_by_test_id("schedule-save").click()
    assert page.get_by_test_id("concern-state").inner_text() == "Meeting scheduled"
    assert "colin.counsel" in page.get_by_test_id("meeting").inner_text()
    page.get_by_test_id("packet-link").click()
    assert page.get_by_test_id("packet-chart").locator("svg circle").count() >= 8
    assert "Elite Dental Associates" in page.get_by_test_id("enforcement-table").inner_text()
    page.screenshot(path=str(screenshot_dir / "meeting-packet.png"), full_page=True)
    pdf = page.request.get(live_server.url + page.get_by_test_id("packet-pdf").first.get_attribute("href"))
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    page.context.close()

    # Counsel records the outcome.
    page = sign_in(chromium, live_server, "colin.counsel")
    _no_csp_errors(page, csp_errors)
    page.goto(f"{live_server.url}/provider-concerns/{concern.pk}/")
    page.check("input[name=outcome][value=no_public_response]")
    page.get_by_test_id("outcome-save").click()
    assert "acknowledge" in page.get_by_test_id("message").inner_text()
    page.context.close()

    # The clinician acknowledges; the concern closes.
    page = sign_in(chromium, live_server, "dr.alvarez")
    page.goto(f"{live_server.url}/provider-concerns/{concern.pk}/")
    assert "No public response" in page.get_by_test_id("outcome").inner_text()
    page.get_by_test_id("acknowledge").click()
    assert page.get_by_test_id("concern-state").inner_text() == "Closed"
    page.context.close()

    # Later the risk manager tells the clinician the complaint has subsided.
    page = sign_in(chromium, live_server, "maya.risk")
    page.goto(f"{live_server.url}/provider-concerns/{concern.pk}/")
    page.get_by_test_id("follow-up-subsided").click()
    page.context.close()
    page = sign_in(chromium, live_server, "dr.alvarez")
    page.goto(f"{live_server.url}/provider-concerns/{concern.pk}/")
    assert "has subsided" in page.get_by_test_id("concern-follow-up").inner_text()
    page.context.close()
    assert csp_errors == []
