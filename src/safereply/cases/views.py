"""Case pages. Every view here is also listed in safereply.accounts.access.ACCESS, which
AccessMiddleware enforces before the view runs; views add the object-level rules."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.db.models import Case as When_, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safereply.accounts.models import Organization
from safereply.audit.models import AuditEntry
from safereply.cases import services, workflow
from safereply.cases.forms import DecisionForm, DraftForm, InboxFilterForm, PublishForm, ReportForm, TriageForm
from safereply.cases.models import Case, Report
from safereply.cases.screener import reply_screen, screening_panel
from safereply.errors import SafeReplyError
from safereply.policy.document import TEXTS
from safereply.policy.services import holding_reply_for, policy_targets
from safereply.ratelimit import client_address, rate_limit_hit

RECEIVED_MESSAGE = "Received: the response team has it. Please do not reply or comment yourself."


def _case(request, case_id: int) -> Case:
    """This organization's case, or 404 (another organization's case does not exist here)."""
    return get_object_or_404(
        Case.objects.select_related("organization", "location"), pk=case_id, organization=request.organization
    )


def _report_from_form(form, *, organization, reporter, via, location=None, reporter_name=""):
    data = form.cleaned_data
    return services.report_submit(
        organization=organization,
        reporter=reporter,
        platform=data["platform"],
        url=data["url"],
        poster_name=data["poster_name"],
        post_text=data["post_text"],
        note=data.get("note", ""),
        screenshot=data.get("screenshot"),
        location=location,
        reporter_name=reporter_name,
        via=via,
    )


def report(request):
    organization = request.organization
    form = ReportForm(request.POST or None, request.FILES or None, locations=organization.locations.all())
    if request.method == "POST" and form.is_valid():
        try:
            _report_from_form(form, organization=organization, reporter=request.user,
                              via=Report.Via.ACCOUNT, location=form.cleaned_data.get("location"))
        except SafeReplyError as e:
            form.add_error(None, e.message)
        else:
            return redirect("cases:report_received")
    return render(request, "cases/report.html", {"form": form, "public": False}, status=400 if form.errors else 200)


def report_received(request):
    return render(request, "cases/report_received.html", {"message": RECEIVED_MESSAGE, "public": False})


def my_reports(request):
    # Staff see that each of their reports arrived, and nothing of what happened next.
    reports = Report.objects.filter(reporter=request.user).only("created_at", "platform").order_by("-created_at")
    return render(request, "cases/my_reports.html", {"reports": reports[:100]})


def public_report(request, token: str):
    organization = get_object_or_404(Organization, report_token=token)
    form = ReportForm(request.POST or None, request.FILES or None, with_name=True)
    if request.method == "POST":
        if rate_limit_hit(scope="report-link", key=client_address(request),
                          limit=settings.SAFEREPLY_REPORT_LINK_RATE):
            return render(request, "cases/rate_limited.html", status=429)
        if form.is_valid():
            try:
                _report_from_form(form, organization=organization, reporter=None, via=Report.Via.LINK,
                                  reporter_name=form.cleaned_data.get("reporter_name", ""))
            except SafeReplyError as e:
                form.add_error(None, e.message)
            else:
                return redirect("cases:public_report_received", token=token)
    return render(request, "cases/report.html",
                  {"form": form, "public": True, "organization_name": organization.name},
                  status=400 if form.errors else 200)


def public_report_received(request, token: str):
    organization = get_object_or_404(Organization, report_token=token)
    return render(request, "cases/report_received.html",
                  {"message": RECEIVED_MESSAGE, "public": True, "organization_name": organization.name,
                   "token": token})


SEVERITY_ORDER = When_(
    When(severity="egregious", then=Value(0)), When(severity="high", then=Value(1)),
    When(severity="medium", then=Value(2)), When(severity="low", then=Value(3)),
    default=Value(4), output_field=IntegerField(),
)


def inbox(request):
    organization = request.organization
    form = InboxFilterForm(request.GET or None, organization=organization)
    cases = Case.objects.filter(organization=organization).select_related("location")
    filters = form.cleaned_data if form.is_valid() else {}
    state = filters.get("state") or ""
    if state == "":
        cases = cases.filter(state__in=workflow.OPEN_STATES)
    elif state != "all":
        cases = cases.filter(state=state)
    if filters.get("platform"):
        cases = cases.filter(platform=filters["platform"])
    if filters.get("severity"):
        cases = cases.filter(severity=filters["severity"])
    if filters.get("location"):
        cases = cases.filter(location=filters["location"])
    now = timezone.now()
    age = filters.get("age")
    if age == "old":
        cases = cases.filter(reported_at__lte=now - dt.timedelta(days=30))
    elif age:
        cases = cases.filter(reported_at__gt=now - dt.timedelta(days=int(age)))
    sort = filters.get("sort") or "newest"
    if sort == "oldest":
        cases = cases.order_by("reported_at")
    elif sort == "severity":
        cases = cases.annotate(severity_rank=SEVERITY_ORDER).order_by("severity_rank", "reported_at")
    else:
        cases = cases.order_by("-reported_at")
    rows = list(cases[:500])
    targets = policy_targets(organization.pk)
    for c in rows:
        c._targets = targets
    if sort == "due":
        far = now + dt.timedelta(days=3650)
        rows.sort(key=lambda c: c.due_at() or far)
    return render(request, "cases/inbox.html", {"form": form, "cases": rows, "now": now,
                                                "policy": request.policy,
                                                "overdue": sum(1 for c in rows if c.is_overdue(now))})


def detail(request, case_id: int):
    case = _case(request, case_id)
    services.case_view(case=case, actor=request.user)
    suggested = case.suggested or {}
    triage_form = TriageForm(organization=case.organization, initial={
        "category": case.category or suggested.get("category"),
        "severity": case.severity or suggested.get("severity"),
        "language": case.language,
        "location": case.location_id,
        "clinicians": list(case.clinicians.values_list("pk", flat=True)) or suggested.get("clinicians", []),
        "self_disclosed": "\n".join(case.self_disclosed or suggested.get("self_disclosures", [])),
    })
    draft = case.current_draft()
    context = {
        "case": case,
        "reports": case.reports.select_related("reporter"),
        "suggested": suggested,
        "suggested_clinicians": case.organization.clinicians.filter(pk__in=suggested.get("clinicians", [])),
        "triage_form": triage_form,
        "decision_form": DecisionForm(),
        "publish_form": PublishForm(),
        "draft": draft,
        "approvals": draft.approvals.select_related("approver") if draft else [],
        "missing": services.approvals_missing(case, draft) if draft and case.state == "awaiting_approval" else [],
        "events": workflow.allowed_events(case),
        "audit": AuditEntry.objects.filter(object_type="case", object_id=str(case.pk)).order_by("-id")[:50],
        "can_work": bool(request.roles & {"responder", "risk_manager"}),
        # With a policy in force, only its designated responders draft, approve and publish.
        "designated": request.policy is None or request.policy.may_respond(request.user),
        # Private outreach starts from the policy's approved letter, email and phone script.
        "outreach_texts": _outreach_texts(request.policy) if case.state == "outreach" else [],
    }
    return render(request, "cases/detail.html", context)


def _outreach_texts(policy) -> list[tuple[str, str]]:
    if policy is None:
        return []
    return [(label, policy.text(key)) for key, label in TEXTS.items() if key != "holding_reply"]


def screenshot(request, case_id: int, report_id: int):
    case = _case(request, case_id)
    report = get_object_or_404(Report, pk=report_id, case=case)
    if not report.screenshot:
        raise Http404
    services.audit_record(actor=request.user, action="report.screenshot_viewed", obj=case,
                          data={"report_id": report.pk})
    response = FileResponse(report.screenshot.open("rb"), content_type=report.screenshot_type or "application/octet-stream")
    response["Content-Disposition"] = "inline"
    return response


def _done(request, case: Case, action, success: str):
    try:
        action()
    except SafeReplyError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success)
    return redirect("cases:detail", case_id=case.pk)


@require_POST
def triage(request, case_id: int):
    case = _case(request, case_id)
    form = TriageForm(request.POST, organization=case.organization)
    if not form.is_valid():
        messages.error(request, "Choose a category, a severity and a language.")
        return redirect("cases:detail", case_id=case.pk)
    data = form.cleaned_data
    return _done(request, case, lambda: services.case_triage(
        case=case, actor=request.user, category=data["category"], severity=data["severity"],
        language=data["language"], clinicians=list(data["clinicians"]), location=data["location"],
        self_disclosed=data["self_disclosed"].splitlines()), "Triage recorded.")


@require_POST
def decide(request, case_id: int):
    case = _case(request, case_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how to respond and write down why.")
        return redirect("cases:detail", case_id=case.pk)
    return _done(request, case, lambda: services.case_decide(
        case=case, actor=request.user, decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"]), "Decision recorded.")


def draft(request, case_id: int):
    case = _case(request, case_id)
    current = case.current_draft()
    text = current.text if current else (holding_reply_for(case.organization) or "")
    if request.method == "POST":
        form = DraftForm(request.POST)
        text = request.POST.get("text", "")
        if form.is_valid():
            try:
                services.draft_save(case=case, actor=request.user, text=form.cleaned_data["text"])
                if "submit" in request.POST:
                    services.draft_submit(case=case, actor=request.user)
                    messages.success(request, "Submitted for approval.")
                    return redirect("cases:detail", case_id=case.pk)
                messages.success(request, "Draft saved.")
                return redirect("cases:draft", case_id=case.pk)
            except SafeReplyError as e:
                messages.error(request, e.message)
        else:
            messages.error(request, "A public reply should be short; this one is over 5,000 characters.")
    result = reply_screen(text=text, organization=case.organization, case=case) if text.strip() else None
    return render(request, "cases/draft.html", {"case": case, **screening_panel(text=text, result=result)})


@require_POST
def draft_screen(request, case_id: int):
    """The htmx partial: the screened text with findings highlighted, and the safe alternative.

    With `use=1` the text is the safe alternative: the partial also replaces the textarea.
    """
    case = _case(request, case_id)
    text = services.text_clean(request.POST.get("text", ""))[: services.MAX_REPLY]
    result = reply_screen(text=text, organization=case.organization, case=case) if text else None
    return render(request, "cases/_screening.html", {
        "case": case, **screening_panel(text=text, result=result),
        "replace_textarea": request.POST.get("use") == "1",
    })


@require_POST
def submit(request, case_id: int):
    case = _case(request, case_id)
    return _done(request, case, lambda: services.draft_submit(case=case, actor=request.user), "Submitted for approval.")


@require_POST
def approve(request, case_id: int):
    case = _case(request, case_id)
    return _done(request, case, lambda: services.draft_approve(case=case, actor=request.user), "Approval recorded.")


@require_POST
def send_back(request, case_id: int):
    case = _case(request, case_id)
    return _done(request, case, lambda: services.draft_send_back(case=case, actor=request.user), "Sent back to drafting.")


@require_POST
def publish(request, case_id: int):
    case = _case(request, case_id)
    return _done(request, case, lambda: services.case_publish(
        case=case, actor=request.user, published_url=request.POST.get("published_url", "")), "Marked published.")


@require_POST
def close(request, case_id: int):
    case = _case(request, case_id)
    return _done(request, case, lambda: services.case_close(case=case, actor=request.user), "Case closed.")


@require_POST
def reopen(request, case_id: int):
    case = _case(request, case_id)
    return _done(request, case, lambda: services.case_reopen(case=case, actor=request.user), "Case reopened.")


def reports_summary(request):
    cases = list(Case.objects.filter(organization=request.organization))
    targets = policy_targets(request.organization.pk)
    for c in cases:
        c._targets = targets
    now = timezone.now()
    triage_hours = [
        (c.triaged_at - c.reported_at).total_seconds() / 3600 for c in cases if c.triaged_at
    ]
    context = {
        "total": len(cases),
        "by_state": sorted(Counter(c.state_label for c in cases).items()),
        "by_category": sorted(Counter(c.get_category_display() or "Not triaged" for c in cases).items()),
        "by_severity": sorted(Counter(c.get_severity_display() or "Not triaged" for c in cases).items()),
        "by_platform": sorted(Counter(c.get_platform_display() for c in cases).items()),
        "by_decision": sorted(Counter(c.get_decision_display() for c in cases if c.decision).items()),
        "overdue": sum(1 for c in cases if c.is_overdue(now)),
        "median_triage_hours": round(statistics.median(triage_hours), 1) if triage_hours else None,
    }
    return render(request, "cases/reports_summary.html", context)


def concerns(request):
    # Providers learn that a concern names them, what kind it is and where it stands;
    # never who posted it, what it said, or where.
    cases = (
        Case.objects.filter(organization=request.organization, clinicians__user=request.user)
        .select_related("location").distinct().order_by("-reported_at")
    )
    return render(request, "cases/concerns.html", {"cases": cases})
