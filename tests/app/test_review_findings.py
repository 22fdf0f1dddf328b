"""Defects found in the second security review, each pinned by the test that first failed."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from safereply.accounts.services import api_token_create
from safereply.cases.models import Case, Report
from safereply.errors import SafeReplyError
from safereply.patients import services as patient_services
from safereply.patients.models import Identification, Patient

from .test_private_resolution import FHIR_PATIENT, INDEX, _bundle, _errors


# A link with a control character (NUL above all: PostgreSQL refuses it in a text column)
# got past url_normalize into Case.url and Report.url_as_given: a 500 through the API, the
# import and the publish form instead of the link message.

@pytest.mark.parametrize("link", ["https://www.google.com/maps/reviews/1\x00x", "https://yelp.com/biz/a\x07b",
                                  "https://yelp.com/biz/\x1b[31m"])
def test_a_link_with_control_characters_is_refused_with_the_link_message(client, people, link):
    raw = api_token_create(user=people["staff"], name="t")[1]
    response = client.post("/api/reports", json.dumps({"platform": "google", "url": link, "poster_name": "A",
                                                       "post_text": "Rude"}),
                           content_type="application/json", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400 and "link" in response.json()["detail"]
    assert not Case.objects.exists() and not Report.objects.exists()


def test_a_published_link_with_a_nul_is_refused_and_the_case_stays_approved(client, people, case_in):
    case = case_in("approved")
    client.force_login(people["responder"])
    response = client.post(f"/cases/{case.pk}/publish/", {"published_url": "https://g.co/reply/1\x00"}, follow=True)
    assert response.status_code == 200
    assert "link" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "approved" and case.published_url == ""


# FHIR allows a partial birth date ("1980", "1980-05"); fhir.resources keeps it as a string,
# and the import called .isoformat() on it: a traceback instead of a message naming the entry.

def test_a_fhir_partial_birth_date_is_reported_per_entry_and_changes_nothing(org, people):
    with pytest.raises(SafeReplyError) as excinfo:
        patient_services.patients_import(organization=org, actor=people["administrator"],
                                         data=_bundle(FHIR_PATIENT, dict(FHIR_PATIENT, birthDate="1980")))
    assert _errors(excinfo) == ["Birth_date must be a date as YYYY-MM-DD."]
    assert excinfo.value.details["errors"][0]["row"] == 2
    assert not Patient.objects.exists()


def test_import_patients_names_the_entry_with_a_partial_birth_date(org, tmp_path, capsys):
    path = tmp_path / "bundle.json"
    path.write_bytes(_bundle(dict(FHIR_PATIENT, birthDate="1980-05")))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_patients", str(path))
    assert "row 1: Birth_date must be a date" in capsys.readouterr().err


# The candidate's score arrives in the confirm form; a tampered one (negative, past the
# column's range) failed full_clean() with a ValidationError: a 500, not "choose a candidate".

@pytest.mark.parametrize("score", ["-5", "100000", "1e3"])
def test_a_tampered_candidate_score_gets_a_message_and_identifies_nobody(client, org, people, report_post, score):
    patient_services.patients_import(organization=org, actor=people["administrator"], data=INDEX.encode(),
                                     filename="i.csv")
    case = report_post(poster="Nina P.").case
    patient = Patient.objects.filter(organization=org).first()
    client.force_login(people["responder"])
    response = client.post(f"/cases/{case.pk}/private/identify/", {"patient": patient.pk, "score": score},
                           follow=True)
    assert response.status_code == 200 and "Choose one of the candidates." in response.content.decode()
    assert not Identification.objects.exists()


# `safereply import`: a header the csv module cannot read raised csv.Error (a traceback),
# a line of deeply nested JSON raised RecursionError, and SAFEREPLY_MAX_IMPORT_BYTES,
# documented as the largest complaint file accepted, was never checked.

def test_import_refuses_a_csv_whose_header_cannot_be_read(org, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('platform,"url\ngoogle')
    with pytest.raises(CommandError, match="header cannot be read"):
        call_command("import", str(path))
    assert not Case.objects.exists()


def test_import_reports_a_deeply_nested_json_line_and_imports_nothing(org, tmp_path, capsys):
    path = tmp_path / "posts.jsonl"
    path.write_text('{"platform": "google", "url": "https://g.co/1", "poster_name": "A", "post_text": "B"}\n'
                    + "[" * 100_000 + "\n")
    with pytest.raises(CommandError):
        call_command("import", str(path))
    assert "not valid JSON" in capsys.readouterr().out
    assert not Case.objects.exists()


def test_import_refuses_a_file_over_the_import_limit_before_reading_it(org, tmp_path, settings):
    settings.SAFEREPLY_MAX_IMPORT_BYTES = 2048
    path = tmp_path / "posts.jsonl"
    row = json.dumps({"platform": "google", "url": "https://g.co/1", "poster_name": "A", "post_text": "B"})
    path.write_text("\n".join([row] * 100))
    with pytest.raises(CommandError, match="larger than the import limit"):
        call_command("import", str(path))
    assert not Case.objects.exists()


def test_a_deeply_nested_fhir_file_is_reported_and_changes_nothing(org, people):
    with pytest.raises(SafeReplyError) as excinfo:
        patient_services.patients_import(organization=org, actor=people["administrator"],
                                         data=b"[" * 100_000, filename="b.json")
    assert _errors(excinfo)[0].startswith("The file is not JSON")
    assert not Patient.objects.exists()


# Naming an API token: a blank name (spaces) failed full_clean() and a NUL failed on
# PostgreSQL, both a 500 instead of a token named "API token".

@pytest.mark.parametrize("name", ["   ", "\x00", "ci\x00bot"])
def test_a_token_with_a_blank_or_control_character_name_is_still_created(client, people, name):
    client.force_login(people["staff"])
    response = client.post("/account/tokens/", {"name": name})
    assert response.status_code == 200
    token = people["staff"].api_tokens.get()
    assert token.name in ("API token", "cibot")


# url_normalize checked the length of the link as typed, then added "https://" and
# percent-encoded the query: a link within the 2,000-character limit came out longer than
# Case.url holds, and full_clean() raised a ValidationError (a 500) instead of the message.

@pytest.mark.parametrize("link", ["yelp.com/biz/" + "a" * 1987, "https://yelp.com/biz?q=" + "é" * 900])
def test_a_link_that_grows_past_the_limit_when_normalized_gets_the_link_message(client, people, link):
    assert len(link) <= 2000
    client.force_login(people["staff"])
    response = client.post("/report/", {"platform": "yelp", "url": link, "poster_name": "A", "post_text": "Rude"})
    assert response.status_code == 400 and "too long to be a link" in response.content.decode()
    assert not Case.objects.exists() and not Report.objects.exists()


# `safereply import`: a reported_at whose UTC time falls before year 1 overflowed (SQLite)
# or was refused by PostgreSQL, and an offset beyond PostgreSQL's range (-23:59)
# failed the insert: tracebacks instead of a per-row message.

@pytest.mark.parametrize("when", ["0001-01-01T00:00+14:00", "2025-01-01T00:00:00-23:59"])
def test_import_names_the_row_with_an_impossible_reported_at(org, tmp_path, capsys, when):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"platform": "google", "url": "https://g.co/1", "poster_name": "A",
                                "post_text": "B", "reported_at": when}) + "\n")
    if when.endswith("-23:59"):  # a real moment, however odd the offset: imported, in UTC
        call_command("import", str(path))
        assert Case.objects.get().reported_at.isoformat() == "2025-01-01T23:59:00+00:00"
        return
    with pytest.raises(CommandError):
        call_command("import", str(path))
    assert "reported_at" in capsys.readouterr().out
    assert not Case.objects.exists()


# Two-person rule: draft_save kept the first author on a draft that someone else then
# rewrote, so the second responder could write the final text, submit it and approve it
# alone. Now whoever saves another person's unsubmitted draft starts their own draft.

def test_a_responder_who_rewrote_a_colleagues_draft_cannot_approve_it(case_in, people):
    from safereply.cases import services

    from .conftest import SAFE_REPLY

    case = case_in("drafting")
    services.draft_save(case=case, actor=people["responder"], text=SAFE_REPLY)
    rewritten = services.draft_save(case=case, actor=people["responder2"], text=SAFE_REPLY + " Thank you.")
    assert rewritten.author == people["responder2"]
    services.draft_submit(case=case, actor=people["responder2"])
    with pytest.raises(SafeReplyError, match="other than the author"):
        services.draft_approve(case=case, actor=people["responder2"])
    case.refresh_from_db()
    assert case.state == "awaiting_approval"
    services.draft_approve(case=case, actor=people["responder"])  # the colleague reviews the final text
    case.refresh_from_db()
    assert case.state == "approved"
