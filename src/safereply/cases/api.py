"""API endpoints for cases; thin wrappers around services, like the views."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from ninja.errors import HttpError

from safereply.accounts import access
from safereply.accounts.models import Clinician, Location
from safereply.cases import services, workflow
from safereply.cases.models import Case, Report
from safereply.cases.screener import reply_screen
from safereply.screening.notice import NOT_LEGAL_ADVICE
from safereply.cases.views import RECEIVED_MESSAGE

router = Router(tags=["cases"])


class ReportIn(Schema):
    platform: str
    url: str
    poster_name: str
    post_text: str
    note: str = ""
    location_id: int | None = None


class ReportOut(Schema):
    report_id: int
    status: str
    message: str


class CaseSummary(Schema):
    id: int
    state: str
    platform: str
    category: str
    severity: str
    location_id: int | None
    reported_at: dt.datetime
    due_at: dt.datetime | None
    overdue: bool


class ReportDetail(Schema):
    id: int
    platform: str
    url_as_given: str
    poster_name: str
    post_text: str
    note: str
    via: str
    created_at: dt.datetime


class CaseDetail(CaseSummary):
    url: str
    poster_name: str
    post_text: str
    language: str
    decision: str
    decision_reason: str
    suggested: dict
    clinician_ids: list[int]
    allowed_events: list[str]
    reports: list[ReportDetail]
    published_url: str
    published_at: dt.datetime | None


class ScreenIn(Schema):
    text: str
    case_id: int | None = None


class TransitionIn(Schema):
    event: str
    # triage
    category: str = ""
    severity: str = ""
    language: str = ""
    clinician_ids: list[int] = []
    location_id: int | None = None
    self_disclosed: list[str] = []
    # decide
    decision: str = ""
    reason: str = ""
    # publish
    published_url: str = ""


def _summary(case: Case) -> dict:
    return {
        "id": case.pk, "state": case.state, "platform": case.platform, "category": case.category,
        "severity": case.severity, "location_id": case.location_id, "reported_at": case.reported_at,
        "due_at": case.due_at(), "overdue": case.is_overdue(),
    }


def _case(request, case_id: int) -> Case:
    return get_object_or_404(Case, pk=case_id, organization=request.organization)


@router.post("/reports", response={201: ReportOut}, url_name="report_create")
def report_create(request: HttpRequest, payload: ReportIn):
    location = None
    if payload.location_id is not None:
        location = get_object_or_404(Location, pk=payload.location_id, organization=request.organization)
    report = services.report_submit(
        organization=request.organization, reporter=request.user, platform=payload.platform, url=payload.url,
        poster_name=payload.poster_name, post_text=payload.post_text, note=payload.note,
        location=location, via=Report.Via.API,
    )
    # The reporter learns that it arrived, not which case it joined.
    return Status(201, {"report_id": report.pk, "status": "received", "message": RECEIVED_MESSAGE})


@router.get("/cases", response=list[CaseSummary], url_name="cases_list")
def cases_list(request: HttpRequest, state: str = "", platform: str = "", severity: str = ""):
    cases = Case.objects.filter(organization=request.organization).order_by("-reported_at")
    if state:
        cases = cases.filter(state=state)
    if platform:
        cases = cases.filter(platform=platform)
    if severity:
        cases = cases.filter(severity=severity)
    return [_summary(c) for c in cases[:500]]


@router.get("/cases/{case_id}", response=CaseDetail, url_name="case_read")
def case_read(request: HttpRequest, case_id: int):
    case = _case(request, case_id)
    services.case_view(case=case, actor=request.user)
    return {
        **_summary(case), "url": case.url, "poster_name": case.poster_name, "post_text": case.post_text,
        "language": case.language, "decision": case.decision, "decision_reason": case.decision_reason,
        "suggested": case.suggested, "clinician_ids": list(case.clinicians.values_list("pk", flat=True)),
        "allowed_events": workflow.allowed_events(case), "reports": list(case.reports.all()),
        "published_url": case.published_url, "published_at": case.published_at,
    }


@router.post("/screen", url_name="screen_text")
def screen_text(request: HttpRequest, payload: ScreenIn):
    case = _case(request, payload.case_id) if payload.case_id is not None else None
    text = services.text_clean(payload.text)
    if len(text) > services.MAX_REPLY:
        raise HttpError(400, f"A reply may be at most {services.MAX_REPLY:,} characters.")
    result = reply_screen(text=text, organization=request.organization, case=case).as_dict()
    return {**result, "legal_notice": NOT_LEGAL_ADVICE}


@router.post("/cases/{case_id}/transitions", response=CaseSummary, url_name="case_transition")
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn):
    case = _case(request, case_id)
    route = access.EVENT_ROUTES.get(payload.event)
    if route is None:
        raise HttpError(400, f"Unknown event; use one of {', '.join(workflow.EVENTS)}.")
    if not access.allows(route, request.roles):
        raise HttpError(403, "Your role does not allow this action.")
    actor, event = request.user, payload.event
    if event == "triage":
        clinicians = list(Clinician.objects.filter(organization=request.organization, pk__in=payload.clinician_ids))
        location = (get_object_or_404(Location, pk=payload.location_id, organization=request.organization)
                    if payload.location_id is not None else None)
        services.case_triage(case=case, actor=actor, category=payload.category, severity=payload.severity,
                             language=payload.language, clinicians=clinicians, location=location,
                             self_disclosed=payload.self_disclosed)
    elif event == "decide":
        services.case_decide(case=case, actor=actor, decision=payload.decision, reason=payload.reason)
    elif event == "submit":
        services.draft_submit(case=case, actor=actor)
    elif event == "send_back":
        services.draft_send_back(case=case, actor=actor)
    elif event == "approve":
        services.draft_approve(case=case, actor=actor)
    elif event == "publish":
        services.case_publish(case=case, actor=actor, published_url=payload.published_url)
    elif event == "close":
        services.case_close(case=case, actor=actor)
    elif event == "reopen":
        services.case_reopen(case=case, actor=actor)
    case.refresh_from_db()
    return _summary(case)
