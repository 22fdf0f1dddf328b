"""Provider support: mentions, concerns, meetings with counsel, the packet, follow-up; and who sees what."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar
from pypdf import PdfReader

from safereply.accounts.services import api_token_create
from safereply.cases import services as case_services
from safereply.providers import services
from safereply.providers.enforcement import enforcement_actions
from safereply.providers.models import Concern, Mention, Notice

from .conftest import make_user

EGREGIOUS = "Dr. Alvarez misdiagnosed me and I am calling my lawyer. Worst clinic in town."
REFERENCE = Path("/work/shared/reference/enforcement-actions.csv")


@pytest.fixture
def emails(people):
    for role, user in people.items():
        user.email = f"{role}@riverbend.example"
        user.save()
    return people


@pytest.fixture
def named_case(report_post, emails):
    return report_post(EGREGIOUS, poster="Nina P.").case


@pytest.fixture
def concern(named_case, emails):
    mention = Mention.objects.get(case=named_case, clinician__last_name="Alvarez")
    return services.mention_confirm(mention=mention, actor=emails["responder"])


@pytest.fixture
def other_provider(org):
    """A second clinician with their own provider account, named in a different post."""
    user = make_user("dr.okafor", org, "provider")
    okafor = org.clinicians.get(last_name="Okafor")
    okafor.user = user
    okafor.save()
    return user


def test_intake_suggests_the_clinicians_named_with_a_confidence_and_keeps_the_evidence(named_case):
    mention = Mention.objects.get(case=named_case)
    assert mention.clinician.last_name == "Alvarez" and mention.status == "suggested"
    assert mention.matched == "Dr. Alvarez" and mention.confidence >= 90
    import hashlib
    assert named_case.evidence.sha256 == hashlib.sha256(EGREGIOUS.encode()).hexdigest()


def test_a_rejected_match_opens_nothing(named_case, emails):
    mention = Mention.objects.get(case=named_case)
    services.mention_reject(mention=mention, actor=emails["responder"])
    assert not Concern.objects.exists()
    case_services.case_triage(case=named_case, actor=emails["responder"], category="clinical", severity="egregious")
    assert Mention.objects.get(pk=mention.pk).status == "rejected"  # an edit keeps the decision


def test_confirming_opens_a_concern_tells_the_risk_manager_and_the_clinician_without_content(
        concern, emails, django_capture_on_commit_callbacks):
    assert concern.state == "open" and concern.clinician.user == emails["provider"]
    assert Notice.objects.filter(user=emails["provider"], kind="opened").exists()


def test_emails_to_the_clinician_carry_no_content(named_case, emails, django_capture_on_commit_callbacks):
    mention = Mention.objects.get(case=named_case)
    with django_capture_on_commit_callbacks(execute=True):
        services.mention_confirm(mention=mention, actor=emails["responder"])
    to_clinician = [m for m in mail.outbox if m.to == ["provider@riverbend.example"]]
    to_risk = [m for m in mail.outbox if m.to == ["risk_manager@riverbend.example"]]
    assert len(to_clinician) == 1 and len(to_risk) == 1
    assert "lawyer" not in to_clinician[0].body and "Alvarez" not in to_clinician[0].body
    assert to_clinician[0].subject == services.CLINICIAN_SUBJECT


def test_the_clinician_sees_the_post_and_the_case_never_the_poster(client, concern, emails):
    client.force_login(emails["provider"])
    page = client.get(f"/provider-concerns/{concern.pk}/").content.decode()
    assert "calling my lawyer" in page and "Nina P." not in page
    assert client.get("/provider-concerns/").status_code == 200


def test_a_clinician_cannot_reach_another_clinicians_concern_by_page_or_api(client, concern, other_provider):
    client.force_login(other_provider)
    for path in ("", "write/", "acknowledge/", "meeting.ics"):
        response = client.get(f"/provider-concerns/{concern.pk}/{path}") if path in ("", "meeting.ics") \
            else client.post(f"/provider-concerns/{concern.pk}/{path}", {"note": "x"})
        assert response.status_code == 404, path
    assert "calling my lawyer" not in client.get("/provider-concerns/").content.decode()
    _, token = api_token_create(user=other_provider, name="t")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/provider-concerns/{concern.pk}", headers=auth).status_code == 404
    assert client.get("/api/provider-concerns", headers=auth).json() == []


def test_the_api_gives_the_clinician_their_concern_without_the_poster(client, concern, emails):
    _, token = api_token_create(user=emails["provider"], name="t")
    body = client.get("/api/provider-concerns", headers={"Authorization": f"Bearer {token}"}).json()
    assert [c["id"] for c in body] == [concern.pk] and "Nina" not in str(body)
    assert "poster_name" not in body[0]


@pytest.mark.parametrize("path", ["/cases/", "/cases/{case}/", "/provider-concerns/{concern}/packet/",
                                  "/provider-concerns/{concern}/packet.pdf", "/provider-concerns/{concern}/meeting/",
                                  "/api/cases", "/api/cases/{case}"])
def test_a_clinician_reaches_no_case_work_or_packet(client, concern, emails, path):
    path = path.format(case=concern.case_id, concern=concern.pk)
    if path.startswith("/api/"):
        _, token = api_token_create(user=emails["provider"], name="t")
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    else:
        client.force_login(emails["provider"])
        response = client.get(path)
    assert response.status_code == 403


def test_the_clinician_writes_privately_and_asks_for_a_meeting(client, concern, emails):
    client.force_login(emails["provider"])
    client.post(f"/provider-concerns/{concern.pk}/write/",
                {"note": "This is unfair to me.", "wished_reply": "Nina, you missed two visits.", "request_meeting": "1"})
    concern.refresh_from_db()
    assert concern.clinician_note == "This is unfair to me." and concern.meeting_requested_at
    client.force_login(emails["risk_manager"])
    assert "This is unfair to me." in client.get(f"/provider-concerns/{concern.pk}/").content.decode()


def _schedule(concern, emails, **kwargs):
    start = dt.datetime(2030, 3, 4, 15, 0, tzinfo=dt.timezone.utc)
    return services.meeting_schedule(concern=concern, actor=emails["risk_manager"], starts_at=start, minutes=45,
                                     place=kwargs.get("place", ""), video_link=kwargs.get("video_link",
                                                                                          "https://meet.example/abc"))


def test_the_invitation_is_an_icalendar_request_to_clinician_counsel_and_risk_manager(
        concern, emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _schedule(concern, emails)
    invitation = [m for m in mail.outbox if m.attachments][0]
    name, content, mimetype = invitation.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == meeting.uid and int(event["sequence"]) == 0
    assert event.decoded("dtstart") == dt.datetime(2030, 3, 4, 15, 0, tzinfo=dt.timezone.utc)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=45)
    assert str(event["location"]) == "https://meet.example/abc"
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:counsel@riverbend.example", "mailto:provider@riverbend.example",
                         "mailto:risk_manager@riverbend.example"]
    assert "lawyer" not in (content if isinstance(content, str) else content.decode()) and "Alvarez" not in str(event["summary"])


def test_moving_the_meeting_keeps_the_uid_and_raises_the_sequence(concern, emails):
    first = _schedule(concern, emails)
    second = _schedule(concern, emails, place="Room 2")
    assert second.uid == first.uid and second.sequence == 1


def test_only_the_risk_manager_schedules(concern, emails):
    with pytest.raises(Exception):
        services.meeting_schedule(concern=concern, actor=emails["counsel"], starts_at=dt.datetime.now(dt.timezone.utc),
                                  minutes=30, place="Room 1")


def test_the_packet_pdf_carries_the_evidence_the_consequences_and_the_screening(client, concern, emails):
    case_services.case_triage(case=concern.case, actor=emails["responder"], category="clinical", severity="egregious")
    services.concern_write(concern=concern, actor=emails["provider"], note="Unfair.",
                           wished_reply="Nina, you missed your knee surgery follow-up on March 3.")
    client.force_login(emails["counsel"])
    response = client.get(f"/provider-concerns/{concern.pk}/packet.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "calling my lawyer" in text
    assert concern.case.evidence.sha256[:32] in text.replace(" ", "")
    for action in enforcement_actions():
        assert action.amount_label in text
    assert text.count("$2,400,000") == 2  # the table and the chart's label: the chart is drawn into the PDF
    assert "Reply to an online review" in text and "Related public disclosure" in text
    assert "Elite Dental Associates" in text and "Memorial Hermann" in text
    assert "Reply the clinician would want to post: verdict BLOCK" in text
    assert "Escalate to counsel" in text  # the decision options
    assert "Nina P." not in text.split("would want to post")[0]  # the poster's display name is never shown
    page = client.get(f"/provider-concerns/{concern.pk}/packet/").content.decode()
    assert "<svg" in page and "<script" not in page.split("</head>")[1]


def test_outcome_acknowledgement_closes_and_the_case_follows_the_chosen_path(concern, emails):
    case_services.case_triage(case=concern.case, actor=emails["responder"], category="clinical", severity="egregious")
    case_services.case_decide(case=concern.case, actor=emails["responder"], decision="counsel",
                              reason="Threat of legal action; counsel first.")
    _schedule(concern, emails)
    services.concern_outcome(concern=concern, actor=emails["counsel"], outcome="no_public_response", note="Agreed.")
    concern.case.refresh_from_db()
    assert concern.case.decision == "watch" and concern.case.state == "watching"
    with pytest.raises(Exception):
        services.concern_acknowledge(concern=concern, actor=emails["counsel"])
    closed = services.concern_acknowledge(concern=concern, actor=emails["provider"])
    assert closed.state == "closed" and closed.acknowledged_at


def test_the_clinician_is_told_when_the_case_is_resolved(concern, emails, django_capture_on_commit_callbacks):
    case = concern.case
    case_services.case_triage(case=case, actor=emails["responder"], category="clinical", severity="egregious")
    case_services.case_decide(case=case, actor=emails["responder"], decision="counsel", reason="Counsel first, always.")
    case_services.case_decide(case=case, actor=emails["responder"], decision="watch", reason="Counsel advised silence.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_close(case=case, actor=emails["responder"])
    assert Notice.objects.filter(concern=concern, kind="resolved").exists()
    assert [m.to for m in mail.outbox] == [["provider@riverbend.example"]]
    assert "lawyer" not in mail.outbox[0].body


def test_the_data_file_keeps_every_reference_fact():
    if not REFERENCE.exists():
        pytest.skip("reference list not present")
    actions = {a.entity: a for a in enforcement_actions()}
    with REFERENCE.open() as f:
        for row in csv.DictReader(f):
            action = actions[row["entity"]]
            assert action.amount_usd == int(row["amount_usd"])
            assert action.announced.isoformat() == row["announced"]
            assert action.source == row["source"]
            assert action.is_review_reply == row["review_or_social_reply"].startswith("yes")


PATIENT_DATA = ("patients:", "outreach:", "grievances:", "api:patient", "api:outreach", "api:grievance")


def test_no_route_to_patient_data_is_open_to_providers(client, concern, emails):
    from django.urls import NoReverseMatch, reverse

    from safereply.accounts import access

    routes = [r for r in access.ACCESS if r.startswith(PATIENT_DATA)]
    for route in routes:
        assert access.PROVIDER not in access.ACCESS[route] and access.ACCESS[route] != access.PUBLIC, route
    client.force_login(emails["provider"])
    for route in (r for r in routes if not r.startswith("api:")):
        for args in ([], [concern.case_id], [concern.case_id, 1]):
            try:
                path = reverse(route, args=args)
            except NoReverseMatch:
                continue
            assert client.get(path).status_code == 403, route
            break
