"""Private resolution in a real browser: candidates, confirm, email invitation (received by a
local SMTP server), outcome, grievance, resolution closing the case.

Saves private-resolution.png (into docs/ with `make screenshots`).
"""

from __future__ import annotations

import pytest

from safereply.accounts.models import Clinician, Location, Organization
from safereply.cases import services
from safereply.cases.models import Case
from safereply.patients.services import patients_import
from tests.app.test_private_resolution import smtp_server  # noqa: F401 (fixture)

from .test_journey import person, sign_in

INDEX = (
    "record_number,first_name,last_name,birth_date,phone,email,last_visit,visit_type,clinician,location\n"
    "R-1,Nina,Petrakis,1975-02-14,555-0203,nina.petrakis@example.test,,,Dr. Maria Alvarez,Riverbend Main Clinic\n"
    "R-2,Nina,Park,1988-12-01,555-0204,,,,,\n"
    "R-3,Ming,Chen,1969-05-05,555-0205,,,,,\n"
)


@pytest.fixture
def world(transactional_db):
    org = Organization.objects.create(name="Riverbend Community Health", phones="555-0100")
    main = Location.objects.create(organization=org, name="Riverbend Main Clinic")
    Clinician.objects.create(organization=org, first_name="Maria", last_name="Alvarez", title="Dr.", location=main)
    rita = person(org, "rita.responder", "responder")
    patients_import(organization=org, actor=rita, data=INDEX.encode())
    case = services.report_submit(organization=org, reporter=person(org, "sam.staff", "staff"), platform="google",
                                  url="https://www.google.com/maps/reviews/nina-7", poster_name="Nina Petrakis",
                                  post_text="Dr. Alvarez kept me waiting two hours and never said sorry.").case
    services.case_triage(case=case, actor=rita, category="access", severity="medium")
    services.case_decide(case=case, actor=rita, decision="private", reason="A private conversation first.")
    return org, case


@pytest.mark.browser
def test_identify_invite_and_hand_to_the_complaints_process(chromium, live_server, world, smtp_server,
                                                             screenshot_dir):
    org, case = world
    page = sign_in(chromium, live_server, "rita.responder")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_test_id("private-resolution").click()
    candidates = page.get_by_test_id("candidate")
    assert candidates.count() >= 1
    assert "Nina Petrakis" in candidates.first.inner_text()
    assert "given name exact" in candidates.first.inner_text()
    page.screenshot(path=str(screenshot_dir / "private-resolution.png"), full_page=True)
    assert "Petrakis" not in page.url and "R-1" not in page.url  # no patient data in URLs
    candidates.first.get_by_test_id("confirm-candidate").click()
    assert page.get_by_test_id("patient-name").inner_text() == "Nina Petrakis"

    page.select_option("[data-testid=invite-channel]", "email")
    page.get_by_test_id("invite").click()
    assert "Invitation emailed." in page.get_by_test_id("message").first.inner_text()
    assert len(smtp_server) == 1 and smtp_server[0]["Subject"] == "A message from Riverbend Community Health"

    page.get_by_test_id("mark-answered").click()
    page.get_by_test_id("mark-meeting").click()
    page.select_option("[data-testid=outcome]", "grievance")
    page.get_by_test_id("record-outcome").click()
    assert "Outcome recorded" in page.get_by_test_id("invitation-status").inner_text()

    page.get_by_test_id("grievance-open").click()
    assert page.get_by_test_id("grievance-reference").inner_text().startswith("G-")
    page.get_by_test_id("grievance-acknowledge").click()
    page.get_by_test_id("resolution-letter").fill(
        "Thank you for meeting with us. We have changed how the clinic tells patients about delays.")
    page.get_by_test_id("grievance-resolve").click()
    assert page.get_by_test_id("grievance-status").inner_text().startswith("Resolved")
    case.refresh_from_db()
    assert case.state == "closed"
    page.context.close()
