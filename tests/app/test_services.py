"""Case services: reporting, triage, decisions, drafts, approvals, publishing."""

from __future__ import annotations

import dataclasses

import pytest

from safereply.audit.models import AuditEntry
from safereply.cases import services
from safereply.cases.links import url_normalize
from safereply.cases.models import Case
from safereply.errors import SafeReplyError

from .conftest import DISCLOSING_REPLY, SAFE_REPLY


@pytest.mark.parametrize("given,normalized", [
    ("https://www.yelp.com/biz/riverbend?hrid=A1", "https://yelp.com/biz/riverbend?hrid=A1"),
    ("http://m.yelp.com/biz/riverbend/?hrid=A1&utm_source=x", "https://yelp.com/biz/riverbend?hrid=A1"),
    ("yelp.com/biz/riverbend?utm_medium=y&hrid=A1#reviews", "https://yelp.com/biz/riverbend?hrid=A1"),
    ("https://twitter.com/a/status/1?s=20", "https://x.com/a/status/1"),
    ("HTTPS://WWW.Facebook.com/page/posts/9/?fbclid=abc", "https://facebook.com/page/posts/9"),
])
def test_links_are_normalized(given, normalized):
    assert url_normalize(given) == normalized


@pytest.mark.parametrize("bad", ["", "not a link", "javascript:alert(1)", "https://localhost/x",
                                 "ftp://example.com/x", "https://<script>.com", "https://user:pw@example.com/",
                                 "https://example.com/" + "a" * 2100])
def test_malformed_links_are_refused_with_a_message(bad):
    with pytest.raises(SafeReplyError) as refused:
        url_normalize(bad)
    assert refused.value.message


def test_a_report_opens_a_case_with_a_triage_suggestion(report_post):
    report = report_post("Dr. Alvares was rude. I'm calling my lawyer.")
    case = report.case
    assert case.state == "reported" and case.reported_at
    assert case.suggested["severity"] == "egregious"
    assert case.suggested["clinicians"] == [case.organization.clinicians.get(last_name="Alvarez").pk]


def test_duplicate_reports_of_the_same_link_join_the_same_case(report_post, people):
    first = report_post(url="https://www.yelp.com/biz/riverbend?hrid=A1")
    second = report_post(url="http://m.yelp.com/biz/riverbend/?hrid=A1&utm_source=share",
                         reporter=people["provider"])
    other = report_post(url="https://www.yelp.com/biz/riverbend?hrid=B2")
    assert first.case_id == second.case_id != other.case_id
    assert Case.objects.count() == 2
    assert first.case.reports.count() == 2


def test_a_report_is_audited_without_its_text(report_post):
    report = report_post("My diabetes was ignored", poster="Nina Patient")
    entry = AuditEntry.objects.get(action="report.received")
    assert entry.object_id == str(report.case_id)
    dumped = str(entry.data) + entry.actor_label
    assert "diabetes" not in dumped and "Nina" not in dumped


def test_an_oversized_post_is_refused(report_post, settings):
    with pytest.raises(SafeReplyError, match="longer than"):
        report_post("x" * (settings.SAFEREPLY_MAX_POST_CHARS + 1))
    assert Case.objects.count() == 0


def test_nul_and_control_characters_are_dropped(report_post):
    report = report_post("Bad\x00 service\x07 here")
    assert report.post_text == "Bad service here"


def test_triage_records_the_confirmed_values_and_its_timestamp(case_in, people, org):
    case = case_in("reported")
    alvarez = org.clinicians.get(last_name="Alvarez")
    services.case_triage(case=case, actor=people["responder"], category="clinical", severity="high",
                         clinicians=[alvarez], self_disclosed=["my diabetes"])
    case.refresh_from_db()
    assert (case.state, case.category, case.severity) == ("triaged", "clinical", "high")
    assert case.triaged_at and list(case.clinicians.all()) == [alvarez]
    entry = AuditEntry.objects.filter(action="case.triage").get()
    assert entry.data["clinician_ids"] == [alvarez.pk] and entry.data["self_disclosures"] == 1
    assert "diabetes" not in str(entry.data)


def test_triage_refuses_an_unknown_category(case_in, people):
    with pytest.raises(SafeReplyError, match="category"):
        services.case_triage(case=case_in("reported"), actor=people["responder"], category="x", severity="low")


def test_triaging_twice_is_refused(case_in, people):
    case = case_in("triaged")
    with pytest.raises(SafeReplyError, match="triaged already"):
        services.case_triage(case=case, actor=people["responder"], category="billing", severity="low")


def test_a_decision_needs_a_reason(case_in, people):
    case = case_in("triaged")
    with pytest.raises(SafeReplyError, match="reason"):
        services.case_decide(case=case, actor=people["responder"], decision="watch", reason=" ")
    case.refresh_from_db()
    assert case.state == "triaged"


def test_a_decision_reason_has_a_length_limit_whatever_the_caller(case_in, people):
    case = case_in("triaged")
    with pytest.raises(SafeReplyError, match="under 2,000 characters"):
        services.case_decide(case=case, actor=people["responder"], decision="watch", reason="a" * 2001)
    case.refresh_from_db()
    assert case.state == "triaged" and case.decision_reason == ""


@pytest.mark.parametrize("decision,state", [("watch", "watching"), ("private", "outreach"),
                                            ("holding", "drafting"), ("counsel", "escalated")])
def test_each_decision_leads_to_its_state(case_in, people, decision, state):
    case = case_in("triaged")
    services.case_decide(case=case, actor=people["responder"], decision=decision, reason="Because we must.")
    case.refresh_from_db()
    assert case.state == state and getattr(case, f"{state}_at")


def test_deciding_before_triage_says_to_triage_first(case_in, people):
    with pytest.raises(SafeReplyError, match="Triage the case first"):
        services.case_decide(case=case_in("reported"), actor=people["responder"], decision="watch",
                             reason="Nothing to say publicly.")


def test_a_draft_can_only_be_written_after_deciding_on_a_holding_reply(case_in, people):
    with pytest.raises(SafeReplyError, match="holding reply"):
        services.draft_save(case=case_in("watching"), actor=people["responder"], text=SAFE_REPLY)


def test_a_blocked_draft_cannot_be_submitted(case_in, people):
    case = case_in("drafting")
    draft = services.draft_save(case=case, actor=people["responder"], text=DISCLOSING_REPLY)
    assert draft.verdict == "block"
    with pytest.raises(SafeReplyError, match="discloses"):
        services.draft_submit(case=case, actor=people["responder"])
    case.refresh_from_db()
    assert case.state == "drafting"


def test_the_author_cannot_approve_their_own_reply(case_in, people):
    case = case_in("awaiting_approval")
    with pytest.raises(SafeReplyError, match="other than the author"):
        services.draft_approve(case=case, actor=people["responder"])
    case.refresh_from_db()
    assert case.state == "awaiting_approval"


def test_a_second_responder_approves(case_in, people):
    case = case_in("awaiting_approval")
    services.draft_approve(case=case, actor=people["responder2"])
    case.refresh_from_db()
    assert case.state == "approved" and case.approved_at


def test_a_risk_manager_may_approve(case_in, people):
    case = case_in("awaiting_approval")
    services.draft_approve(case=case, actor=people["risk_manager"])
    case.refresh_from_db()
    assert case.state == "approved"


def test_an_egregious_case_also_needs_counsel(case_in, people):
    case = case_in("awaiting_approval", severity="egregious")
    services.draft_approve(case=case, actor=people["responder2"])
    case.refresh_from_db()
    assert case.state == "awaiting_approval"
    assert services.approvals_missing(case, case.current_draft()) == ["approval by counsel (the case is egregious)"]
    services.draft_approve(case=case, actor=people["counsel"])
    case.refresh_from_db()
    assert case.state == "approved"


def test_counsel_alone_does_not_approve_an_egregious_case(case_in, people):
    case = case_in("awaiting_approval", severity="egregious")
    services.draft_approve(case=case, actor=people["counsel"])
    case.refresh_from_db()
    assert case.state == "awaiting_approval"


def test_counsel_does_not_approve_ordinary_cases(case_in, people):
    with pytest.raises(SafeReplyError, match="egregious"):
        services.draft_approve(case=case_in("awaiting_approval"), actor=people["counsel"])


def test_staff_cannot_approve_even_by_calling_the_service(case_in, people):
    with pytest.raises(SafeReplyError, match="cannot approve"):
        services.draft_approve(case=case_in("awaiting_approval"), actor=people["staff"])


def test_approval_screens_again_and_refuses_a_block(case_in, people, monkeypatch):
    case = case_in("awaiting_approval")
    real = services.reply_screen

    def screen_now_blocks(**kwargs):
        result = real(**kwargs)
        return dataclasses.replace(result, verdict=type(result.verdict)("block"))

    # As if the engine learned something new between submission and approval.
    monkeypatch.setattr(services, "reply_screen", screen_now_blocks)
    with pytest.raises(SafeReplyError, match="Screening blocks"):
        services.draft_approve(case=case, actor=people["responder2"])
    case.refresh_from_db()
    assert case.state == "awaiting_approval" and not case.current_draft().approvals.exists()


def test_approving_twice_is_refused(case_in, people):
    case = case_in("awaiting_approval", severity="egregious")
    services.draft_approve(case=case, actor=people["responder2"])
    with pytest.raises(SafeReplyError, match="already"):
        services.draft_approve(case=case, actor=people["responder2"])


def test_sent_back_drafts_start_a_new_version_and_need_new_approvals(case_in, people):
    case = case_in("awaiting_approval", severity="egregious")
    services.draft_approve(case=case, actor=people["responder2"])
    services.draft_send_back(case=case, actor=people["counsel"])
    new = services.draft_save(case=case, actor=people["responder"], text=SAFE_REPLY + " Thank you.")
    assert new.pk != case.drafts.order_by("id").first().pk and not new.approvals.exists()


def test_an_approved_reply_is_marked_published_with_its_link_and_time(case_in, people):
    case = case_in("approved")
    services.case_publish(case=case, actor=people["responder"], published_url="https://www.yelp.com/r/1")
    case.refresh_from_db()
    assert case.state == "published" and case.published_url == "https://yelp.com/r/1" and case.published_at


def test_publishing_before_approval_is_refused(case_in, people):
    with pytest.raises(SafeReplyError, match="must be approved"):
        services.case_publish(case=case_in("awaiting_approval"), actor=people["responder"],
                              published_url="https://yelp.com/r/1")


def test_every_change_writes_an_audit_entry(case_in):
    case_in("closed")
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for action in ["report.received", "case.triage", "case.decide", "draft.saved", "case.submit",
                   "draft.approved", "case.approve", "case.publish", "case.close"]:
        assert action in actions


def test_a_failed_change_leaves_no_audit_entry(case_in, people):
    case = case_in("triaged")
    before = AuditEntry.objects.count()
    with pytest.raises(SafeReplyError):
        services.draft_submit(case=case, actor=people["responder"])
    assert AuditEntry.objects.count() == before
