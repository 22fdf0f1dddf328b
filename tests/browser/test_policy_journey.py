"""The policy in a real browser: the builder on first run, counsel's approval, and a staff
member's acknowledgement before anything else.

Saves policy-builder.png, policy-draft.png and policy-acknowledge.png (into docs/ with
`make screenshots`).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from safereply.accounts.models import Location, Membership, Organization
from safereply.policy.models import Acknowledgement, PolicyVersion
from safereply.policy.quiz import QUESTIONS

from .test_journey import sign_in

PASSWORD = "correct horse battery"
DISCLOSING = "Hi Nina, we are sorry about your visit on March 3 for your knee surgery."


def person(org, username, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(transactional_db):
    org = Organization.objects.create(name="Riverbend Community Health", phones="555-0100")
    Location.objects.create(organization=org, name="Riverbend Main Clinic")
    people = {username: person(org, username, role) for username, role in [
        ("ada.admin", "administrator"), ("rita.responder", "responder"), ("maya.risk", "risk_manager"),
        ("colin.counsel", "counsel"), ("sam.staff", "staff")]}
    return org, people


@pytest.mark.browser
def test_builder_counsel_approval_and_staff_acknowledgement(chromium, live_server, world, screenshot_dir):
    org, people = world

    # First run: the administrator is led to the builder.
    page = sign_in(chromium, live_server, "ada.admin")
    page.get_by_test_id("start-draft").click()
    assert page.get_by_test_id("policy-builder").is_visible()
    page.get_by_test_id("responders").get_by_label("rita.responder").check()
    page.select_option("#id_risk_manager", label="maya.risk")
    page.fill("#id_counsel_name", "Colin Counsel")
    page.fill("#id_counsel_contact", "555-0199")

    # An approved text is screened as it is typed, and refused while it does not pass.
    script = page.get_by_test_id("text-phone_script")
    script.fill("")
    script.press_sequentially(DISCLOSING, delay=5)
    page.wait_for_selector('[data-testid=screening-phone_script][data-verdict="block"]', timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "policy-builder.png"), full_page=True)
    page.get_by_test_id("builder-save").click()
    assert page.get_by_test_id("policy-builder").is_visible()
    assert PolicyVersion.objects.get().document["counsel"]["name"] == ""  # nothing saved
    page.fill("#id_phone_script", "Hello, this is the patient relations team. Is now a good time to talk privately?")
    page.get_by_test_id("builder-save").click()
    assert page.get_by_test_id("policy-version").get_attribute("data-status") == "draft"
    page.screenshot(path=str(screenshot_dir / "policy-draft.png"), full_page=True)
    page.context.close()

    # Counsel approves, with a comment.
    page = sign_in(chromium, live_server, "colin.counsel")
    page.goto(f"{live_server.url}/policy/versions/1/")
    page.fill("#id_comment", "Reviewed; approved as drafted.")
    page.get_by_test_id("approve-policy").click()
    version = PolicyVersion.objects.get()
    assert version.status == "effective" and version.counsel_comment == "Reviewed; approved as drafted."
    page.context.close()

    # A staff member must acknowledge before anything else.
    page = sign_in(chromium, live_server, "sam.staff")
    assert page.get_by_test_id("acknowledge").is_visible()
    assert "do not reply" in page.get_by_test_id("staff-rule").inner_text()
    page.goto(f"{live_server.url}/report/")
    assert page.get_by_test_id("acknowledge").is_visible()  # still held here
    questions = page.get_by_test_id("question")
    questions.nth(0).get_by_label("True").check()  # "I may reply if I stay polite": wrong
    for n, question in enumerate(QUESTIONS[1:], start=1):
        questions.nth(n).get_by_label("True" if question.true else "False").check()
    page.get_by_test_id("acknowledge-submit").click()
    assert page.get_by_test_id("wrong").count() == 1
    page.screenshot(path=str(screenshot_dir / "policy-acknowledge.png"), full_page=True)
    page.get_by_test_id("question").nth(0).get_by_label("False").check()
    for n, question in enumerate(QUESTIONS[1:], start=1):
        page.get_by_test_id("question").nth(n).get_by_label("True" if question.true else "False").check()
    page.get_by_test_id("acknowledge-submit").click()
    assert page.get_by_test_id("nav-report").is_visible()
    assert Acknowledgement.objects.filter(user=people["sam.staff"], version=version).exists()
    page.context.close()
