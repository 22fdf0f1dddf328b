"""The main journey, in a real browser: report, triage, decide, draft with screening, approve.

Saves inbox.png and draft-editor.png (into docs/ with `make screenshots`).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from safereply.accounts.models import Clinician, Location, Membership, Organization
from safereply.cases import services
from safereply.cases.models import Case

PASSWORD = "correct horse battery"
DISCLOSING = "Hi Nina, we are sorry about your visit on March 3 for your knee surgery."


def person(org, username, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(transactional_db):
    org = Organization.objects.create(name="Riverbend Community Health", phones="555-0100")
    main = Location.objects.create(organization=org, name="Riverbend Main Clinic")
    Location.objects.create(organization=org, name="Eastside Family Health")
    Clinician.objects.create(organization=org, first_name="Maria", last_name="Alvarez", title="Dr.", location=main)
    staff = person(org, "sam.staff", "staff")
    people = {"staff": staff, "rita": person(org, "rita.responder", "responder"),
              "raj": person(org, "raj.responder", "responder")}
    # A few other complaints, so that the inbox looks like a working day.
    for n, (platform, text, days) in enumerate([
        ("yelp", "Dr. Alvares brushed us off. This is malpractice and I have talked to a lawyer.", 0.3),
        ("facebook", "Esperé tres horas para mi cita y nadie me explicó nada.", 3),
        ("healthgrades", "They billed my insurance twice for the same visit.", 6),
    ]):
        services.report_submit(organization=org, reporter=staff, platform=platform,
                               url=f"https://example-{platform}.com/review/{n}", poster_name=f"Poster {n}",
                               post_text=text, reported_at=timezone.now() - dt.timedelta(days=days))
    return org, people


def sign_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(PASSWORD)
    page.get_by_test_id("sign-in").click()
    page.wait_for_load_state()
    return page


@pytest.mark.browser
def test_report_triage_decide_draft_and_approve(chromium, live_server, world, screenshot_dir):
    org, people = world

    # A staff member reports a post and cannot open the inbox.
    page = sign_in(chromium, live_server, "sam.staff")
    page.goto(f"{live_server.url}/report/")
    page.select_option("#id_platform", "google")
    page.fill("#id_url", "https://www.google.com/maps/reviews/nina-42")
    page.fill("#id_poster_name", "Nina P.")
    page.fill("#id_post_text", "Waited two hours for my appointment and nobody told me why.")
    page.get_by_test_id("report-submit").click()
    assert "Please do not reply or comment yourself." in page.get_by_test_id("received").inner_text()
    page.goto(f"{live_server.url}/cases/")
    assert page.get_by_test_id("forbidden").is_visible()
    assert page.get_by_test_id("nav-inbox").count() == 0
    page.context.close()

    case = Case.objects.get(url="https://google.com/maps/reviews/nina-42")

    # A responder triages and decides on a public holding reply.
    page = sign_in(chromium, live_server, "rita.responder")
    assert page.get_by_test_id("inbox").is_visible()
    assert page.get_by_test_id("case-row").count() == 4
    page.screenshot(path=str(screenshot_dir / "inbox.png"), full_page=True)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_test_id("triage-submit").click()
    assert page.get_by_test_id("case-state").inner_text() == "Triaged"
    page.check("input[name=decision][value=holding]")
    page.fill("#id_reason", "A calm holding reply shows we listen; details go private.")
    page.get_by_test_id("decide-submit").click()
    page.get_by_test_id("open-draft").click()

    # Typing a reply that discloses a visit: blocked, with the span highlighted.
    editor = page.get_by_test_id("draft-text")
    editor.fill("")
    editor.press_sequentially(DISCLOSING, delay=5)
    page.wait_for_selector('[data-testid=screening][data-verdict="block"]', timeout=15_000)
    spans = page.get_by_test_id("finding-span")
    assert spans.count() >= 1
    assert any(word in " ".join(spans.all_inner_texts()) for word in ("visit", "March 3", "surgery"))
    page.screenshot(path=str(screenshot_dir / "draft-editor.png"), full_page=True)

    # Switching to the safe alternative clears the block.
    page.get_by_test_id("use-safe-alternative").click()
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=screening]');"
        " return s && s.dataset.verdict !== 'block'; }", timeout=15_000)
    alternative = page.get_by_test_id("draft-text").input_value()
    assert alternative and "March 3" not in alternative and "surgery" not in alternative
    page.get_by_test_id("draft-submit").click()
    assert page.get_by_test_id("case-state").inner_text() == "Awaiting approval"
    page.context.close()

    # A second responder approves.
    page = sign_in(chromium, live_server, "raj.responder")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_test_id("approve").click()
    assert page.get_by_test_id("case-state").inner_text() == "Approved"
    page.context.close()
    case.refresh_from_db()
    assert case.state == "approved" and case.current_draft().text == alternative
