"""Pages: the inbox, the case page, the draft editor, providers, administrators, errors."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.test import override_settings
from django.utils import timezone

from safereply.cases.models import Case, business_days_after

from .conftest import DISCLOSING_REPLY, SAFE_REPLY


def test_the_inbox_lists_open_cases_of_this_organization_only(client, people, case_in, outsider):
    open_case, closed = case_in("reported"), case_in("closed")
    client.force_login(people["responder"])
    page = client.get("/cases/").content.decode()
    assert f'/cases/{open_case.pk}/' in page and f'/cases/{closed.pk}/' not in page
    client.force_login(outsider)
    assert f'/cases/{open_case.pk}/' not in client.get("/cases/").content.decode()
    assert client.get(f"/cases/{open_case.pk}/").status_code == 404


def test_the_inbox_filters_by_state_platform_severity_and_age(client, people, report_post, case_in):
    yelp = report_post("Rude", platform="yelp").case
    triaged = case_in("triaged", severity="high")
    old = report_post("Slow", reported_at=timezone.now() - dt.timedelta(days=40)).case
    client.force_login(people["responder"])

    def listed(query):
        return {c.pk for c in client.get("/cases/" + query).context["cases"]}

    assert listed("?platform=yelp") == {yelp.pk}
    assert listed("?state=triaged") == {triaged.pk}
    assert listed("?severity=high") == {triaged.pk}
    assert listed("?age=old") == {old.pk}
    assert old.pk not in listed("?age=7")
    assert [c.pk for c in client.get("/cases/?sort=oldest").context["cases"]][0] == old.pk


def test_overdue_cases_are_marked(client, people, report_post):
    report_post("Slow", reported_at=timezone.now() - dt.timedelta(days=10))
    report_post("Just now")
    client.force_login(people["responder"])
    page = client.get("/cases/").content.decode()
    assert page.count('data-testid="overdue"') == 1


@pytest.mark.parametrize("start,days,expected", [
    (dt.datetime(2025, 3, 7, 16, 0), 1, dt.datetime(2025, 3, 10, 16, 0)),  # Friday -> Monday
    (dt.datetime(2025, 3, 4, 9, 0), 1, dt.datetime(2025, 3, 5, 9, 0)),  # Tuesday -> Wednesday
    (dt.datetime(2025, 3, 8, 9, 0), 1, dt.datetime(2025, 3, 10, 9, 0)),  # Saturday -> Monday
])
def test_targets_count_business_days(start, days, expected):
    start = timezone.make_aware(start)
    assert business_days_after(start, days) == timezone.make_aware(expected)


def test_the_triage_target_comes_from_settings(settings, report_post):
    case = report_post("Slow", reported_at=timezone.now() - dt.timedelta(days=2, hours=1))
    settings.SAFEREPLY_TRIAGE_TARGET_DAYS = 10
    assert not case.case.is_overdue()


def test_the_case_page_prefills_the_suggested_triage(client, people, report_post):
    case = report_post("Dr. Alvares misdiagnosed me and I'm calling a lawyer.").case
    client.force_login(people["responder"])
    form = client.get(f"/cases/{case.pk}/").context["triage_form"]
    assert form.initial["severity"] == "egregious" and form.initial["category"] == "clinical"


def test_counsel_reads_cases_but_gets_no_work_forms(client, people, case_in):
    case = case_in("reported")
    client.force_login(people["counsel"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "triage-form" not in page
    assert client.post(f"/cases/{case.pk}/triage/", {"category": "access", "severity": "low",
                                                     "language": "en"}).status_code == 403


def test_the_journey_through_the_pages(client, people, case_in):
    case = case_in("reported")
    client.force_login(people["responder"])
    client.post(f"/cases/{case.pk}/triage/", {"category": "access", "severity": "medium", "language": "en"})
    client.post(f"/cases/{case.pk}/decide/", {"decision": "holding", "reason": "A calm holding reply helps."})
    response = client.post(f"/cases/{case.pk}/draft/", {"text": SAFE_REPLY, "submit": "1"}, follow=True)
    assert "Submitted for approval" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/approve/", follow=True)
    assert "other than the author" in response.content.decode()
    client.force_login(people["responder2"])
    client.post(f"/cases/{case.pk}/approve/")
    client.post(f"/cases/{case.pk}/publish/", {"published_url": "https://g.co/reply/1"})
    case.refresh_from_db()
    assert case.state == "published" and case.published_at


def test_an_illegal_step_explains_what_must_happen_first(client, people, case_in):
    case = case_in("reported")
    client.force_login(people["responder"])
    response = client.post(f"/cases/{case.pk}/decide/", {"decision": "watch", "reason": "Nothing to say."}, follow=True)
    assert "Triage the case first" in response.content.decode()


def test_the_screening_partial_highlights_findings_and_offers_the_alternative(client, people, case_in):
    case = case_in("drafting")
    client.force_login(people["responder"])
    page = client.post(f"/cases/{case.pk}/draft/screen/", {"text": DISCLOSING_REPLY}).content.decode()
    assert 'data-verdict="block"' in page and 'data-testid="finding-span"' in page
    assert 'data-testid="use-safe-alternative"' in page
    used = client.post(f"/cases/{case.pk}/draft/screen/", {"text": "Thank you for reaching out.", "use": "1"})
    assert 'hx-swap-oob="true"' in used.content.decode()


def test_the_editor_uses_a_debounced_htmx_trigger(client, people, case_in):
    case = case_in("drafting")
    client.force_login(people["responder"])
    page = client.get(f"/cases/{case.pk}/draft/").content.decode()
    assert 'hx-trigger="keyup changed delay:400ms"' in page and f"/cases/{case.pk}/draft/screen/" in page
    assert "/static/vendor/htmx.min.js" in page


def test_a_blocked_draft_is_kept_but_not_submitted(client, people, case_in):
    case = case_in("drafting")
    client.force_login(people["responder"])
    response = client.post(f"/cases/{case.pk}/draft/", {"text": DISCLOSING_REPLY, "submit": "1"}, follow=True)
    assert "cannot be submitted" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "drafting" and case.current_draft().text == DISCLOSING_REPLY


def test_providers_see_concerns_naming_them_without_patient_identities(client, people, report_post, org):
    named = report_post("Dr. Alvarez was dismissive.", poster="Patient Polly",
                        url="https://yelp.com/biz/x?hrid=secret").case
    named.clinicians.set([org.clinicians.get(last_name="Alvarez")])
    other = report_post("NP Okafor was late.", poster="Patient Quinn").case
    other.clinicians.set([org.clinicians.get(last_name="Okafor")])
    client.force_login(people["provider"])
    page = client.get("/concerns/").content.decode()
    assert page.count('data-testid="concern-row"') == 1
    for secret in ("Patient Polly", "dismissive", "hrid=secret", "Patient Quinn"):
        assert secret not in page
    assert client.get(f"/cases/{named.pk}/").status_code == 403


def test_administrators_manage_users_without_case_content(client, people, report_post, org):
    report_post("My diabetes was ignored", poster="Patient Polly")
    client.force_login(people["administrator"])
    for path in ("/admin/users/", "/admin/settings/"):
        page = client.get(path).content.decode()
        assert "Patient Polly" not in page and "diabetes" not in page
    client.post("/admin/users/new/", {"username": "newbie", "password": "a long enough pass", "role": "staff"})
    newbie = people["staff"].__class__.objects.get(username="newbie")
    assert newbie.memberships.get().role == "staff"
    assert newbie.password.startswith("md5$")  # the test hasher; real settings use Argon2
    assert client.get("/cases/").status_code == 403


def test_home_sends_each_role_to_its_page(client, people):
    expected = {"staff": "/report/", "responder": "/cases/", "counsel": "/cases/", "provider": "/concerns/",
                "administrator": "/policy/draft/"}  # first run: no policy in force yet
    for role, path in expected.items():
        client.force_login(people[role])
        assert client.get("/")["Location"] == path


def test_error_pages_show_no_data(client, people, case_in):
    case = case_in("reported")
    client.force_login(people["responder"])
    page = client.get("/cases/999999/").content.decode()
    assert "Not found" in page and case.poster_name not in page
    client.force_login(people["staff"])
    assert "Not allowed" in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_server_error_shows_the_plain_500_page(client, people, case_in, monkeypatch):
    case = case_in("reported")
    from safereply.cases import views

    def boom(**kwargs):
        raise RuntimeError(f"exploded with {case.post_text}")

    monkeypatch.setattr(views.services, "case_view", boom)
    client.raise_request_exception = False
    client.force_login(people["responder"])
    response = client.get(f"/cases/{case.pk}/")
    page = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in page and case.post_text not in page


def test_security_headers(client, people):
    client.force_login(people["staff"])
    response = client.get("/report/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_report_link_tokens_are_redacted_from_log_lines(client, org, caplog):
    from safereply.middleware import RedactPathsFilter

    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: %s",
                               (f"/r/{org.report_token}/",), None)
    RedactPathsFilter().filter(record)
    assert org.report_token not in record.getMessage()


def test_a_case_is_shown_to_its_responders_only(client, people, outsider, case_in):
    # Three users, healthchecks style: the responder of the organization, a colleague
    # without case access, and a responder of another organization.
    case = case_in("reported")
    client.force_login(people["responder"])
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    client.force_login(people["staff"])
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/triage/", {"category": "access", "severity": "low",
                                                     "language": "en"}).status_code == 404
    case.refresh_from_db()
    assert case.state == "reported"


def test_a_bad_host_gets_the_plain_400_page(client):
    response = client.get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and "could not be read" in response.content.decode()
