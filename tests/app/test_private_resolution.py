"""Private resolution: the patient index, matching, outreach, and the complaints process."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from safereply.audit.models import AuditEntry
from safereply.errors import SafeReplyError
from safereply.grievances import services as grievance_services
from safereply.grievances.models import Grievance
from safereply.outreach import services as outreach_services
from safereply.outreach.models import Call, Invitation
from safereply.patients import services
from safereply.patients.models import Identification, Patient, PatientKey

from .test_policy import make_effective  # noqa: F401 (fixture)

HEADER = "record_number,first_name,last_name,birth_date,phone,email,last_visit,visit_type,clinician,location\n"
INDEX = HEADER + (
    "MRN-1001,Nina,Petrovic,1984-05-02,555-0111,nina.p@example.test,2026-03-03,physical,Dr. Maria Alvarez,Main Clinic\n"
    "MRN-1002,Nina,Parker,1990-01-20,555-0112,,2025-11-10,,,Eastside\n"
    "MRN-1003,Robert,Quill,1971-07-07,555-0113,bob.q@example.test,2026-02-01,lab,NP James Okafor,\n"
    "MRN-1004,Zebulon,Quackenbush,1966-12-12,555-0114,zq@example.test,2026-01-05,,,\n"
)


@pytest.fixture
def index(org, people):
    services.patients_import(organization=org, actor=people["administrator"], data=INDEX.encode(), filename="i.csv")
    return {p.identity.record_number: p for p in Patient.objects.filter(organization=org)}


def _errors(excinfo) -> list[str]:
    return [e["message"] for e in excinfo.value.details["errors"]]


# The patient index.

def test_a_csv_import_encrypts_identities_and_a_reimport_updates_rather_than_duplicates(org, people, index):
    assert len(index) == 4
    stored = Patient.objects.get(pk=index["MRN-1001"].pk)
    assert "Nina" not in stored.identity_encrypted and "MRN-1001" not in stored.record_index
    assert stored.identity.clinician_id == org.clinicians.get(last_name="Alvarez").pk
    changed = INDEX.replace("555-0111", "555-0999")
    result = services.patients_import(organization=org, actor=people["administrator"], data=changed.encode())
    assert (result.created, result.updated) == (0, 4)
    assert Patient.objects.count() == 4
    assert Patient.objects.get(pk=stored.pk).identity.phone == "555-0999"
    entry = AuditEntry.objects.filter(action="patients.imported").last()
    assert entry.data == {"format": "csv", "created": 0, "updated": 4}


@pytest.mark.parametrize("content, message", [
    ("first_name,last_name\nNina,P\n", "lacks the column(s) record_number"),
    (HEADER + "MRN-1,Nina,Petrovic,05/02/1984,,,,,,\n", "birth_date must be a date"),
    (HEADER + "MRN-1,Nina,Petrovic,,,not-an-email,,,,\n", "email is not an email address"),
    (HEADER + "MRN-1,Nina\n", "different number of fields"),
    (HEADER + "MRN-1,Nina,Petrovic,,,,,,Dr. Nobody,\n", "not on the organization's roster"),
    (HEADER + "MRN-1,Nina,Petrovic,,,,,,,\nMRN 1,Nina,Petrovic,,,,,,,\n", "appears earlier"),
    ("\xff\xfe garbage", "not UTF-8"),
    (HEADER, "no patients"),
])
def test_a_malformed_csv_is_reported_per_row_and_changes_nothing(org, people, index, content, message):
    data = content.encode("latin-1") if content.startswith("\xff") else content.encode()
    with pytest.raises(SafeReplyError) as excinfo:
        services.patients_import(organization=org, actor=people["administrator"], data=data + b"",
                                 filename="x.csv")
    assert any(message.lower() in m.lower() for m in _errors(excinfo)), _errors(excinfo)
    assert Patient.objects.count() == 4


def test_one_bad_row_fails_the_whole_import(org, people):
    content = HEADER + "MRN-1,Ada,Lovelace,,,,,,,\nMRN-2,,Nobody,,,,,,,\n"
    with pytest.raises(SafeReplyError) as excinfo:
        services.patients_import(organization=org, actor=people["administrator"], data=content.encode())
    assert excinfo.value.details["errors"] == [{"row": 3, "message": "First_name is missing."}]
    assert not Patient.objects.exists() and not PatientKey.objects.exists()


def _bundle(*resources) -> bytes:
    return json.dumps({"resourceType": "Bundle", "type": "collection",
                       "entry": [{"resource": r} for r in resources]}).encode()


FHIR_PATIENT = {
    "resourceType": "Patient",
    "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "F-77"}],
    "name": [{"use": "official", "family": "Ferreira", "given": ["Lucia"]}],
    "birthDate": "1979-09-09",
    "telecom": [{"system": "phone", "value": "555-0170"}, {"system": "email", "value": "lucia@example.test"}],
    "generalPractitioner": [{"display": "Dr. Maria Alvarez"}],
}


def test_a_fhir_bundle_of_patients_imports(org, people):
    result = services.patients_import(organization=org, actor=people["administrator"], data=_bundle(FHIR_PATIENT))
    assert (result.created, result.format) == (1, "fhir")
    identity = Patient.objects.get().identity
    assert (identity.first_name, identity.last_name, identity.record_number) == ("Lucia", "Ferreira", "F-77")
    assert identity.email == "lucia@example.test" and identity.birth_date == "1979-09-09"


def test_wrong_fhir_resource_types_are_reported_per_entry_and_change_nothing(org, people):
    observation = {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}
    invalid = dict(FHIR_PATIENT, birthDate="not a date")
    with pytest.raises(SafeReplyError) as excinfo:
        services.patients_import(organization=org, actor=people["administrator"],
                                 data=_bundle(FHIR_PATIENT, observation, invalid))
    messages = _errors(excinfo)
    assert messages[0] == "Entry 2 is a Observation resource, not a Patient."
    assert messages[1].startswith("Entry 3 is not a valid R4 Patient")
    assert not Patient.objects.exists()
    with pytest.raises(SafeReplyError) as excinfo:
        services.patients_import(organization=org, actor=people["administrator"], data=json.dumps(FHIR_PATIENT).encode())
    assert "Expected a FHIR Bundle" in _errors(excinfo)[0]


def test_a_huge_file_is_refused_with_a_clear_message(org, people, settings):
    settings.SAFEREPLY_MAX_IMPORT_BYTES = 2048
    with pytest.raises(SafeReplyError, match="larger than the import limit"):
        services.patients_import(organization=org, actor=people["administrator"], data=b"x" * 4096)


def test_the_key_rotation_reencrypts_everything_and_matching_still_works(org, people, index, settings, case_in):
    from cryptography.fernet import Fernet

    old = Patient.objects.get(pk=index["MRN-1001"].pk).identity_encrypted
    settings.SAFEREPLY_PATIENT_KEYS = [Fernet.generate_key().decode(), *settings.SAFEREPLY_PATIENT_KEYS]
    assert services.patients_rotate_key() == 4
    settings.SAFEREPLY_PATIENT_KEYS = settings.SAFEREPLY_PATIENT_KEYS[:1]  # the old key is gone
    patient = Patient.objects.get(pk=index["MRN-1001"].pk)
    assert patient.identity_encrypted != old and patient.identity.first_name == "Nina"
    assert services.patient_by_record_number(organization=org, record_number="mrn1001") == patient
    case = case_in("triaged")
    assert services.patient_candidates(case=case, actor=people["responder"])


def test_the_sqlite_file_holds_no_patient_name_in_clear_text(tmp_path):
    """A real database file, written by the real commands."""
    csv_path = tmp_path / "index.csv"
    # The subprocess's organization has no roster: leave the clinician and location columns empty.
    csv_path.write_text("".join(",".join(line.split(",")[:8]) + ",,\n" for line in INDEX.splitlines()[1:]).join(
        [HEADER, ""]))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SAFEREPLY_PATIENT_KEYS")}
    env.update(SAFEREPLY_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="safereply.settings")
    cli = [sys.executable, "-m", "safereply.cli"]
    run = lambda *args: subprocess.run([*cli, *args], env=env, check=True, capture_output=True, text=True)  # noqa: E731
    run("migrate", "--verbosity", "0")
    run("shell", "-c", "from safereply.accounts.models import Organization as O; O.objects.create(name='Riverbend')")
    out = run("import-patients", str(csv_path)).stdout
    assert "Imported 4 new" in out
    database = (tmp_path / "data" / "safereply.sqlite3").read_bytes()
    assert b"Riverbend" in database  # the file is the one written to
    for secret in (b"Quackenbush", b"Zebulon", b"MRN-1004", b"zq@example.test", b"1966-12-12"):
        assert secret not in database
    assert (tmp_path / "data" / "patient_key").exists()
    assert "Re-encrypted 4" in run("rotate-key").stdout


# Matching.

@pytest.mark.parametrize("poster, expected", [
    ("Nina Petrovic", "MRN-1001"),
    ("Petrovic Nina", "MRN-1001"),
    ("Nina Petrovik", "MRN-1001"),
    ("N. Petrovic", "MRN-1001"),
    ("Bobby Quill", "MRN-1003"),
    ("rquill", "MRN-1003"),
    ("Zeb Quackenbush", "MRN-1004"),
    ("@zquackenbush_66", "MRN-1004"),
])
def test_candidates_are_ranked_from_the_display_name(org, people, index, report_post, poster, expected):
    case = report_post("The wait was long.", poster=poster).case
    ranked = services.patient_candidates(case=case, actor=people["responder"])
    assert ranked and ranked[0][0].pk == index[expected].pk
    assert ranked[0][1].reasons


def test_the_posts_clues_break_a_tie_between_two_ninas(org, people, index, report_post):
    case = report_post("Dr. Alvarez rushed my physical on March 3 at the Main Clinic.", poster="Nina P.").case
    case.clinicians.add(org.clinicians.get(last_name="Alvarez"))
    case.reported_at = timezone.make_aware(timezone.datetime(2026, 3, 5, 10))
    case.save()
    ranked = services.patient_candidates(case=case, actor=people["responder"])
    assert [p.pk for p, _ in ranked[:2]] == [index["MRN-1001"].pk, index["MRN-1002"].pk]
    reasons = " ".join(ranked[0][1].reasons)
    assert "usual clinician Dr. Maria Alvarez is named in the post" in reasons and "within 3 days" in reasons


def test_every_lookup_and_view_is_audited_with_ids_only(client, org, people, index, report_post):
    case = report_post(poster="Nina Petrovic").case
    client.force_login(people["responder"])
    page = client.get(f"/cases/{case.pk}/private/")
    assert page.status_code == 200 and "Nina" in page.content.decode()
    viewed = AuditEntry.objects.get(action="patients.candidates_viewed")
    assert index["MRN-1001"].pk in viewed.data["patient_ids"]
    client.post(f"/cases/{case.pk}/private/identify/", {"patient": index["MRN-1001"].pk, "score": 70})
    client.get(f"/cases/{case.pk}/private/")
    assert AuditEntry.objects.filter(action="patients.identity_viewed", object_id=str(case.pk)).exists()
    dump = json.dumps(list(AuditEntry.objects.values("data", "action", "object_type")))
    for secret in ("Nina", "Petrovic", "MRN-1001", "1984-05-02", "555-0111"):
        assert secret not in dump


@pytest.mark.parametrize("role", ["staff", "counsel", "provider", "administrator"])
def test_only_responders_and_the_risk_manager_see_identities(client, people, index, report_post, role):
    case = report_post(poster="Nina Petrovic").case
    client.force_login(people[role])
    response = client.get(f"/cases/{case.pk}/private/")
    assert response.status_code == 403 and b"Petrovic" not in response.content
    assert not AuditEntry.objects.filter(action="patients.candidates_viewed").exists()


def test_with_a_policy_in_force_only_its_designated_responders_and_the_risk_manager_see_them(
        client, people, index, report_post, make_effective):
    make_effective()
    case = report_post(poster="Nina Petrovic").case
    for user, status in ((people["responder2"], 403), (people["responder"], 200), (people["risk_manager"], 200)):
        client.force_login(user)
        assert client.get(f"/cases/{case.pk}/private/").status_code == status


def test_another_organizations_responder_gets_nothing(client, outsider, index, report_post):
    case = report_post(poster="Nina Petrovic").case
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/private/").status_code == 404


# Outreach.

@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in this process, on a free local port."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Collect(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    yield received
    controller.stop()


@pytest.fixture
def identified(org, people, index, case_in):
    case = case_in("outreach")
    services.case_identify(case=case, actor=people["responder"], patient=index["MRN-1001"], score=90)
    return case


def test_the_email_invitation_actually_arrives_with_a_generic_subject(org, people, identified, smtp_server):
    invitation = outreach_services.invitation_send(case=identified, actor=people["responder"], channel="email")
    assert invitation.status == "sent"
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "nina.p@example.test"
    assert message["Subject"] == "A message from Riverbend"
    body = message.get_payload(decode=True).decode()
    assert body.startswith("Dear Nina,") and "talk privately" in body
    for leak in ("Petrovic", "physical", "Alvarez", "wait", "visit", "complaint"):
        assert leak.lower() not in message["Subject"].lower()


def test_a_refused_email_records_nothing(org, people, identified, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(SafeReplyError, match="did not accept"):
        outreach_services.invitation_send(case=identified, actor=people["responder"], channel="email")
    assert not Invitation.objects.exists()


def test_the_letter_is_a_pdf_with_the_policys_wording(client, org, people, identified):
    invitation = outreach_services.invitation_send(case=identified, actor=people["responder"], channel="letter")
    client.force_login(people["responder"])
    response = client.get(f"/invitations/{invitation.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Petrovic" not in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Dear Nina Petrovic," in text and "talk privately" in text and "Riverbend" in text


def test_the_phone_invitation_keeps_a_call_log_and_is_tracked_to_its_outcome(org, people, identified):
    invitation = outreach_services.invitation_send(case=identified, actor=people["responder"], channel="phone")
    outreach_services.call_log(invitation=invitation, actor=people["responder"], result="no_answer")
    outreach_services.call_log(invitation=invitation, actor=people["responder"], result="reached")
    invitation.refresh_from_db()
    assert invitation.status == "answered" and Call.objects.filter(invitation=invitation).count() == 2
    invitation = outreach_services.outreach_update(invitation=invitation, actor=people["responder"],
                                                   status="meeting_held")
    invitation = outreach_services.outreach_update(invitation=invitation, actor=people["responder"],
                                                   status="closed", outcome="grievance")
    assert invitation.meeting_held_at and invitation.outcome == "grievance"
    with pytest.raises(SafeReplyError):
        outreach_services.outreach_update(invitation=invitation, actor=people["responder"], status="answered")


def test_outreach_needs_an_identified_poster(org, people, case_in):
    with pytest.raises(SafeReplyError, match="Identify the poster first"):
        outreach_services.invitation_send(case=case_in("outreach"), actor=people["responder"], channel="letter")


def test_unanswered_invitations_are_reminded_after_the_interval_once(org, people, identified, smtp_server,
                                                                   django_capture_on_commit_callbacks):
    invitation = outreach_services.invitation_send(case=identified, actor=people["responder"], channel="email")
    assert outreach_services.reminders_send() == 0
    later = timezone.now() + timezone.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert outreach_services.reminders_send(now=later) == 1
    assert outreach_services.reminders_send(now=later) == 0
    assert len(smtp_server) == 2 and smtp_server[1]["Subject"] == "A message from Riverbend"
    invitation.refresh_from_db()
    assert invitation.reminders == 1


def test_an_unidentified_poster_gets_the_holding_reply_and_a_later_contact_links(client, org, people, index,
                                                                                 report_post):
    case = report_post(poster="Anonymous Reviewer").case
    client.force_login(people["responder"])
    client.post(f"/cases/{case.pk}/private/unidentified/")
    page = client.get(f"/cases/{case.pk}/private/").content.decode()
    assert 'data-testid="holding-reply"' in page
    client.post(f"/cases/{case.pk}/private/contact/", {"channel": "phone", "record_number": "mrn 1003"})
    identification = Identification.objects.get(case=case)
    assert identification.is_identified and identification.patient == index["MRN-1003"]
    assert identification.via_contact == "phone"
    assert AuditEntry.objects.filter(action="case.contact_linked", object_id=str(case.pk)).exists()


# The complaints process.

def test_the_grievance_has_the_policy_timeline_and_closing_it_closes_the_case(org, people, identified):
    grievance = grievance_services.grievance_open(case=identified, actor=people["responder"])
    assert grievance.patient_id == Identification.objects.get(case=identified).patient_id
    assert (grievance.resolve_due - grievance.opened_at).days == 7
    assert (grievance.acknowledge_due - grievance.opened_at).days == 2
    grievance_services.grievance_acknowledge(grievance=grievance, actor=people["responder"])
    grievance_services.grievance_resolve(grievance=grievance, actor=people["responder"],
                                         letter="Thank you for meeting with us. We have changed how we schedule.")
    identified.refresh_from_db()
    grievance.refresh_from_db()
    assert grievance.status == "resolved" and identified.state == "closed"
    assert "Thank you" not in grievance.resolution_letter_encrypted


def test_grievance_targets_come_from_the_policy(org, people, identified, make_effective):
    make_effective(grievance_acknowledge_days=1, grievance_resolve_days=5)
    grievance = grievance_services.grievance_open(case=identified, actor=people["responder"])
    assert (grievance.resolve_due - grievance.opened_at).days == 5
    assert (grievance.acknowledge_due - grievance.opened_at).days == 1


def test_grievances_export_as_csv_and_json_for_the_risk_manager_only(client, org, people, identified):
    grievance_services.grievance_open(case=identified, actor=people["responder"])
    client.force_login(people["risk_manager"])
    data = json.loads(client.get("/grievances/export.json").content)["grievances"]
    assert data[0]["record_number"] == "MRN-1001" and data[0]["case_id"] == identified.pk
    csv_text = client.get("/grievances/export.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("reference,case_id,status") and "MRN-1001" in csv_text
    assert AuditEntry.objects.filter(action="grievances.exported").count() == 2
    client.force_login(people["responder"])
    assert client.get("/grievances/export.csv").status_code == 403
    assert Grievance.objects.count() == 1


def test_a_contact_lookup_that_finds_nobody_is_on_the_record(org, people, index, report_post):
    case = report_post(poster="Someone").case
    with pytest.raises(SafeReplyError, match="No patient"):
        services.contact_link(case=case, actor=people["responder"], channel="email", record_number="NOPE-1")
    assert AuditEntry.objects.get(action="patients.looked_up").data == {"found": False}
    assert not Identification.objects.exists()


def test_the_resolution_letter_prints_as_a_pdf_once_resolved(client, org, people, identified):
    grievance = grievance_services.grievance_open(case=identified, actor=people["responder"])
    client.force_login(people["responder"])
    assert client.get(f"/grievances/{grievance.pk}/letter.pdf").status_code == 302  # not resolved yet
    grievance_services.grievance_resolve(grievance=grievance, actor=people["responder"],
                                         letter="Thank you for meeting with us. We now call when the clinic runs late.")
    response = client.get(f"/grievances/{grievance.pk}/letter.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Dear Nina Petrovic," in text and "We now call when the clinic runs late." in text
    assert grievance.reference in text and "Petrovic" not in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="grievance.letter_printed").count() == 1


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("", ""), ("Open", "Open"), (7, 7), (None, None),
])
def test_export_cells_that_a_spreadsheet_would_run_are_neutralized(value, expected):
    from safereply.grievances.services import spreadsheet_safe

    assert spreadsheet_safe(value) == expected
