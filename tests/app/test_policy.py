"""The policy: builder, counsel's approval, versions, acknowledgement, and what it enforces."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from safereply.audit.models import AuditEntry
from safereply.cases import services as case_services
from safereply.cases.models import Case
from safereply.cases.screener import reply_screen
from safereply.errors import SafeReplyError
from safereply.policy import services
from safereply.policy.document import document_default, document_text
from safereply.policy.models import Acknowledgement, Reminder
from safereply.policy.quiz import QUESTIONS

from .conftest import DISCLOSING_REPLY, SAFE_REPLY

CORRECT = {n: q.true for n, q in enumerate(QUESTIONS)}
POLICY_HOLDING = ("Thank you for sharing this. We take every concern seriously and cannot discuss anyone's care "
                  "in public. Please call our patient relations team at 555-0100 so we can talk privately.")


def _document(org, people, **changes):
    document = document_default(org)
    document.update({
        "responders": [people["responder"].pk], "backups": [], "risk_manager": people["risk_manager"].pk,
        "counsel": {"name": "Carla Counsel", "contact": "555-0199"},
    })
    document["texts"]["holding_reply"] = POLICY_HOLDING
    document.update(changes)
    return document


@pytest.fixture
def make_effective(org, people):
    def build(acknowledge=True, **changes):
        draft = services.policy_create_draft(organization=org, actor=people["administrator"])
        services.policy_update_draft(version=draft, actor=people["administrator"],
                                     document=_document(org, people, **changes))
        version = services.policy_approve(version=draft, actor=people["counsel"], comment="Approved as drafted.")
        if acknowledge:
            for user in people.values():
                services.policy_acknowledge(version=version, user=user, answers=CORRECT)
        return version

    return build


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_first_run_leads_administrators_to_the_builder_and_the_inbox_says_no_policy(client, people):
    client.force_login(people["administrator"])
    assert client.get("/")["Location"] == "/policy/draft/"
    assert 'data-testid="start-draft"' in client.get("/policy/draft/").content.decode()
    client.force_login(people["responder"])
    assert "No policy in force yet" in client.get("/cases/").content.decode()


def test_a_draft_is_refused_while_an_approved_text_does_not_pass_screening(org, people):
    draft = services.policy_create_draft(organization=org, actor=people["administrator"])
    document = _document(org, people)
    document["texts"]["holding_reply"] = DISCLOSING_REPLY
    with pytest.raises(SafeReplyError) as refused:
        services.policy_update_draft(version=draft, actor=people["administrator"], document=document)
    assert "holding_reply" in refused.value.details
    draft.refresh_from_db()
    assert draft.document["texts"]["holding_reply"] != DISCLOSING_REPLY


def test_a_draft_needs_responders_a_risk_manager_and_counsel(org, people):
    draft = services.policy_create_draft(organization=org, actor=people["administrator"])
    with pytest.raises(SafeReplyError) as refused:
        services.policy_update_draft(version=draft, actor=people["administrator"], document=document_default(org))
    assert {"responders", "risk_manager", "counsel"} <= set(refused.value.details)
    staff_as_responder = _document(org, people, responders=[people["staff"].pk])
    with pytest.raises(SafeReplyError):
        services.policy_update_draft(version=draft, actor=people["administrator"], document=staff_as_responder)


def test_the_builder_screens_each_text_as_it_is_edited(client, org, people):
    services.policy_create_draft(organization=org, actor=people["administrator"])
    client.force_login(people["administrator"])
    page = client.post("/policy/draft/screen/", {"phone_script": DISCLOSING_REPLY}).content.decode()
    assert 'data-verdict="block"' in page and "SafeReply does not give legal advice" in page
    assert 'data-verdict="pass"' in client.post("/policy/draft/screen/", {"phone_script": SAFE_REPLY}).content.decode()


def test_only_counsel_approves_and_the_audit_log_keeps_the_comment(org, people, make_effective):
    draft = services.policy_create_draft(organization=org, actor=people["administrator"])
    services.policy_update_draft(version=draft, actor=people["administrator"], document=_document(org, people))
    for role in ("administrator", "responder", "risk_manager"):
        with pytest.raises(SafeReplyError):
            services.policy_approve(version=draft, actor=people[role], comment="Looks fine to me.")
    with pytest.raises(SafeReplyError):
        services.policy_approve(version=draft, actor=people["counsel"], comment="")
    first = services.policy_approve(version=draft, actor=people["counsel"], comment="Reviewed with the board.")
    assert first.status == "effective" and first.effective_at and first.approved_by == people["counsel"]
    entry = AuditEntry.objects.filter(action="policy.approved").get()
    assert entry.data["counsel_comment"] == "Reviewed with the board." and entry.actor_id == people["counsel"].pk

    second = services.policy_create_draft(organization=org, actor=people["risk_manager"])
    services.policy_update_draft(version=second, actor=people["risk_manager"],
                                 document=_document(org, people, retention_days=3650))
    services.policy_approve(version=second, actor=people["counsel"], comment="Longer retention is fine.")
    first.refresh_from_db()
    assert first.status == "superseded" and services.policy_effective(org).number == 2


def test_previous_versions_stay_readable_and_the_differences_can_be_shown(client, org, people, make_effective):
    make_effective()
    draft = services.policy_create_draft(organization=org, actor=people["administrator"])
    services.policy_update_draft(version=draft, actor=people["administrator"],
                                 document=_document(org, people, retention_days=3650))
    client.force_login(people["counsel"])
    assert "2190 days" in client.get("/policy/versions/1/").content.decode()
    diff = client.get("/policy/versions/diff/?a=1&b=2").content.decode()
    assert "-Screenshots, reports and the record of each decision are kept for 2190 days" in diff
    assert "+Screenshots, reports and the record of each decision are kept for 3650 days" in diff


def test_drafts_are_not_shown_to_staff(client, org, people, make_effective):
    make_effective()
    services.policy_create_draft(organization=org, actor=people["administrator"])
    client.force_login(people["staff"])
    assert client.get("/policy/versions/1/").status_code == 200
    assert client.get("/policy/versions/2/").status_code == 404
    assert client.get("/policy/versions/2/pdf/").status_code == 404


def test_everyone_acknowledges_the_effective_version_before_anything_else(client, org, people, make_effective):
    version = make_effective(acknowledge=False)
    client.force_login(people["responder"])
    assert client.get("/cases/")["Location"] == "/policy/acknowledge/"
    assert client.get("/policy/").status_code == 200  # the policy itself stays readable
    wrong = {f"q{n}": "true" for n in range(len(QUESTIONS))}
    response = client.post("/policy/acknowledge/", wrong)
    assert response.status_code == 400 and 'data-testid="wrong"' in response.content.decode()
    assert client.get("/cases/").status_code == 302
    right = {f"q{n}": "true" if q.true else "false" for n, q in enumerate(QUESTIONS)}
    assert client.post("/policy/acknowledge/", right).status_code == 302
    assert client.get("/cases/").status_code == 200
    assert Acknowledgement.objects.filter(version=version, user=people["responder"]).exists()
    assert AuditEntry.objects.filter(action="policy.acknowledged", actor_id=people["responder"].pk).exists()


def test_the_quiz_refuses_the_polite_reply(org, people, make_effective):
    version = make_effective(acknowledge=False)
    polite_reply_allowed = {**CORRECT, 0: True}
    with pytest.raises(SafeReplyError) as refused:
        services.policy_acknowledge(version=version, user=people["staff"], answers=polite_reply_allowed)
    assert refused.value.details["wrong"] == [0]


def test_administrators_see_who_has_acknowledged_and_send_reminders(client, org, people, make_effective,
                                                                   django_capture_on_commit_callbacks):
    version = make_effective(acknowledge=False)
    services.policy_acknowledge(version=version, user=people["administrator"], answers=CORRECT)
    people["staff"].email = "sam@example.org"
    people["staff"].save()
    client.force_login(people["administrator"])
    page = client.get("/policy/acknowledgements/").content.decode()
    assert page.count('data-acknowledged="no"') == len(people) - 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/policy/acknowledgements/remind/")
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert "do not reply" in mail.outbox[0].body
    assert Reminder.objects.filter(version=version, user=people["staff"]).count() == 1
    assert AuditEntry.objects.filter(action="policy.reminders_sent").get().data["sent"] == 1


def test_only_the_designated_responders_draft_and_approve(org, people, case_in, make_effective):
    make_effective()  # names "responder" only; "responder2" holds the role but is not designated
    case = case_in("drafting")
    with pytest.raises(SafeReplyError) as refused:
        case_services.draft_save(case=case, actor=people["responder2"], text=SAFE_REPLY)
    assert refused.value.code == "not_designated"
    case_services.draft_save(case=case, actor=people["responder"], text=SAFE_REPLY)
    case_services.draft_submit(case=case, actor=people["responder"])
    with pytest.raises(SafeReplyError):
        case_services.draft_approve(case=case, actor=people["responder2"])
    case_services.draft_approve(case=case, actor=people["risk_manager"])
    case.refresh_from_db()
    assert case.state == "approved"
    with pytest.raises(SafeReplyError):
        case_services.case_publish(case=case, actor=people["responder2"], published_url="https://g.co/r/1")
    case_services.case_publish(case=case, actor=people["responder"], published_url="https://g.co/r/1")


def test_posts_naming_a_clinician_need_the_risk_manager(org, people, case_in, make_effective):
    make_effective(responders=[people["responder"].pk, people["responder2"].pk])
    case = case_in("drafting")
    case.clinicians.set([org.clinicians.first()])
    case_services.draft_save(case=case, actor=people["responder"], text=SAFE_REPLY)
    case_services.draft_submit(case=case, actor=people["responder"])
    case_services.draft_approve(case=case, actor=people["responder2"])
    assert case_services.approvals_missing(case, case.current_draft()) == [
        "approval by the risk manager (the post names a clinician)"]
    case_services.draft_approve(case=case, actor=people["risk_manager"])
    case.refresh_from_db()
    assert case.state == "approved"


def test_egregious_cases_go_to_counsel_unless_the_policy_says_otherwise(org, people, case_in, make_effective):
    make_effective(responders=[people["responder"].pk, people["responder2"].pk],
                   escalation={"egregious_to_counsel": False, "clinician_to_risk_manager": False})
    case = case_in("awaiting_approval", severity="egregious")
    case_services.draft_approve(case=case, actor=people["responder2"])  # one responder's approval suffices
    case.refresh_from_db()
    assert case.state == "approved"


def test_response_targets_come_from_the_policy(client, org, people, report_post, make_effective):
    case = report_post("Slow", reported_at=timezone.now() - dt.timedelta(days=3)).case
    assert case.is_overdue()  # the default: one business day
    make_effective(targets={"triage": 10, "decision": 2, "outreach": 3, "approval": 1})
    assert not Case.objects.get(pk=case.pk).is_overdue()
    client.force_login(people["responder"])
    page = client.get("/cases/").content.decode()
    assert 'data-testid="overdue"' not in page and "No policy in force yet" not in page


def test_the_holding_reply_of_the_policy_feeds_the_safe_alternative(org, people, case_in, make_effective):
    make_effective()
    case = case_in("drafting")
    result = reply_screen(text=DISCLOSING_REPLY, organization=org, case=case)
    assert result.verdict.value == "block" and POLICY_HOLDING in result.safe_alternative


def test_the_policy_pdf_states_the_rule_version_and_counsel(client, org, people, make_effective):
    make_effective()
    client.force_login(people["staff"])
    response = client.get("/policy/versions/1/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "If you see a complaint about us online: do not reply" in text
    assert "Policy version 1, effective" in text and "Riverbend" in text and "Carla Counsel" in text
    assert "SafeReply does not give legal advice" in text
    assert "555-0100" in text  # the organization's own number, in the approved wording


def test_the_staff_notice_pdf_says_do_not_reply_and_where_to_report(client, org, people, make_effective):
    make_effective()
    client.force_login(people["administrator"])
    response = client.get("/policy/notice.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = _pdf_text(response.content)
    assert "Do not reply." in text and "Report it here." in text
    assert f"/r/{org.report_token}/" in text.replace(" ", "")
    assert "SafeReply does not give legal advice" in text
    assert reader.pages[0].images  # the QR code


def test_the_screening_panel_says_it_is_not_legal_advice(client, people, case_in):
    case = case_in("drafting")
    client.force_login(people["responder"])
    page = client.post(f"/cases/{case.pk}/draft/screen/", {"text": DISCLOSING_REPLY}).content.decode()
    assert "SafeReply does not give legal advice" in page


def test_the_demo_seed_has_an_effective_policy_and_runs_twice(db):
    from django.core.management import call_command

    from safereply.accounts.models import Organization

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    organization = Organization.objects.get(name="Riverbend Community Health")
    version = services.policy_effective(organization)
    assert version.number == 1 and version.approved_by.username == "colin.counsel"
    assert version.acknowledgements.count() == 7


def test_the_designated_responders_may_be_a_group(org, people, case_in, make_effective):
    make_effective(responders=[], responder_group=True)
    case = case_in("awaiting_approval")
    case_services.draft_approve(case=case, actor=people["responder2"])  # holds the role: in the group
    case.refresh_from_db()
    assert case.state == "approved"


def test_with_a_policy_in_force_the_settings_page_leaves_the_holding_reply_to_it(client, people, make_effective):
    client.force_login(people["administrator"])
    assert 'name="holding_reply"' in client.get("/admin/settings/").content.decode()
    make_effective()
    page = client.get("/admin/settings/").content.decode()
    assert 'name="holding_reply"' not in page and 'data-testid="policy-owns-texts"' in page


def test_an_api_token_of_someone_who_has_not_acknowledged_is_held_too(client, people, make_effective):
    from safereply.accounts.services import api_token_create

    version = make_effective(acknowledge=False)
    _, raw = api_token_create(user=people["responder"], name="t")
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.get("/api/cases", headers=headers)
    assert response.status_code == 403 and "acknowledge policy version 1" in response.json()["detail"]
    services.policy_acknowledge(version=version, user=people["responder"], answers=CORRECT)
    assert client.get("/api/cases", headers=headers).status_code == 200


def test_counsel_compares_a_draft_with_the_version_in_force(client, org, people, make_effective):
    make_effective()
    services.policy_create_draft(organization=org, actor=people["administrator"])
    client.force_login(people["counsel"])
    page = client.get("/policy/versions/2/").content.decode()
    assert "/policy/versions/diff/?a=1&amp;b=2" in page and 'data-testid="approve-policy"' in page
    diff = client.get("/policy/versions/diff/?a=1&b=2").content.decode()
    assert "+Policy version 2 (draft, not in force)." in diff


def test_egregious_complaints_are_escalated_to_counsel_first(org, people, case_in, make_effective):
    make_effective()
    case = case_in("triaged", severity="egregious")
    with pytest.raises(SafeReplyError) as refused:
        case_services.case_decide(case=case, actor=people["responder"], decision="holding",
                                  reason="A holding reply seems enough here.")
    assert refused.value.code == "escalation_required"
    case_services.case_decide(case=case, actor=people["responder"], decision="counsel",
                              reason="Threat of legal action: counsel first.")
    case_services.case_decide(case=case, actor=people["responder"], decision="holding",
                              reason="Counsel advised a short holding reply.")
    case.refresh_from_db()
    assert case.state == "drafting"


def test_outreach_cases_show_the_approved_private_wording(client, org, people, case_in, make_effective):
    make_effective()
    case = case_in("outreach")
    client.force_login(people["responder"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="outreach-texts"' in page and "Phone script" in page


def test_api_screening_results_carry_the_legal_notice(client, people):
    from safereply.accounts.services import api_token_create

    _, raw = api_token_create(user=people["responder"], name="t")
    result = client.post("/api/screen", {"text": SAFE_REPLY}, content_type="application/json",
                         headers={"Authorization": f"Bearer {raw}"}).json()
    assert "does not give legal advice" in result["legal_notice"]


def test_targets_may_be_counted_in_business_hours(org, people, report_post, make_effective):
    tuesday_morning = timezone.make_aware(dt.datetime(2025, 3, 4, 10, 0))
    case = report_post("Slow", reported_at=tuesday_morning).case
    make_effective(targets={"triage": 4, "decision": 8, "outreach": 24, "approval": 8, "unit": "hours"})
    case = Case.objects.get(pk=case.pk)
    assert case.due_at() == tuesday_morning + dt.timedelta(hours=4)
    assert "within 4 business hours" in document_text(services.policy_effective(org))


def test_business_hours_skip_the_weekend():
    from safereply.cases.models import business_hours_after

    friday_evening = timezone.make_aware(dt.datetime(2025, 3, 7, 22, 0))
    assert business_hours_after(friday_evening, 4) == timezone.make_aware(dt.datetime(2025, 3, 10, 2, 0))


def test_screenshots_of_closed_cases_are_deleted_after_the_retention_period(settings, tmp_path, org, people,
                                                                            case_in, make_effective):
    from django.core.management import call_command

    from .test_reporting import png

    settings.MEDIA_ROOT = tmp_path
    old, recent = case_in("closed"), case_in("closed")
    make_effective(retention_days=365)
    for case in (old, recent):
        case_services.report_submit(organization=org, reporter=people["staff"], platform="google", url=case.url,
                                    poster_name="Nina P.", post_text="Same post", screenshot=png())
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=400))
    call_command("purge_evidence", stdout=io.StringIO())
    assert not old.reports.exclude(screenshot="").exists()
    assert recent.reports.exclude(screenshot="").count() == 1
    assert len(list(tmp_path.rglob("*.img"))) == 1  # the recent case's file is still there
    assert AuditEntry.objects.filter(action="report.screenshot_purged", object_id=str(old.pk)).count() == 1
