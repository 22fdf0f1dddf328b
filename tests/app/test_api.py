"""The API: token authentication, the same access table, the same services."""

from __future__ import annotations

import pytest

from safereply.accounts.services import api_token_create
from safereply.audit.models import AuditEntry

from .conftest import DISCLOSING_REPLY


@pytest.fixture
def call(client, people):
    tokens = {}

    def request(role, method, path, payload=None):
        if role not in tokens:
            tokens[role] = api_token_create(user=people[role], name="t")[1]
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        if method == "get":
            return client.get(path, headers=headers)
        return client.post(path, payload or {}, content_type="application/json", headers=headers)

    return request


def test_openapi_docs_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/cases/{case_id}/transitions" in schema["paths"]


def test_staff_report_through_the_api_and_learn_only_that_it_arrived(call):
    response = call("staff", "post", "/api/reports", {
        "platform": "yelp", "url": "https://yelp.com/biz/x?hrid=1", "poster_name": "A", "post_text": "Rude"})
    assert response.status_code == 201
    assert set(response.json()) == {"report_id", "status", "message"}
    assert call("staff", "get", "/api/cases").status_code == 403


def test_a_bad_report_gets_a_clear_message(call):
    response = call("staff", "post", "/api/reports", {
        "platform": "yelp", "url": "javascript:alert(1)", "poster_name": "A", "post_text": "Rude"})
    assert response.status_code == 400 and "link" in response.json()["detail"]


def test_responders_list_and_read_cases_of_their_organization_only(call, case_in, client, outsider):
    case = case_in("reported")
    assert [c["id"] for c in call("responder", "get", "/api/cases").json()] == [case.pk]
    detail = call("responder", "get", f"/api/cases/{case.pk}").json()
    assert detail["post_text"] and detail["allowed_events"] == ["triage"]
    assert AuditEntry.objects.filter(action="case.viewed").exists()
    raw = api_token_create(user=outsider, name="t")[1]
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"/api/cases/{case.pk}", headers=auth).status_code == 404
    assert client.get("/api/cases", headers=auth).json() == []


def test_screen_a_text(call):
    result = call("responder", "post", "/api/screen", {"text": DISCLOSING_REPLY}).json()
    assert result["verdict"] == "block" and result["findings"]


def test_transitions_through_the_api(call, case_in):
    case = case_in("reported")
    assert call("responder", "post", f"/api/cases/{case.pk}/transitions",
                {"event": "triage", "category": "access", "severity": "low"}).json()["state"] == "triaged"
    refused = call("responder", "post", f"/api/cases/{case.pk}/transitions", {"event": "approve"})
    assert refused.status_code == 400 and "Submit the draft" in refused.json()["detail"]
    assert call("responder", "post", f"/api/cases/{case.pk}/transitions",
                {"event": "decide", "decision": "watch", "reason": "Nothing to add publicly."}).json()["state"] == "watching"


def test_counsel_may_approve_but_not_triage_through_the_api(call, case_in):
    case = case_in("reported")
    response = call("counsel", "post", f"/api/cases/{case.pk}/transitions",
                    {"event": "triage", "category": "access", "severity": "low"})
    assert response.status_code == 403
    case = case_in("awaiting_approval", severity="egregious")
    assert call("responder2", "post", f"/api/cases/{case.pk}/transitions", {"event": "approve"}).status_code == 200
    assert call("counsel", "post", f"/api/cases/{case.pk}/transitions", {"event": "approve"}).json()["state"] == "approved"
