"""Reporting a post: signed in, through the public report link, and with bad input."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safereply.accounts.services import organization_rotate_report_token
from safereply.cases.models import Case, Report
from safereply.cases.views import RECEIVED_MESSAGE

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form(**overrides):
    data = {"platform": "google", "url": "https://www.google.com/maps/reviews/abc",
            "poster_name": "Nina P.", "post_text": "Waited two hours and nobody told me why.", "note": ""}
    data.update(overrides)
    return data


def png(size=(4, 4)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    # Noise, so that the file is as large as its pixel count says.
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return SimpleUploadedFile("nina-screenshot.png", buffer.getvalue(), content_type="image/png")


def test_staff_report_a_post_and_see_the_confirmation(client, people):
    client.force_login(people["staff"])
    response = client.post("/report/", form(), follow=True)
    assert RECEIVED_MESSAGE in response.content.decode()
    assert Case.objects.get().reports.get().reporter == people["staff"]


def test_staff_cannot_open_the_inbox_or_a_case(client, people, case_in):
    case = case_in("reported")
    client.force_login(people["staff"])
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.post(f"/cases/{case.pk}/triage/", {"category": "billing"}).status_code == 403


def test_staff_see_only_that_their_own_reports_were_received(client, people, report_post):
    report_post("Mine: waited two hours.", poster="Poster One")
    report_post("Someone else's: rude desk.", poster="Poster Two", reporter=people["responder"])
    client.force_login(people["staff"])
    page = client.get("/report/mine/").content.decode()
    assert page.count("Received by the response team") == 1
    assert "Poster One" not in page and "waited" not in page and "Reported" not in page


def test_a_screenshot_is_stored_under_a_meaningless_name(client, people):
    client.force_login(people["staff"])
    client.post("/report/", {**form(), "screenshot": png()})
    report = Report.objects.get()
    assert report.screenshot_type == "image/png" and "nina" not in report.screenshot.name


def test_responders_can_view_the_screenshot(client, people):
    client.force_login(people["staff"])
    client.post("/report/", {**form(), "screenshot": png()})
    report = Report.objects.get()
    client.force_login(people["responder"])
    response = client.get(f"/cases/{report.case_id}/reports/{report.pk}/screenshot")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_non_image_upload_is_refused(client, people):
    client.force_login(people["staff"])
    fake = SimpleUploadedFile("shot.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post("/report/", {**form(), "screenshot": fake})
    assert response.status_code == 400
    assert "must be an image" in response.content.decode()
    assert not Case.objects.exists()


def test_an_oversized_upload_is_refused(client, people, settings):
    settings.SAFEREPLY_MAX_UPLOAD_BYTES = 2048
    client.force_login(people["staff"])
    response = client.post("/report/", {**form(), "screenshot": png(size=(400, 400))})
    assert "too large" in response.content.decode()
    assert not Case.objects.exists()


def test_an_oversized_post_gets_a_clear_message(client, people, settings):
    client.force_login(people["staff"])
    response = client.post("/report/", form(post_text="x" * (settings.SAFEREPLY_MAX_POST_CHARS + 1)))
    assert response.status_code == 400 and "at most" in response.content.decode()


def test_a_malformed_link_gets_a_clear_message_and_keeps_what_was_typed(client, people):
    client.force_login(people["staff"])
    response = client.post("/report/", form(url="see the post on yelp"))
    page = response.content.decode()
    assert response.status_code == 400 and "does not look like a link" in page
    assert "Waited two hours" in page  # nothing the reporter typed is lost


def test_a_bad_report_does_not_touch_the_existing_case(client, people, report_post):
    case = report_post("Original text", url="https://www.google.com/maps/reviews/abc").case
    client.force_login(people["staff"])
    client.post("/report/", form(post_text=""))
    case.refresh_from_db()
    assert case.post_text == "Original text" and case.reports.count() == 1


def test_hostile_html_is_stored_as_text_and_shown_escaped(client, people):
    client.force_login(people["staff"])
    client.post("/report/", form(poster_name=HOSTILE, post_text=HOSTILE, note=HOSTILE))
    case = Case.objects.get()
    assert case.post_text == HOSTILE
    client.force_login(people["responder"])
    for path in (f"/cases/{case.pk}/", "/cases/"):
        page = client.get(path).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


# The public report link.

def test_anyone_with_the_link_can_report(client, org):
    response = client.post(f"/r/{org.report_token}/", {**form(), "reporter_name": "Volunteer Vic"}, follow=True)
    page = response.content.decode()
    assert RECEIVED_MESSAGE in page
    report = Report.objects.get()
    assert report.via == "link" and report.reporter is None and report.reporter_name == "Volunteer Vic"


def test_the_link_page_reaches_nothing_else(client, org):
    page = client.get(f"/r/{org.report_token}/").content.decode()
    assert 'data-testid="nav"' not in page and "/cases/" not in page and "/report/" not in page
    assert client.get("/cases/").status_code == 302  # the inbox wants a sign-in
    assert client.get("/report/").status_code == 302
    assert client.get("/api/cases").status_code == 401


def test_a_wrong_token_is_not_found(client, org):
    assert client.get("/r/not-the-token/").status_code == 404
    assert client.post("/r/not-the-token/", form()).status_code == 404


def test_rotating_the_link_retires_the_old_one(client, org, people):
    old = org.report_token
    organization_rotate_report_token(organization=org, actor=people["administrator"])
    assert org.report_token != old and len(org.report_token) >= 40
    assert client.get(f"/r/{old}/").status_code == 404
    assert client.get(f"/r/{org.report_token}/").status_code == 200


def test_administrators_rotate_the_link_from_settings(client, org, people):
    old = org.report_token
    client.force_login(people["administrator"])
    client.post("/admin/settings/rotate-report-link/")
    org.refresh_from_db()
    assert org.report_token != old


def test_the_link_is_rate_limited(client, org, settings):
    settings.SAFEREPLY_REPORT_LINK_RATE = 3
    for n in range(3):
        assert client.post(f"/r/{org.report_token}/", form(url=f"https://yelp.com/biz/a?hrid={n}")).status_code == 302
    response = client.post(f"/r/{org.report_token}/", form(url="https://yelp.com/biz/a?hrid=9"))
    assert response.status_code == 429 and "Too many reports" in response.content.decode()
    assert Report.objects.count() == 3


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
